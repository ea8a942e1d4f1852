/**
 * Copies the QR scanner's WebAssembly decoder out of node_modules into public/scanner/ (see
 * lib/scanner/wasm-path.ts for why it is served from our origin). Idempotent: a file already in place
 * with the package's published SHA-256 is left alone; decoders of other versions are removed.
 */
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { SCANNER_WASM_DIR, scannerWasmFileName } from "../../lib/scanner/wasm-path";

const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

export async function copyScannerWasm(root: string): Promise<{ file: string; copied: boolean }> {
  const { ZXING_WASM_VERSION, ZXING_WASM_SHA256 } = await import("barcode-detector/ponyfill");
  // zxing-wasm as barcode-detector resolves it (it may be nested under barcode-detector's own node_modules).
  const requireFromDetector = createRequire(createRequire(path.join(root, "package.json")).resolve("barcode-detector"));
  const source = requireFromDetector.resolve("zxing-wasm/reader/zxing_reader.wasm");
  if (sha256(source) !== ZXING_WASM_SHA256) {
    throw new Error(`${source} does not match the SHA-256 zxing-wasm ${ZXING_WASM_VERSION} publishes; reinstall node_modules.`);
  }
  const dir = path.join(root, "public", SCANNER_WASM_DIR);
  const name = scannerWasmFileName(ZXING_WASM_VERSION);
  const target = path.join(dir, name);
  mkdirSync(dir, { recursive: true });
  for (const entry of readdirSync(dir)) {
    if (entry !== name && /^zxing_reader-.*\.wasm$/.test(entry)) rmSync(path.join(dir, entry));
  }
  if (existsSync(target) && sha256(target) === ZXING_WASM_SHA256) return { file: target, copied: false };
  copyFileSync(source, target);
  return { file: target, copied: true };
}
