import { describe, expect, it } from "vitest";
import { postgresTypeForSqlite, sqliteDateValue, toPostgresParameter, ValueError } from "./sqlite-values";
import { orderTables, TableOrderError } from "./table-order";

describe("SQLite values → PostgreSQL parameters", () => {
  it.each([
    ["2026-11-30T17:56:11.584+00:00", "2026-11-30T17:56:11.584Z"], // Prisma's SQLite adapter
    ["2026-11-30T17:56:11.584Z", "2026-11-30T17:56:11.584Z"],
    ["2026-11-30 17:56:11", "2026-11-30T17:56:11.000Z"], // CURRENT_TIMESTAMP: UTC without an offset
    ["2026-11-30 17:56", "2026-11-30T17:56:00.000Z"],
    ["2026-11-30T19:56:11.584+02:00", "2026-11-30T17:56:11.584Z"],
    ["2026-11-30T12:56:11-0500", "2026-11-30T17:56:11.000Z"],
    ["2026-11-30", "2026-11-30T00:00:00.000Z"],
    [1796061371584n, "2026-11-30T17:56:11.584Z"], // integer milliseconds, which Prisma also reads
  ])("reads the date %s as %s", (stored, iso) => {
    expect(sqliteDateValue(stored).toISOString()).toBe(iso);
  });

  it("writes dates as UTC wall-clock text for timestamp columns, whatever the process's time zone", () => {
    expect(toPostgresParameter("2026-11-30T19:56:11.584+02:00", "timestamp")).toBe("2026-11-30 17:56:11.584");
    expect(toPostgresParameter("2026-11-30 17:56:11", "timestamptz")).toBe("2026-11-30T17:56:11.000Z");
  });

  it("keeps 64-bit integers exact and refuses what a column cannot hold", () => {
    expect(toPostgresParameter(12345678901234567n, "int8")).toBe("12345678901234567");
    expect(toPostgresParameter(-9223372036854775808n, "int8")).toBe("-9223372036854775808");
    expect(() => toPostgresParameter(9223372036854775808n, "int8")).toThrow(ValueError);
    expect(toPostgresParameter(2147483647n, "int4")).toBe("2147483647");
    expect(() => toPostgresParameter(2147483648n, "int4")).toThrow(/out of the range of a 32-bit column/);
    expect(() => toPostgresParameter(1.5, "int4")).toThrow(/expected an integer, found a number/);
  });

  it("turns SQLite's 0/1 into booleans and passes NULL through", () => {
    expect(toPostgresParameter(1n, "bool")).toBe(true);
    expect(toPostgresParameter(0n, "bool")).toBe(false);
    expect(() => toPostgresParameter(2n, "bool")).toThrow(/expected a boolean/);
    expect(toPostgresParameter(null, "timestamp")).toBeNull();
    expect(toPostgresParameter(null, "int8")).toBeNull();
  });

  it("names the kind of a bad value, never the value", () => {
    const error = (() => {
      try {
        toPostgresParameter("hunter2-secret", "timestamp");
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error?.message).toBe("expected a date, found text of 14 characters");
    expect(() => toPostgresParameter("x", "tsvector")).toThrow(/does not know how to write PostgreSQL type tsvector/);
  });

  it("maps Prisma's SQLite column types to PostgreSQL's", () => {
    expect(["TEXT", "INTEGER", "BIGINT", "BOOLEAN", "DATETIME", "REAL", "DECIMAL", "BLOB"].map(postgresTypeForSqlite)).toEqual([
      "text",
      "int4",
      "int8",
      "bool",
      "timestamp",
      "float8",
      "numeric",
      "bytea",
    ]);
    expect(postgresTypeForSqlite("GEOMETRY")).toBeUndefined();
  });
});

describe("tables in foreign-key order", () => {
  it("puts every table after the tables it references, alphabetically among equals", () => {
    const references = new Map([
      ["LedgerEntry", new Set(["LedgerAccount", "LedgerTransaction"])],
      ["LedgerAccount", new Set(["User"])],
      ["Token", new Set(["User"])],
    ]);
    expect(orderTables(["Token", "LedgerEntry", "User", "LedgerTransaction", "LedgerAccount", "Nonce"], references)).toEqual([
      "LedgerTransaction",
      "Nonce",
      "User",
      "LedgerAccount",
      "Token",
      "LedgerEntry",
    ]);
  });

  it("refuses what it cannot order rather than guess", () => {
    expect(() => orderTables(["A", "B"], new Map([["A", new Set(["B"])], ["B", new Set(["A"])]]))).toThrow(new TableOrderError("the foreign keys of A, B form a cycle: db:copy cannot order them"));
    expect(() => orderTables(["Tree"], new Map([["Tree", new Set(["Tree"])]]))).toThrow(/Tree references itself/);
    expect(() => orderTables(["A"], new Map([["A", new Set(["Missing"])]]))).toThrow(/A references Missing, which is not among the tables to copy/);
  });
});
