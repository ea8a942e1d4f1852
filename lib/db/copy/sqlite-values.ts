/**
 * A value read from SQLite (better-sqlite3 with safe integers: every INTEGER is a BigInt) → the parameter
 * node-postgres sends for a column of PostgreSQL type `type` (pg_type.typname). SQLite stores what Prisma's
 * SQLite adapter writes: DateTime as ISO text ("2026-11-30T17:56:11.584+00:00"; "2026-11-30 17:56:11" from a
 * CURRENT_TIMESTAMP default; Prisma also reads integer milliseconds), Boolean as 0/1, BigInt and Int as integers.
 */

/** A value db:copy cannot convert; the message names the kind of value, never the value (it may be secret). */
export class ValueError extends Error {}

export type PostgresParameter = string | boolean | number | Buffer | null;

/** The PostgreSQL types db:copy converts to, by pg_type.typname. */
export const SUPPORTED_POSTGRES_TYPES = ["text", "varchar", "bpchar", "int2", "int4", "int8", "bool", "timestamp", "timestamptz", "float4", "float8", "numeric", "bytea", "json", "jsonb"] as const;

/** The PostgreSQL type a SQLite column Prisma created holds, by its declared type (Prisma's SQLite mapping). */
export function postgresTypeForSqlite(declared: string): string | undefined {
  const type = declared.trim().toUpperCase().replace(/\s*\(.*$/, "");
  return (
    {
      TEXT: "text",
      INTEGER: "int4",
      BIGINT: "int8",
      BOOLEAN: "bool",
      DATETIME: "timestamp",
      REAL: "float8",
      DECIMAL: "numeric",
      BLOB: "bytea",
      JSONB: "jsonb",
    } as Record<string, string>
  )[type];
}

function kindOf(value: unknown): string {
  if (typeof value === "string") return `text of ${value.length} characters`;
  if (typeof value === "bigint" || typeof value === "number") return "a number";
  if (Buffer.isBuffer(value)) return `${value.length} bytes`;
  return typeof value;
}

const DATE_TEXT = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** A SQLite date (ISO text with or without an offset — none means UTC —, or integer milliseconds) → Date. */
export function sqliteDateValue(value: unknown): Date {
  let date: Date | undefined;
  if (typeof value === "string") {
    const match = DATE_TEXT.exec(value.trim());
    if (match) {
      const [, day, time = "00:00:00", zone = "Z"] = match;
      const offset = /^[+-]\d{2}$/.test(zone) ? `${zone}:00` : /^[+-]\d{4}$/.test(zone) ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
      date = new Date(`${day}T${time.length === 5 ? `${time}:00` : time}${offset.toUpperCase()}`);
    }
  } else if (typeof value === "bigint" || typeof value === "number") {
    date = new Date(Number(value));
  }
  if (!date || Number.isNaN(date.getTime())) throw new ValueError(`expected a date, found ${kindOf(value)}`);
  return date;
}

/** UTC wall-clock text for a `timestamp` (without time zone) column: Prisma keeps UTC there. */
function utcTimestamp(date: Date): string {
  return date.toISOString().replace("T", " ").replace("Z", "");
}

function integerText(value: unknown, bits: 16 | 32 | 64): string {
  let integer: bigint | undefined;
  if (typeof value === "bigint") integer = value;
  else if (typeof value === "number" && Number.isInteger(value)) integer = BigInt(value);
  else if (typeof value === "string" && /^-?\d+$/.test(value.trim())) integer = BigInt(value.trim());
  if (integer === undefined) throw new ValueError(`expected an integer, found ${kindOf(value)}`);
  const limit = 1n << BigInt(bits - 1);
  if (integer < -limit || integer >= limit) throw new ValueError(`an integer out of the range of a ${bits}-bit column`);
  return integer.toString();
}

export function toPostgresParameter(value: unknown, type: string): PostgresParameter {
  if (value === null || value === undefined) return null;
  switch (type) {
    case "text":
    case "varchar":
    case "bpchar":
    case "json":
    case "jsonb":
      if (typeof value === "string") return value;
      if (typeof value === "bigint" || typeof value === "number") return String(value);
      throw new ValueError(`expected text, found ${kindOf(value)}`);
    case "int2":
      return integerText(value, 16);
    case "int4":
      return integerText(value, 32);
    case "int8":
      return integerText(value, 64);
    case "bool":
      if (value === 0n || value === 0 || value === "0" || value === "false") return false;
      if (value === 1n || value === 1 || value === "1" || value === "true") return true;
      throw new ValueError(`expected a boolean (0 or 1), found ${kindOf(value)}`);
    case "timestamp":
      return utcTimestamp(sqliteDateValue(value));
    case "timestamptz":
      return sqliteDateValue(value).toISOString();
    case "float4":
    case "float8":
    case "numeric":
      if (typeof value === "number" || typeof value === "bigint") return String(value);
      if (typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value))) return value.trim();
      throw new ValueError(`expected a number, found ${kindOf(value)}`);
    case "bytea":
      if (Buffer.isBuffer(value)) return value;
      throw new ValueError(`expected bytes, found ${kindOf(value)}`);
    default:
      throw new ValueError(`db:copy does not know how to write PostgreSQL type ${type}`);
  }
}
