import path from "node:path";

export const E2E_PORT = Number(process.env.E2E_PORT || 3210);
export const E2E_BASE_URL = `http://localhost:${E2E_PORT}`;
// A run on another port gets its own data folder, so two runs at once never wipe each other's database.
export const E2E_DATA_DIR = path.resolve(__dirname, E2E_PORT === 3210 ? "../../data/e2e" : `../../data/e2e-${E2E_PORT}`);
/** `npm run test:pg` runs the suite on PostgreSQL: the app gets a fresh database on that server. */
export const E2E_POSTGRES_SERVER = process.env.TEST_POSTGRES_URL;
export const E2E_POSTGRES_DATABASE = `e2e_${E2E_PORT}`;
export const E2E_DATABASE_URL = E2E_POSTGRES_SERVER
  ? postgresDatabaseUrl(E2E_POSTGRES_SERVER, E2E_POSTGRES_DATABASE)
  : `file:${path.join(E2E_DATA_DIR, "wallet.db")}`;

function postgresDatabaseUrl(server: string, name: string): string {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}
export const E2E_REGISTRY_FILE = path.join(E2E_DATA_DIR, "registry.json");
/** What global-setup started the app with (secrets, OCID, registry, database), so a second instance can share it. */
export const E2E_INSTANCE_ENV_FILE = path.join(E2E_DATA_DIR, "instance-env.json");
/** The gateway's own OCID during e2e runs. */
export const E2E_GATEWAY_OCID = 100;

/** The issuer whose proofs the e2e app accepts at /transfer/webhook and in payment/settle (OPENCHARGE_SETTLEMENT_ACCEPTS). */
export const E2E_SETTLEMENT_ISSUER_OCID = 960;
