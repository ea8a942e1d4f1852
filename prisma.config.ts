import path from "node:path";
import { loadEnvConfig } from "@next/env";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

// Prisma's native engines cannot be downloaded here, so the CLI runs the JS schema engine through the same
// driver adapters the app uses, picked by DATABASE_URL like the app does. Apply migrations with
// `npm run db:migrate` (scripts/migrate.ts), not `prisma migrate deploy`: on PostgreSQL that fails here
// (adapter-pg 6.19 lacks the `name` type) and on SQLite it crashes while another process holds the file.
// What works through this file: `prisma migrate status` (both engines), `prisma migrate diff` between
// datamodels, `prisma generate`.
loadEnvConfig(process.cwd());

const url = process.env.DATABASE_URL || "file:./data/wallet.db";
const isPostgres = /^postgres(ql)?:\/\//i.test(url);
if (!isPostgres && !url.startsWith("file:")) {
  throw new Error(`DATABASE_URL must be a file: (SQLite) or postgresql:// URL, got ${url.split(":")[0]}:`);
}

export default isPostgres
  ? defineConfig({
      schema: "prisma/postgres/schema.prisma",
      migrations: { path: "prisma/postgres/migrations" },
      experimental: { adapter: true },
      engine: "js",
      adapter: async () => new PrismaPg({ connectionString: url }),
    })
  : defineConfig({
      schema: "prisma/schema.prisma",
      migrations: { path: "prisma/migrations" },
      experimental: { adapter: true },
      engine: "js",
      adapter: async () => new PrismaBetterSQLite3({ url: path.resolve(process.cwd(), url.slice("file:".length).replace(/\?.*$/, "")) }),
    });
