/** A second app instance beside the one global-setup started: same database, secrets, gateway identity and registry file. */
import { readFileSync } from "node:fs";
import { startAppServer, type AppServer } from "../../scripts/lib/app-server";
import { E2E_DATA_DIR, E2E_DATABASE_URL, E2E_GATEWAY_OCID, E2E_INSTANCE_ENV_FILE } from "./config";

/** The variables the two instances must share (everything else, e.g. PORT and APP_URL, is the instance's own). */
const SHARED = ["AUTH_SECRET", "OPENCHARGE_OCID", "OPENCHARGE_PRIVATE_KEY", "OPENCHARGE_REGISTRY", "OPENCHARGE_ALLOW_HTTP"] as const;

export async function startSecondInstance(port: number): Promise<AppServer> {
  const first = JSON.parse(readFileSync(E2E_INSTANCE_ENV_FILE, "utf8")) as Record<string, string>;
  if (first.DATABASE_URL !== E2E_DATABASE_URL) throw new Error(`The first instance runs on another database (${first.DATABASE_URL})`);
  const shared = Object.fromEntries(SHARED.filter((name) => first[name] !== undefined).map((name) => [name, first[name]!]));
  return startAppServer({
    port,
    // Its own folder: startAppServer empties it, and the first instance's holds the registry file.
    dataDir: `${E2E_DATA_DIR}-second`,
    gatewayOcid: E2E_GATEWAY_OCID,
    databaseUrl: E2E_DATABASE_URL,
    env: shared,
    log: process.env.E2E_SERVER_LOG === "1",
  });
}
