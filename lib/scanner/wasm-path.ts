/**
 * Where the QR scanner's decoder (ZXing compiled to WebAssembly, from the `zxing-wasm` package that
 * `barcode-detector` uses) is served: from our own origin, never from the CDN the package would fetch it
 * from by default (unreachable offline, and it would tell a third party who opens the scanner). The file
 * is copied out of node_modules into public/ by scripts/lib/scanner-wasm.ts (on install, build and start);
 * the version in its name ties it to the JavaScript glue of the same release and lets it be cached forever.
 */
export const SCANNER_WASM_DIR = "scanner";

export const scannerWasmFileName = (zxingWasmVersion: string) => `zxing_reader-${zxingWasmVersion}.wasm`;

export const scannerWasmUrlPath = (zxingWasmVersion: string) => `/${SCANNER_WASM_DIR}/${scannerWasmFileName(zxingWasmVersion)}`;
