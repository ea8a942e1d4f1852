/**
 * Reads a QR code from a PNG (a screenshot of what the page shows) with ZXing — the decoder the in-app
 * scanner runs in the browser (`zxing-wasm`, via `barcode-detector`), here in Node with the package's own
 * WebAssembly file, so nothing is fetched.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { prepareZXingModule, readBarcodes } from "zxing-wasm/reader";

let isPrepared = false;

export async function decodeQrCode(png: Buffer): Promise<string[]> {
  if (!isPrepared) {
    const require = createRequire(__filename);
    const wasmFile = require.resolve("zxing-wasm/reader/zxing_reader.wasm");
    const wasm = readFileSync(wasmFile);
    prepareZXingModule({ overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer }, fireImmediately: true });
    isPrepared = true;
  }
  const results = await readBarcodes(new Uint8Array(png), { formats: ["QRCode"], tryHarder: true });
  return results.filter((r) => r.isValid).map((r) => r.text);
}
