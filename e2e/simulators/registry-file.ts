import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export type RegistryEntry =
  | string
  | {
      metadataUrl: string;
      proofCanonicalMode?: "recursive" | "replacer";
      signatureEncoding?: "rsv" | "compact" | "der";
      requestPath?: "full" | "relative";
      checkoutProofTo?: "merchant" | "gateway";
      /** We hold a reserve at this gateway (settlement out). */
      reserve?: boolean;
      /** We hold an account at this settlement provider (settlement out). */
      provider?: boolean;
    };

/** Writes an OPENCHARGE_REGISTRY file ({"500": "https://…/metadata.json"}) to a new temp directory; returns its path. */
export function writeRegistryFile(map: Record<number, RegistryEntry>): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "opencharge-registry-")), "registry.json");
  writeFileSync(file, JSON.stringify(map, null, 2));
  return file;
}
