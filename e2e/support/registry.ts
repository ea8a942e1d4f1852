import { readFileSync, writeFileSync } from "node:fs";
import { E2E_REGISTRY_FILE } from "./config";

/** Adds counterparties to the running app's OPENCHARGE_REGISTRY file (the app reads it on each lookup). */
export function registerCounterparty(ocid: number, metadataUrl: string, settings: Record<string, string | boolean> = {}) {
  const registry = JSON.parse(readFileSync(E2E_REGISTRY_FILE, "utf8")) as Record<string, unknown>;
  registry[String(ocid)] = Object.keys(settings).length ? { metadataUrl, ...settings } : metadataUrl;
  writeFileSync(E2E_REGISTRY_FILE, JSON.stringify(registry, null, 2));
}

let nextOcid = 5000 + Math.floor(Math.random() * 1000) * 10;
/** A fresh OCID for a simulated counterparty of this run. */
export function freshOcid(): number {
  return nextOcid++;
}
