/**
 * Protocol fixtures for integration tests: our metadata served over real HTTP (simulated merchants
 * verify our proofs and request signatures with it), simulated merchants registered through an
 * OPENCHARGE_REGISTRY file, and signed requests into our route handlers.
 */
import { NextRequest } from "next/server";
import { resetEnvCache } from "@/lib/env";
import { clearCounterpartyCache } from "@/lib/opencharge/resolver";
import { serveRouteHandlers } from "@/tests/support/route-server";
import { startSimulatedMerchant, writeRegistryFile } from "@/e2e/simulators";
import type { RegistryEntry } from "@/e2e/simulators";
import type { SimulatedCounterparty } from "@/e2e/simulators/counterparty-server";

export type { SimulatedCounterparty };

/** Our gateway in tests (tests/support/setup-env.ts): OCID 100 with the reference test key. */
export const GATEWAY_OCID = 100;
export const APP = "http://localhost:3999";

/** Our real GET /opencharge/metadata.json over HTTP: simulated counterparties verify our signatures with it. */
export async function startGatewayMetadataServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = await serveRouteHandlers();
  return { url: server.metadataUrl, close: server.close };
}

/** Points OPENCHARGE_REGISTRY at a fresh file with these counterparties and forgets cached metadata. */
export function useRegistry(entries: Record<number, RegistryEntry>): string {
  const file = writeRegistryFile(entries);
  setEnv({ OPENCHARGE_REGISTRY: file });
  return file;
}

/** Changes the environment for the following cases and forgets what was derived from it. */
export function setEnv(values: Record<string, string | undefined>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetEnvCache();
  clearCounterpartyCache();
}

/**
 * Our metadata over HTTP and `count` simulated merchants (OCIDs from `firstOcid`) registered through
 * OPENCHARGE_REGISTRY: what a protocol test file starts in beforeAll and closes in afterAll.
 */
export async function startMerchantWorld(count: number, firstOcid = 500) {
  const metadata = await startGatewayMetadataServer();
  const merchants = await startMerchants(count, metadata.url, firstOcid);
  useRegistry(Object.fromEntries(merchants.map((m) => [m.ocid, m.metadataUrl])));
  return {
    merchants,
    gatewayMetadataUrl: metadata.url,
    async close() {
      for (const merchant of merchants) await merchant.close();
      await metadata.close();
    },
  };
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
  const url = `${APP}${path}`;
  const text = body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body);
  const headers = { ...sender.signHeaders(method, url, text), ...(method === "POST" ? { "content-type": "application/json" } : {}) };
  return new NextRequest(url, { method, headers, ...(method === "POST" ? { body: text } : {}) });
}
