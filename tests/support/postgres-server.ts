/**
 * A PostgreSQL server for a test file that needs one whatever engine the suite runs on (db:copy's target):
 * the server of `npm run test:pg` (TEST_POSTGRES_URL) when there is one, else a throwaway cluster of the file's
 * own (scripts/db/pg-cluster.ts). Only when neither is possible (no PostgreSQL binaries) is there none:
 * `postgresUnavailableReason` says why, for describe.skipIf.
 */
import { randomBytes } from "node:crypto";
import { findPostgresBinDir, startThrowawayCluster } from "@/scripts/db/pg-cluster";
import { createDatabase } from "@/tests/support/postgres-databases";

export type PostgresServer = {
  /** A new empty database (name prefix + random suffix); its URL. */
  createDatabase(prefix: string): Promise<string>;
  stop(): Promise<void>;
};

export const postgresUnavailableReason: string | null =
  process.env.TEST_POSTGRES_URL || findPostgresBinDir()
    ? null
    : "no PostgreSQL server: TEST_POSTGRES_URL is unset and the server binaries are absent (apt-get install postgresql, or set PG_BIN_DIR)";

export async function startPostgresServer(): Promise<PostgresServer> {
  const name = (prefix: string) => `${prefix}_${randomBytes(4).toString("hex")}`;
  const shared = process.env.TEST_POSTGRES_URL;
  if (shared) {
    // Named like the run's other databases (…_<TEST_RUN_ID>), so global-setup's teardown drops them.
    return { createDatabase: (prefix) => createDatabase(shared, `${name(prefix)}_${process.env.TEST_RUN_ID}`), stop: async () => {} };
  }
  const cluster = await startThrowawayCluster();
  return { createDatabase: (prefix) => cluster.createDatabase(name(prefix)), stop: () => cluster.stop() };
}
