import { expect, it } from "vitest";
import { databaseEngine } from "@/lib/db";
import { onDeliveriesDue, signalDeliveriesDue } from "@/lib/db/wakeups";

const onPostgres = Boolean(process.env.TEST_POSTGRES_URL);

it.skipIf(!onPostgres)("PostgreSQL: a signal after a commit wakes a worker listening on another connection (another process)", async () => {
  expect(databaseEngine()).toBe("postgresql");
  let signals = 0;
  const stop = onDeliveriesDue(() => signals++);
  try {
    // The listener reports once when it starts listening (what was signalled while it was not).
    await expect.poll(() => signals, { timeout: 5_000 }).toBe(1);
    await signalDeliveriesDue();
    await expect.poll(() => signals, { timeout: 5_000 }).toBe(2);
  } finally {
    stop();
  }
  await signalDeliveriesDue();
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(signals).toBe(2); // stopped listening
});

it.skipIf(onPostgres)("SQLite: nothing to listen on, signalling is a harmless no-op (one process; a separate worker polls)", async () => {
  let signals = 0;
  const stop = onDeliveriesDue(() => signals++);
  await signalDeliveriesDue();
  stop();
  expect(signals).toBe(0);
});
