/** `npm run scanner:wasm`: puts the QR scanner's decoder into public/scanner/ (run by postinstall, build and start). */
import path from "node:path";
import { copyScannerWasm } from "./lib/scanner-wasm";

copyScannerWasm(path.resolve(__dirname, ".."))
  .then(({ file, copied }) => console.log(`[scanner] ${copied ? "copied" : "up to date:"} ${path.relative(process.cwd(), file)}`))
  .catch((error: unknown) => {
    console.error(`[scanner] ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
