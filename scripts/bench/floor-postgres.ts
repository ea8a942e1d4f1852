/**
 * The floor's PostgreSQL store: raw node-postgres on a pool, one transaction per intake — BEGIN, record the
 * nonce, read the session, write the order, consume the session (guarded), COMMIT — and one per payment
 * request created or paid (floor-store.ts), at PostgreSQL's default READ COMMITTED with guarded updates: the
 * statements a straightforward implementation sends, each its own round trip.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { newPaymentRequestId, newPaymentTxid } from "../../lib/payment-requests/payment-request-id";
import { generateShortCode } from "../../lib/payment-requests/short-code";
import type { FloorIntake, FloorPayOutcome, FloorStore } from "./floor-store";

const iso = (ms: number) => new Date(ms).toISOString();
const rowId = () => randomBytes(12).toString("hex");

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

  /** `fn` between BEGIN and COMMIT on one pooled connection; ROLLBACK when it throws or answers `rollback`. */
  async function transaction<T>(fn: (client: pg.PoolClient) => Promise<{ result: T; rollback?: boolean }>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const { result, rollback } = await fn(client);
      await client.query(rollback ? "ROLLBACK" : "COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async function createRequest(input: Parameters<FloorStore["createRequest"]>[0]) {
    for (let attempt = 1; ; attempt++) {
      const id = newPaymentRequestId();
      const shortCode = generateShortCode();
      try {
        return await transaction(async (client) => {
          const at = now();
          await client.query(
            `INSERT INTO "PaymentRequest" ("id", "merchantId", "shortCode", "openShortCode", "currency", "amount", "amountMinor", "status", "expiresAt",
               "expirySeconds", "description", "partialAllowed", "capture", "holdSeconds", "createdAt", "updatedAt")
             VALUES ($1, $2, $3, $3, $4, $5, $6, 'CREATED', $7, $8, $9, false, 'auto', 3600, $10, $10)`,
            [id, input.merchantId, shortCode, input.currency, input.amount, input.amountMinor.toString(), iso(at + input.expirySeconds * 1000), input.expirySeconds, input.description, iso(at)],
          );
          await client.query(`INSERT INTO "PaymentRequestEvent" ("id", "requestId", "status", "createdAt") VALUES ($1, $2, 'CREATED', $3)`, [rowId(), id, iso(at)]);
          return { result: { id, shortCode } };
        });
      } catch (error) {
        // Another open request holds the drawn short code: draw again.
        if (attempt >= 5 || (error as { code?: string }).code !== "23505") throw error;
      }
    }
  }

  function payRequest(id: string, userId: string): Promise<FloorPayOutcome> {
    return transaction<FloorPayOutcome>(async (client) => {
      const found = await client.query<{ merchantId: string; status: string; currency: string; amountMinor: string }>(
        `SELECT "merchantId", "status", "currency", "amountMinor" FROM "PaymentRequest" WHERE "id" = $1`,
        [id],
      );
      const request = found.rows[0];
      if (!request) return { result: { outcome: "not_found" } };
      if (request.status !== "CREATED") return { result: { outcome: "not_payable" } };
      const at = now();
      const amount = BigInt(request.amountMinor).toString(); // bigint columns arrive as decimal strings: no float on the way
      // Guarded by the status read and by the expiry (compared by the server: no time zone parsing here).
      const marked = await client.query(
        `UPDATE "PaymentRequest" SET "status" = 'DONE', "amountPaidMinor" = "amountPaidMinor" + $1, "openShortCode" = NULL, "updatedAt" = $2
         WHERE "id" = $3 AND "status" = 'CREATED' AND "expiresAt" > $2`,
        [amount, iso(at), id],
      );
      if (marked.rowCount !== 1) return { result: { outcome: "not_payable" }, rollback: true };
      await client.query(`INSERT INTO "PaymentRequestEvent" ("id", "requestId", "status", "createdAt") VALUES ($1, $2, 'DONE', $3)`, [rowId(), id, iso(at)]);
      const txid = newPaymentTxid();
      const postingId = rowId();
      await client.query(
        `INSERT INTO "LedgerTransaction" ("id", "kind", "description", "idempotencyKey", "createdAt") VALUES ($1, 'payment_request', 'Payment to bench', $2, $3)`,
        [postingId, `payment_request:${txid}`, iso(at)],
      );
      const payer = await client.query<{ id: string; balance: string }>(
        `UPDATE "LedgerAccount" SET "balance" = "balance" - $1 WHERE "type" = 'user' AND "owner" = $2 AND "currency" = $3 AND "balance" >= $1 RETURNING "id", "balance"`,
        [amount, `user:${userId}`, request.currency],
      );
      if (payer.rowCount !== 1) return { result: { outcome: "insufficient_funds" }, rollback: true };
      const merchant = await client.query<{ id: string; balance: string }>(
        `INSERT INTO "LedgerAccount" ("id", "type", "owner", "currency", "balance", "allowNegative", "createdAt") VALUES ($1, 'merchant', $2, $3, $4, false, $5)
         ON CONFLICT ("type", "owner", "currency") DO UPDATE SET "balance" = "LedgerAccount"."balance" + EXCLUDED."balance" RETURNING "id", "balance"`,
        [rowId(), `merchant:${request.merchantId}`, request.currency, amount, iso(at)],
      );
      await client.query(
        `INSERT INTO "LedgerEntry" ("id", "transactionId", "accountId", "amount", "balanceAfter", "createdAt") VALUES ($1, $2, $3, $4, $5, $6), ($7, $2, $8, $9, $10, $6)`,
        [rowId(), postingId, payer.rows[0]!.id, `-${amount}`, payer.rows[0]!.balance, iso(at), rowId(), merchant.rows[0]!.id, amount, merchant.rows[0]!.balance],
      );
      await client.query(
        `INSERT INTO "PaymentRequestMovement" ("id", "requestId", "type", "txid", "amountMinor", "payerUserId", "state", "createdAt") VALUES ($1, $2, 'payment', $3, $4, $5, 'settled', $6)`,
        [rowId(), id, txid, amount, userId, iso(at)],
      );
      return { result: { outcome: "paid", txid } };
    });
  }

  return {
    sessions,
    intake,
    async merchantOfKey(keyHash) {
      const key = await pool.query<{ merchantId: string; scopes: string }>(`SELECT "merchantId", "scopes" FROM "MerchantApiKey" WHERE "keyHash" = $1 AND "revokedAt" IS NULL`, [keyHash]);
      const row = key.rows[0];
      return row && row.scopes.split(",").includes("payments") ? row.merchantId : null;
    },
    async userOfToken(tokenHash) {
      const token = await pool.query<{ userId: string }>(`SELECT "userId" FROM "PersonalAccessToken" WHERE "tokenHash" = $1 AND "revokedAt" IS NULL`, [tokenHash]);
      return token.rows[0]?.userId ?? null;
    },
    createRequest,
    async readRequest(id, merchantId) {
      const found = await pool.query<{ status: string }>(`SELECT "status" FROM "PaymentRequest" WHERE "id" = $1 AND "merchantId" = $2`, [id, merchantId]);
      return found.rows[0]?.status ?? null;
    },
    payRequest,
    close: () => pool.end(),
  };
}
