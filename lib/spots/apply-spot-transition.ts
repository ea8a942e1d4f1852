/**
 * The one way a spot changes status. Inside the caller's transaction it decides the new status with the
 * state machine (status.ts: `nextSpotStatus` throws the refusal) and writes it with an update guarded by
 * the status and visit the caller read, so of two concurrent check-ins (or closes, or a close and an
 * attach) only one can win. A check-in starts the next visit.
 *
 * A guard that matches nothing means the spot changed after it was read: it is read again and the event
 * is refused as its status now says, or 409 CONFLICT asks the caller to try again.
 */
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isSpotStatus, nextSpotStatus, type SpotEvent, type SpotStatus } from "@/lib/spots/status";

export type SpotState = { id: string; status: string; visit: number };

export async function applySpotTransition(
  tx: Tx,
  options: { spot: SpotState; event: SpotEvent; now: Date },
): Promise<{ status: SpotStatus; visit: number }> {
  const { spot, event, now } = options;
  const status = nextSpotStatus(asSpotStatus(spot.status), event);
  const visit = event === "check_in" ? spot.visit + 1 : spot.visit;
  const written = await tx.spot.updateMany({
    where: { id: spot.id, status: spot.status, visit: spot.visit },
    // statusChangedAt is when the spot entered its status (a second order keeps a busy spot's).
    data: { status, visit, ...(status !== spot.status ? { statusChangedAt: now } : {}) },
  });
  if (written.count !== 1) {
    const current = await tx.spot.findUnique({ where: { id: spot.id }, select: { status: true } });
    if (!current) throw spotNotFound();
    nextSpotStatus(asSpotStatus(current.status), event); // refuses as the status now says
    throw new AppError("CONFLICT", "The spot changed at the same moment; please try again.", { details: { status: current.status } });
  }
  return { status, visit };
}

export function asSpotStatus(value: string): SpotStatus {
  if (!isSpotStatus(value)) throw new Error(`Spot status "${value}" is not in the state machine`);
  return value;
}

export const spotNotFound = () => new AppError("NOT_FOUND", "No such spot.");
export const locationNotFound = () => new AppError("NOT_FOUND", "No such location.");
