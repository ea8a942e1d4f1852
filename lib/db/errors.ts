/**
 * Database failures that are not bugs, as the error envelope should tell them: the database is busy or
 * unreachable for a moment (503, nothing changed, send it again) or refused a value no engine-neutral
 * check caught (400). Everything else stays an unexpected 500. The driver errors of both engines, raw or
 * wrapped by Prisma, are recognised here so no other module needs to know their codes.
 */
import { AppError } from "@/lib/errors";

/** Seconds a client should wait before retrying a 503. */
export const RETRY_AFTER_SECONDS = 2;

// Prisma: P1001 can't reach, P1002 timeout, P1008 operation timeout, P1017 server closed the connection,
// P2024 pool timeout, P2028 transaction API (e.g. could not start in time), P2034 write conflict / deadlock.
const PRISMA_UNAVAILABLE = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2028", "P2034"]);
// PostgreSQL SQLSTATEs: 40001 serialization failure, 40P01 deadlock, 53300 too many connections,
// 57P01/57P02/57P03 shutdown / crash / cannot connect now; class 08: connection exceptions.
const PG_UNAVAILABLE = /^(40001|40P01|53300|57P0[123]|08...)$/;
// 22021 invalid byte sequence (e.g. NUL in text), 22P05 untranslatable character.
const PG_BAD_TEXT = /^(22021|22P05)$/;
const NODE_UNAVAILABLE = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "SQLITE_BUSY", "SQLITE_LOCKED"]);
const UNAVAILABLE_TEXT = /Connection terminated|connection timeout|timeout exceeded when trying to connect|Can't reach database server|database system is (starting up|shutting down)|terminating connection due to administrator command|Transaction already closed|Unable to start a transaction/i;

export function databaseErrorToAppError(error: unknown): AppError | null {
  let isUnavailable = false;
  let isBadText = false;
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number) => {
    if (!value || typeof value !== "object" || seen.has(value) || depth > 6) return;
    seen.add(value);
    const e = value as Record<string, unknown>;
    for (const key of ["code", "originalCode", "errorCode", "sqlState"]) {
      const code = e[key];
      if (typeof code !== "string") continue;
      if (PRISMA_UNAVAILABLE.has(code) || PG_UNAVAILABLE.test(code) || NODE_UNAVAILABLE.has(code)) isUnavailable = true;
      if (PG_BAD_TEXT.test(code)) isBadText = true;
    }
    if (typeof e.message === "string") {
      if (UNAVAILABLE_TEXT.test(e.message)) isUnavailable = true;
      if (/invalid byte sequence for encoding|unsupported Unicode escape sequence|\\u0000 cannot be converted/i.test(e.message)) isBadText = true;
    }
    for (const key of ["cause", "meta", "kind"]) visit(e[key], depth + 1);
  };
  visit(error, 0);
  if (isBadText) return new AppError("BAD_REQUEST", "The request contains a character that cannot be stored (a NUL character).");
  if (isUnavailable) {
    return new AppError("SERVICE_UNAVAILABLE", "The service is busy or briefly unavailable. Nothing was changed; please try again in a moment.", {
      details: { retryAfterSeconds: RETRY_AFTER_SECONDS },
    });
  }
  return null;
}
