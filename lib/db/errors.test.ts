import { describe, expect, it } from "vitest";
import { databaseErrorToAppError } from "@/lib/db/errors";

describe("databaseErrorToAppError", () => {
  it("reads a busy or unreachable database as 503, in the shapes Prisma and node-postgres give", () => {
    const shapes: unknown[] = [
      Object.assign(new Error("Transaction failed due to a write conflict or a deadlock"), { code: "P2034" }),
      Object.assign(new Error("Can't reach database server at 127.0.0.1:5432"), { code: "P1001" }),
      Object.assign(new Error("x"), { cause: { kind: "postgres", originalCode: "57P01" } }),
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
      new Error("Connection terminated unexpectedly"),
      Object.assign(new Error("could not serialize access"), { code: "40001" }),
      Object.assign(new Error("x"), { meta: { code: "08006" } }),
    ];
    for (const shape of shapes) expect(databaseErrorToAppError(shape)?.status, String(shape)).toBe(503);
  });

  it("reads text the engine cannot store as 400", () => {
    const nul = Object.assign(new Error("invalid byte sequence for encoding UTF8: 0x00"), { cause: { originalCode: "22021" } });
    expect(databaseErrorToAppError(nul)).toMatchObject({ code: "BAD_REQUEST", status: 400 });
  });

  it("leaves everything else to the generic 500", () => {
    expect(databaseErrorToAppError(new Error("boom"))).toBeNull();
    expect(databaseErrorToAppError(Object.assign(new Error("Unique constraint"), { code: "P2002" }))).toBeNull();
    expect(databaseErrorToAppError(null)).toBeNull();
  });
});

describe("isSerializationFailure", () => {
  it("recognises PostgreSQL's retryable conflicts in every shape, including a COMMIT refused through the adapter", async () => {
    const { isSerializationFailure } = await import("@/lib/db/transaction");
    expect(isSerializationFailure(Object.assign(new Error("x"), { code: "P2034" }))).toBe(true);
    expect(isSerializationFailure(Object.assign(new Error("x"), { cause: { kind: "TransactionWriteConflict", originalCode: "40001" } }))).toBe(true);
    expect(isSerializationFailure(Object.assign(new Error("x"), { cause: { kind: "postgres", originalCode: "40P01" } }))).toBe(true);
    expect(isSerializationFailure(new Error("could not serialize access due to concurrent update"))).toBe(true);
    expect(isSerializationFailure(Object.assign(new Error("Unique constraint failed"), { code: "P2002" }))).toBe(false);
    expect(isSerializationFailure(new Error("boom"))).toBe(false);
  });
});

describe("isUniqueViolation", () => {
  it("recognises a unique key taken by a concurrent transaction, from Prisma and from the adapter", async () => {
    const { isUniqueViolation } = await import("@/lib/db/transaction");
    expect(isUniqueViolation(Object.assign(new Error("Unique constraint failed"), { code: "P2002" }))).toBe(true);
    expect(isUniqueViolation(Object.assign(new Error("x"), { cause: { kind: "UniqueConstraintViolation" } }))).toBe(true);
    expect(isUniqueViolation(Object.assign(new Error("x"), { cause: { originalCode: "23505" } }))).toBe(true);
    expect(isUniqueViolation(Object.assign(new Error("x"), { code: "P2034" }))).toBe(false);
    expect(isUniqueViolation(new Error("boom"))).toBe(false);
  });
});
