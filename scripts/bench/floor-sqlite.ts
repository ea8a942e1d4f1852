/**
 * The floor's SQLite store: better-sqlite3 directly, with the app's durability (WAL, synchronous=FULL), one
 * transaction per intake — record the nonce, check the session, write the order, consume the session.
 */
import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import type { FloorIntake, FloorStore } from "./floor-store";

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

  return {
    sessions,
    intake: async (input) => intake(input),
    close: async () => void database.close(),
  };
}
