/**
 * DATABASE_URL → engine, without going through lib/env.ts: migrations run before the app's environment is
 * complete (npm start, the CLI) and must accept both engines' URLs.
 */
import path from "node:path";
import { MigrationError } from "./migration-error";

export type DatabaseEngine = "sqlite" | "postgresql";

export const DEFAULT_DATABASE_URL = "file:./data/wallet.db";

/** The engine a URL selects; an unknown scheme is a MigrationError naming the accepted ones (and only the scheme). */
export function databaseEngine(url: string): DatabaseEngine {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//i.test(url)) return "postgresql";
  // Only the scheme is quoted: the rest of a URL may hold a password.
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? "(none)";
  throw new MigrationError(
    `DATABASE_URL has an unsupported scheme ${JSON.stringify(scheme)}: use file:./path/to/wallet.db (SQLite) or postgresql://user:password@host:5432/database (PostgreSQL; postgres:// works too).`,
  );
}

/** The SQLite file of a file: URL, relative paths from the working directory (as lib/env.ts and prisma.config.ts do). */
export function sqliteFileFromUrl(url: string): string {
  return path.resolve(process.cwd(), url.slice("file:".length).replace(/\?.*$/, ""));
}

/** host:port of a PostgreSQL URL, for messages: never the user or password. */
export function postgresHostPort(url: string): string {
  try {
    const parsed = new URL(url);
    const host = parsed.hostname || parsed.searchParams.get("host") || "localhost";
    return `${host}:${parsed.port || "5432"}`;
  } catch {
    return "(unparsable URL)";
  }
}

/** A URL fit for logs: the password replaced. */
export function redactDatabaseUrl(url: string): string {
  if (url.startsWith("file:")) return url;
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return `${url.split(":")[0]}://…`;
  }
}
