/**
 * The floor's PostgreSQL store: raw node-postgres on a pool, one transaction per intake — BEGIN, record the
 * nonce, read the session, write the order, consume the session (guarded), COMMIT — the statements a
 * straightforward implementation sends, each its own round trip.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { FloorIntake, FloorStore } from "./floor-store";

const iso = (ms: number) => new Date(ms).toISOString();

export async function openPostgresFloor(url: string, sessionCount: number, poolSize: number): Promise<FloorStore> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, application_name: "bench-floor" });
  pool.on("error", () => undefined); // an idle connection closed by the server (the bench stopping it) is no crash
  const now = () => Date.now();
  const user = await pool.query<{ id: string }>(`SELECT "id" FROM "User" LIMIT 1`);
  const userId = user.rows[0]?.id;
  if (!userId) throw new Error("the floor needs the bench user in the database");
  const sessions = Array.from({ length: sessionCount }, () => randomBytes(20).toString("hex"));
  for (let i = 0; i < sessions.length; i += 1000) {
    const ids = sessions.slice(i, i + 1000);
    await pool.query(
      `INSERT INTO "PaySession" ("id", "userId", "status", "expiresAt", "createdAt", "updatedAt")
       SELECT id, $2, 'pending', $3, $4, $4 FROM unnest($1::text[]) AS id`,
      [ids, userId, iso(now() + 3600_000), iso(now())],
    );
  }

  async function intake(input: FloorIntake): Promise<number> {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      await client.query(`INSERT INTO "RequestNonce" ("ocid", "nonce", "createdAt") VALUES ($1, $2, $3)`, [input.ocid, input.nonce, iso(now())]);
      const session = await client.query(`SELECT "status", "expiresAt" FROM "PaySession" WHERE "id" = $1`, [input.sessionId]);
      if (session.rowCount === 0) {
        await client.query("COMMIT");
        return -1;
      }
      const id = randomBytes(12).toString("hex");
      await client.query(
        `INSERT INTO "PaymentOrder" ("id", "source", "merchantOcid", "merchantName", "merchantOrderId", "orderJson", "signature", "amount", "currency", "amountMinor", "expiresAt", "senderOcid", "status", "createdAt", "updatedAt")
         VALUES ($1, 'pay_session', $2, 'bench', $3, $4, $5, $6, $7, 1000, $8, $2, 'pending', $9, $9)`,
        [id, input.ocid, input.order.id, input.orderJson, input.signature, input.order.amount, input.order.currency, iso(now() + 900_000), iso(now())],
      );
      const consumed = await client.query(`UPDATE "PaySession" SET "status" = 'order_received', "orderId" = $1, "updatedAt" = $2 WHERE "id" = $3 AND "status" = 'pending'`, [
        id,
        iso(now()),
        input.sessionId,
      ]);
      await client.query("COMMIT");
      return consumed.rowCount ?? 0;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  return { sessions, intake, close: () => pool.end() };
}
