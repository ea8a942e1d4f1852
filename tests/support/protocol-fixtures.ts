/**
 * Protocol fixtures for integration tests: our metadata served over real HTTP (simulated merchants
 * verify our proofs and request signatures with it), simulated merchants registered through an
 * OPENCHARGE_REGISTRY file, and signed requests into our route handlers.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import { resetEnvCache } from "@/lib/env";
import { buildOwnMetadata } from "@/lib/opencharge/metadata";
import { clearCounterpartyCache } from "@/lib/opencharge/resolver";
import { startSimulatedMerchant, writeRegistryFile } from "@/e2e/simulators";
import type { RegistryEntry } from "@/e2e/simulators";
import type { SimulatedCounterparty } from "@/e2e/simulators/counterparty-server";

export type { SimulatedCounterparty };

export const GATEWAY_OCID = 100;

export async function startGatewayMetadataServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.url === "/opencharge/metadata.json") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(buildOwnMetadata()));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/opencharge/metadata.json`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Points OPENCHARGE_REGISTRY at a fresh file with these counterparties and forgets cached metadata. */
export function useRegistry(entries: Record<number, RegistryEntry>) {
  process.env.OPENCHARGE_REGISTRY = writeRegistryFile(entries);
  resetEnvCache();
  clearCounterpartyCache();
}

export async function startMerchants(count: number, gatewayMetadataUrl: string, firstOcid = 500) {
  const merchants: SimulatedCounterparty[] = [];
  for (let i = 0; i < count; i++) {
    merchants.push(await startSimulatedMerchant({ ocid: firstOcid + i, acceptedIssuers: [GATEWAY_OCID], gatewayMetadataUrl, gatewayOcid: GATEWAY_OCID }));
  }
  return merchants;
}

/** A request to one of our protocol routes, signed by `sender` over exactly the bytes sent. */
export function signedRequest(sender: SimulatedCounterparty, method: "GET" | "POST", path: string, body?: unknown) {
  const url = `http://localhost:3999${path}`;
  const text = body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body);
  const headers = { ...sender.signHeaders(method, url, text), ...(method === "POST" ? { "content-type": "application/json" } : {}) };
  return new NextRequest(url, { method, headers, ...(method === "POST" ? { body: text } : {}) });
}
