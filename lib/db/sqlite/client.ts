/** The Prisma client on SQLite: better-sqlite3 through Prisma's driver adapter, one serialised connection. */
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/generated/prisma/client";
import { serializedSqlite, type SerializedSqliteAdapter } from "@/lib/db/sqlite/connection";

export type SqliteHandle = {
  client: PrismaClient;
  /** The connected adapter (for the hot paths' synchronous statements); throws before the first query. */
  adapter(): SerializedSqliteAdapter;
};

export function openSqlite(options: { file: string }): SqliteHandle {
  let connected: SerializedSqliteAdapter | undefined;
  // timeout: SQLite's busy timeout, so a writer from another process (CLI, worker) is waited for.
  const adapter = serializedSqlite(new PrismaBetterSQLite3({ url: options.file, timeout: 10_000 }), (opened) => {
    connected = opened;
  });
  return {
    client: new PrismaClient({ adapter }),
    adapter() {
      if (!connected) throw new Error("The SQLite connection is not open.");
      return connected;
    },
  };
}
