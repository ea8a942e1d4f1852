/**
 * The outbox delivery worker as its own process (`npm run worker`), for operators who run the web
 * server with DELIVERY_WORKER=off. Leases make it safe to run next to the servers' workers too.
 * It checks its configuration and reaches the database before it starts, so a bad DATABASE_URL or an
 * unreachable server is one clear line and exit code 1, not an error every second.
 */
import { loadEnvConfig } from "@next/env";
import { db, disconnectDb } from "../lib/db";
import { DEFAULT_DATABASE_URL, pendingMigrations, redactDatabaseUrl } from "../lib/db/migrations/run-migrations";
import { startDeliveryWorker, stopDeliveryWorker } from "../lib/deliveries/worker";
import { getEnv } from "../lib/env";

async function main() {
  loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });
  // The same checks and words as npm start: an unknown scheme or an unreachable server is one clear line.
  const databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const pending = await pendingMigrations({ databaseUrl });
  if (pending.length > 0) {
    throw new Error(`the database ${redactDatabaseUrl(databaseUrl)} has ${pending.length} pending migration(s): run npm run db:migrate (or npm start) first.`);
  }
  const env = getEnv();
  try {
    const client = await db();
    await client.$queryRawUnsafe("SELECT 1");
  } catch (error) {
    await disconnectDb().catch(() => undefined);
    throw new Error(`cannot reach the database ${redactDatabaseUrl(env.DATABASE_URL)}: ${firstLine(error)}`);
  }
  startDeliveryWorker();
  console.log("[deliveries] worker started");
  // The worker's timer is unref'd inside the server; keep this process alive on its own.
  const keepAlive = setInterval(() => {}, 1 << 30);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      stopDeliveryWorker();
      clearInterval(keepAlive);
      process.exit(0);
    });
  }
}

/** The first line that says something: Prisma's messages can start with a blank line; a bare cause may only have a code. */
function firstLine(error: unknown): string {
  const seen = new Set<unknown>();
  for (let e: unknown = error; e && typeof e === "object" && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    const { message, code } = e as { message?: unknown; code?: unknown };
    // Prisma: "Invalid `prisma.x()` invocation: … Message: `Can't reach database server at …`" — the last line says it.
    const line = typeof message === "string" ? message.split("\n").map((l) => l.trim()).filter(Boolean).at(-1) : undefined;
    if (line) return line;
    if (typeof code === "string") return code;
  }
  return "unknown error";
}

main().catch((error: unknown) => {
  console.error(`[deliveries] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
