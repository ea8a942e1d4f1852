/** Direct writes to the e2e app's database, for states a test cannot reach in its time (SQLite or PostgreSQL). */
import Database from "better-sqlite3";
import pg from "pg";
import { E2E_DATABASE_URL } from "./config";

/** Moves a pay session's expiry into the past. */
export async function expirePaySession(sessionId: string): Promise<void> {
  const past = new Date(Date.now() - 1000);
  if (E2E_DATABASE_URL.startsWith("file:")) {
    const database = new Database(E2E_DATABASE_URL.slice("file:".length));
    try {
      // The format Prisma's SQLite adapter writes (sqliteDate in lib/db/sqlite/connection.ts).
      database.prepare(`UPDATE "PaySession" SET "expiresAt" = ? WHERE "id" = ?`).run(past.toISOString().replace("Z", "+00:00"), sessionId);
    } finally {
      database.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: E2E_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`UPDATE "PaySession" SET "expiresAt" = $1 WHERE "id" = $2`, [past.toISOString(), sessionId]);
  } finally {
    await client.end();
  }
}
