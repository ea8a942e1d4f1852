/** Starts the app with `npm start` on a fresh database for the Playwright run, and stops it after. */
import { writeFileSync } from "node:fs";
import { startAppServer } from "../../scripts/lib/app-server";
import { createDatabase, dropDatabases } from "../../tests/support/postgres-databases";
import { E2E_DATA_DIR, E2E_DATABASE_URL, E2E_GATEWAY_OCID, E2E_INSTANCE_ENV_FILE, E2E_PORT, E2E_POSTGRES_DATABASE, E2E_POSTGRES_SERVER, E2E_REGISTRY_FILE, E2E_SETTLEMENT_ISSUER_OCID } from "./config";

export default async function globalSetup() {
  if (E2E_POSTGRES_SERVER) {
    await dropDatabases(E2E_POSTGRES_SERVER, E2E_POSTGRES_DATABASE);
    await createDatabase(E2E_POSTGRES_SERVER, E2E_POSTGRES_DATABASE);
  }
  const server = await startAppServer({
    databaseUrl: E2E_DATABASE_URL,
    port: E2E_PORT,
    dataDir: E2E_DATA_DIR,
    gatewayOcid: E2E_GATEWAY_OCID,
    // Payments above 5000 USD ask for the password again (e2e/reauth.spec.ts); every other spec pays less.
    env: { OPENCHARGE_REGISTRY: E2E_REGISTRY_FILE, OPENCHARGE_SETTLEMENT_ACCEPTS: String(E2E_SETTLEMENT_ISSUER_OCID), PAYMENT_REAUTH_ABOVE: "USD:5000" },
    log: process.env.E2E_SERVER_LOG === "1",
  });
  writeFileSync(E2E_REGISTRY_FILE, "{}\n");
  writeFileSync(E2E_INSTANCE_ENV_FILE, JSON.stringify(server.env), { mode: 0o600 });
  return async () => {
    await server.stop();
    if (process.env.E2E_SERVER_LOG === "on-exit") console.log(server.output());
  };
}
