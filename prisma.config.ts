import path from "node:path";
import { loadEnvConfig } from "@next/env";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";

// Prisma's native engines cannot be downloaded here, so migrations run through the JS schema
// engine and the same driver adapter the app uses.
loadEnvConfig(process.cwd());

function sqliteFile(): string {
  const url = process.env.DATABASE_URL || "file:./data/wallet.db";
  if (!url.startsWith("file:")) throw new Error(`DATABASE_URL must be a file: URL, got ${url.split(":")[0]}:`);
  return path.resolve(process.cwd(), url.slice("file:".length));
}

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => new PrismaBetterSQLite3({ url: sqliteFile() }),
});
