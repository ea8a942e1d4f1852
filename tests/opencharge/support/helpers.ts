import { NextRequest } from "next/server";
import { db } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { sha256Hex, verifyMessage } from "@/lib/opencharge/crypto";
import { clearCounterpartyCache } from "@/lib/opencharge/resolver";
import { TEST_PUBLIC_KEY } from "@/lib/opencharge/test-vectors";
import { writeRegistryFile, type RegistryEntry } from "@/e2e/simulators";

/** The docs' test key is our gateway's key in tests (tests/support/setup-env.ts), OCID 100. */
export const GATEWAY_OCID = 100;
export const GATEWAY_PUBLIC_KEY = TEST_PUBLIC_KEY;
export const APP = "http://localhost:3999";

export const noParams = { params: Promise.resolve({}) };

/** Points OPENCHARGE_REGISTRY at a fresh file and forgets everything resolved so far. */
export function useRegistry(map: Record<number, RegistryEntry>): string {
  const file = writeRegistryFile(map);
  setEnv({ OPENCHARGE_REGISTRY: file });
  return file;
}

export function setEnv(values: Record<string, string | undefined>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetEnvCache();
  clearCounterpartyCache();
}

export function request(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new NextRequest(new URL(url, APP), init);
}

export async function readJson(response: Response): Promise<any> {
  return JSON.parse(await response.text());
}

export async function nonceCount(): Promise<number> {
  return (await db()).requestNonce.count();
}

/** True when the response carries our X-OC-* response signature over its status and exact body (§4.3). */
export async function hasValidResponseSignature(response: Response): Promise<boolean> {
  const body = await response.clone().text();
  const id = response.headers.get("x-oc-id");
  const timestamp = response.headers.get("x-oc-timestamp");
  const signature = response.headers.get("x-oc-signature");
  if (id !== String(GATEWAY_OCID) || !timestamp || !signature) return false;
  return verifyMessage(`${id}\n${timestamp}\n${response.status}\n${sha256Hex(body)}`, signature, GATEWAY_PUBLIC_KEY);
}
