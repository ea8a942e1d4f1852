/**
 * Another process in a long write transaction (the worker, a CLI command, an app instance): BEGIN IMMEDIATE,
 * one insert, "holding" on stdout, COMMIT after <ms>, then "released". Journal mode wal (the app's) or
 * delete (SQLite's default, a file no app has opened yet).
 *   node --import tsx tests/database/support/hold-sqlite-write-lock.ts <file> <ms> [wal|delete]
 */
import Database from "better-sqlite3";

const [file, ms, journalMode = "wal"] = process.argv.slice(2);
const database = new Database(file!);
database.pragma(`journal_mode = ${journalMode === "delete" ? "DELETE" : "WAL"}`);
database.exec("BEGIN IMMEDIATE");
database.prepare(`INSERT INTO "RequestNonce" ("ocid", "nonce", "createdAt") VALUES (1, 'held', ?)`).run(Date.now());
process.stdout.write("holding\n");
setTimeout(() => {
  database.exec("COMMIT");
  database.close();
  process.stdout.write("released\n");
}, Number(ms));
