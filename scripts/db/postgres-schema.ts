/**
 * One schema, two engines: prisma/schema.prisma (SQLite) is the source; prisma/postgres/schema.prisma is
 * derived from it by this script, because Prisma fixes the provider per schema file.
 *
 *   tsx scripts/db/postgres-schema.ts           write prisma/postgres/schema.prisma
 *   tsx scripts/db/postgres-schema.ts --check   exit 1 when the committed file differs from what it would write
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(__dirname, "../..");
export const SQLITE_SCHEMA = path.join(root, "prisma/schema.prisma");
export const POSTGRES_SCHEMA = path.join(root, "prisma/postgres/schema.prisma");

/** The PostgreSQL schema text for a SQLite schema text. Throws when the source lacks what it rewrites. */
export function derivePostgresSchema(source: string): string {
  let out = source;
  const replace = (pattern: RegExp, replacement: string, what: string) => {
    if (!pattern.test(out)) throw new Error(`prisma/schema.prisma: cannot find ${what} to derive the PostgreSQL schema`);
    out = out.replace(pattern, replacement);
  };
  replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"', 'provider = "sqlite"');
  // A literal URL: an unset env() makes the 6.19 CLI try to download an engine. The app connects through
  // the driver adapter with DATABASE_URL (lib/db/postgres/).
  replace(/url\s*=\s*"file:[^"]*"/, 'url      = "postgresql://placeholder@localhost:5432/placeholder"', "the datasource's file: url");
  replace(/output\s*=\s*"\.\.\/generated\/prisma"/, 'output       = "../../generated/prisma-postgres"', 'output = "../generated/prisma"');
  const header = [
    "// GENERATED from prisma/schema.prisma by scripts/db/postgres-schema.ts — do not edit by hand.",
    "// Edit prisma/schema.prisma, then `npm run db:new-migration -- <name>` (writes both engines' migrations).",
    "",
  ].join("\n");
  return header + out;
}

function main() {
  const expected = derivePostgresSchema(readFileSync(SQLITE_SCHEMA, "utf8"));
  if (process.argv.includes("--check")) {
    const actual = existsSync(POSTGRES_SCHEMA) ? readFileSync(POSTGRES_SCHEMA, "utf8") : "";
    if (actual !== expected) {
      console.error("prisma/postgres/schema.prisma is out of date with prisma/schema.prisma: run `npx tsx scripts/db/postgres-schema.ts` (npm run db:new-migration does it).");
      process.exit(1);
    }
    return;
  }
  mkdirSync(path.dirname(POSTGRES_SCHEMA), { recursive: true });
  writeFileSync(POSTGRES_SCHEMA, expected);
}

if (require.main === module) main();
