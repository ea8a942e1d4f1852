import { db } from "@/lib/db";
import { sha256Hex, verifyMessage } from "@/lib/opencharge/crypto";
import { TEST_PUBLIC_KEY } from "@/lib/opencharge/test-vectors";
import { GATEWAY_OCID } from "@/tests/support/protocol-fixtures";

export { APP, GATEWAY_OCID, setEnv, useRegistry } from "@/tests/support/protocol-fixtures";
export { json as readJson, noParams, request } from "@/tests/support/factories";

/** The docs' test key is our gateway's key in tests (tests/support/setup-env.ts). */
export const GATEWAY_PUBLIC_KEY = TEST_PUBLIC_KEY;

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
