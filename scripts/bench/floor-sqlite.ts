/**
 * The floor's SQLite store: better-sqlite3 directly, with the app's durability (WAL, synchronous=FULL), one
 * transaction per intake — record the nonce, check the session, write the order, consume the session — and
 * one per payment request created or paid (floor-store.ts).
 */
import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import { newPaymentRequestId, newPaymentTxid } from "../../lib/payment-requests/payment-request-id";
import { generateShortCode } from "../../lib/payment-requests/short-code";
import type { FloorIntake, FloorPayOutcome, FloorRequestInput, FloorStore } from "./floor-store";

/** Dates as Prisma's adapter writes them (ISO 8601 with "+00:00"), as the app's rows have them. */
const sqliteDate = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");
const rowId = () => randomBytes(12).toString("hex");

class InsufficientFunds extends Error {}

export function openSqliteFloor(file: string, sessionCount: number): FloorStore {
  const database = new Database(file);
  database.pragma("journal_mode = WAL");
  database.pragma("busy_timeout = 10000");
  database.pragma("synchronous = FULL");

  const now = () => Date.now();
  const { id: userId } = database.prepare(`SELECT id FROM User LIMIT 1`).get() as { id: string };
  const insertSession = database.prepare(`INSERT INTO PaySession (id, userId, status, expiresAt, createdAt, updatedAt) VALUES (?, ?, 'pending', ?, ?, ?)`);
  const sessions: string[] = [];
  database.transaction(() => {
    for (let i = 0; i < sessionCount; i++) {
      const id = randomBytes(20).toString("hex");
      insertSession.run(id, userId, now() + 3600_000, now(), now());
      sessions.push(id);
    }
  })();

  const insertNonce = database.prepare(`INSERT INTO RequestNonce (ocid, nonce, createdAt) VALUES (?, ?, ?)`);
  const findSession = database.prepare(`SELECT status, expiresAt FROM PaySession WHERE id = ?`);
  const insertOrder = database.prepare(`INSERT INTO PaymentOrder (id, source, merchantOcid, merchantName, merchantOrderId, orderJson, signature, amount, currency, amountMinor, expiresAt, senderOcid, status, createdAt, updatedAt)
    VALUES (?, 'pay_session', ?, 'bench', ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`);
  const consume = database.prepare(`UPDATE PaySession SET status = 'order_received', orderId = ?, updatedAt = ? WHERE id = ? AND status = 'pending'`);
  const intake = database.transaction((input: FloorIntake) => {
    insertNonce.run(input.ocid, input.nonce, now());
    if (!findSession.get(input.sessionId)) return -1;
    const id = randomBytes(12).toString("hex");
    insertOrder.run(id, input.ocid, input.order.id, input.orderJson, input.signature, input.order.amount, input.order.currency, 1000, now() + 900_000, input.ocid, now(), now());
    return consume.run(id, now(), input.sessionId).changes;
  });

  const findKey = database.prepare(`SELECT "merchantId", "scopes" FROM "MerchantApiKey" WHERE "keyHash" = ? AND "revokedAt" IS NULL`);
  const findToken = database.prepare(`SELECT "userId" FROM "PersonalAccessToken" WHERE "tokenHash" = ? AND "revokedAt" IS NULL`);
  const insertRequest = database.prepare(`INSERT INTO "PaymentRequest" ("id", "merchantId", "shortCode", "openShortCode", "currency", "amount",
      "amountMinor", "status", "expiresAt", "expirySeconds", "description", "partialAllowed", "capture", "holdSeconds", "createdAt", "updatedAt")
    VALUES (?, ?, ?, ?, ?, ?, ?, 'CREATED', ?, ?, ?, 0, 'auto', 3600, ?, ?)`);
  const insertEvent = database.prepare(`INSERT INTO "PaymentRequestEvent" ("id", "requestId", "status", "createdAt") VALUES (?, ?, ?, ?)`);
  const readRequest = database.prepare(`SELECT "status" FROM "PaymentRequest" WHERE "id" = ? AND "merchantId" = ?`);
  const findRequest = database.prepare(`SELECT "merchantId", "status", "currency", "amountMinor" FROM "PaymentRequest" WHERE "id" = ?`).safeIntegers(true);
  // Guarded by the status read and by the expiry (dates in one format compare as text).
  const markPaid = database.prepare(`UPDATE "PaymentRequest" SET "status" = 'DONE', "amountPaidMinor" = "amountPaidMinor" + ?, "openShortCode" = NULL, "updatedAt" = ?
    WHERE "id" = ? AND "status" = 'CREATED' AND "expiresAt" > ?`);
  const insertPosting = database.prepare(`INSERT INTO "LedgerTransaction" ("id", "kind", "description", "idempotencyKey", "createdAt") VALUES (?, 'payment_request', 'Payment to bench', ?, ?)`);
  const debit = database
    .prepare(`UPDATE "LedgerAccount" SET "balance" = "balance" - ? WHERE "type" = 'user' AND "owner" = ? AND "currency" = ? AND "balance" >= ? RETURNING "id", "balance"`)
    .safeIntegers(true);
  const credit = database
    .prepare(`INSERT INTO "LedgerAccount" ("id", "type", "owner", "currency", "balance", "allowNegative", "createdAt") VALUES (?, 'merchant', ?, ?, ?, 0, ?)
      ON CONFLICT ("type", "owner", "currency") DO UPDATE SET "balance" = "balance" + excluded."balance" RETURNING "id", "balance"`)
    .safeIntegers(true);
  const insertEntry = database.prepare(`INSERT INTO "LedgerEntry" ("id", "transactionId", "accountId", "amount", "balanceAfter", "createdAt") VALUES (?, ?, ?, ?, ?, ?)`);
  const insertMovement = database.prepare(`INSERT INTO "PaymentRequestMovement" ("id", "requestId", "type", "txid", "amountMinor", "payerUserId", "state", "createdAt")
    VALUES (?, ?, 'payment', ?, ?, ?, 'settled', ?)`);

  const createRequest = database.transaction((input: FloorRequestInput, shortCode: string) => {
    const id = newPaymentRequestId();
    const at = now();
    insertRequest.run(id, input.merchantId, shortCode, shortCode, input.currency, input.amount, input.amountMinor, sqliteDate(at + input.expirySeconds * 1000), input.expirySeconds, input.description, sqliteDate(at), sqliteDate(at));
    insertEvent.run(rowId(), id, "CREATED", sqliteDate(at));
    return { id, shortCode };
  });

  const payRequest = database.transaction((id: string, userId: string): FloorPayOutcome => {
    const request = findRequest.get(id) as { merchantId: string; status: string; currency: string; amountMinor: bigint } | undefined;
    if (!request) return { outcome: "not_found" };
    if (request.status !== "CREATED") return { outcome: "not_payable" };
    const at = now();
    const amount = request.amountMinor;
    if (markPaid.run(amount, sqliteDate(at), id, sqliteDate(at)).changes !== 1) return { outcome: "not_payable" };
    insertEvent.run(rowId(), id, "DONE", sqliteDate(at));
    const txid = newPaymentTxid();
    const postingId = rowId();
    insertPosting.run(postingId, `payment_request:${txid}`, sqliteDate(at));
    const payer = debit.get(amount, `user:${userId}`, request.currency, amount) as { id: string; balance: bigint } | undefined;
    if (!payer) throw new InsufficientFunds(); // rolls the whole transaction back
    const merchant = credit.get(rowId(), `merchant:${request.merchantId}`, request.currency, amount, sqliteDate(at)) as { id: string; balance: bigint };
    insertEntry.run(rowId(), postingId, payer.id, -amount, payer.balance, sqliteDate(at));
    insertEntry.run(rowId(), postingId, merchant.id, amount, merchant.balance, sqliteDate(at));
    insertMovement.run(rowId(), id, txid, amount, userId, sqliteDate(at));
    return { outcome: "paid", txid };
  });

  return {
    sessions,
    intake: async (input) => intake(input),
    async merchantOfKey(keyHash) {
      const key = findKey.get(keyHash) as { merchantId: string; scopes: string } | undefined;
      return key && key.scopes.split(",").includes("payments") ? key.merchantId : null;
    },
    async userOfToken(tokenHash) {
      return (findToken.get(tokenHash) as { userId: string } | undefined)?.userId ?? null;
    },
    async createRequest(input) {
      for (let attempt = 1; ; attempt++) {
        try {
          return createRequest(input, generateShortCode());
        } catch (error) {
          // Another open request holds the drawn short code: draw again.
          if (attempt >= 5 || (error as { code?: string }).code !== "SQLITE_CONSTRAINT_UNIQUE") throw error;
        }
      }
    },
    readRequest: async (id, merchantId) => (readRequest.get(id, merchantId) as { status: string } | undefined)?.status ?? null,
    async payRequest(id, userId) {
      try {
        return payRequest(id, userId);
      } catch (error) {
        if (error instanceof InsufficientFunds) return { outcome: "insufficient_funds" };
        throw error;
      }
    },
    close: async () => void database.close(),
  };
}
