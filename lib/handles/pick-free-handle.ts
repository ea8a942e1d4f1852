import { randomInt } from "node:crypto";
import type { Tx } from "@/lib/db";
import { withSuffix } from "@/lib/handles/handle-rules";

/**
 * A handle nobody holds yet, made from `base` (a valid handle): the base itself, else the base with a
 * digit suffix (2…9, then random ones). One query checks every candidate.
 *
 * Call it before the transaction that claims the handle, not inside it: a read of the Handle table inside
 * a serializable PostgreSQL transaction makes concurrent claims abort each other. A concurrent claim can
 * still take the candidate between this read and the insert; claimHandle then refuses it and the caller
 * picks again (retryGeneratedHandle).
 */
export async function pickFreeHandle(client: Tx, base: string): Promise<string> {
  const candidates = [
    base,
    ...Array.from({ length: 8 }, (_, i) => withSuffix(base, String(i + 2))),
    ...Array.from({ length: 4 }, () => withSuffix(base, String(randomInt(100, 10_000)))),
    ...Array.from({ length: 4 }, () => withSuffix(base, String(randomInt(10_000, 100_000_000)))),
  ];
  const taken = await client.handle.findMany({ where: { handle: { in: candidates } }, select: { handle: true } });
  const isTaken = new Set(taken.map((row) => row.handle));
  const free = candidates.find((candidate) => !isTaken.has(candidate));
  // Sixteen candidates, eight of them random over a hundred million: all taken means something is wrong.
  if (!free) throw new Error(`No free handle could be generated from "${base}".`);
  return free;
}
