/**
 * The Spot object of ../shared/product.md ("Spots: Scan and Pay at a place") as its merchant sees it, and
 * the narrower view of a customer at the spot. `checkIns` and `orders` are those of the spot's current
 * visit (the last one, until the next check-in starts another).
 */
import type { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/lib/db";
import { toPayerView, VIEW_INCLUDE, type Money, type PayerViewJson } from "@/lib/payment-requests/payment-request-view";
import type { PaymentRequestStatus } from "@/lib/payment-requests/status";
import { spotUrl } from "@/lib/spots/spot-ids";

export type SpotOrderStatus = "pending" | "reserved" | "confirmed" | "closed";

/**
 * A spot order's status is its payment request's, in seed 002's words: waiting for the customer
 * (pending), money reserved (reserved), captured (confirmed), or ended without the money (closed:
 * released, cancelled, declined, expired). Derived, never stored, so the two cannot disagree.
 */
const ORDER_STATUS: Record<PaymentRequestStatus, SpotOrderStatus> = {
  CREATED: "pending",
  PROCESSING: "pending",
  INCOMPLETE: "pending",
  PENDING: "reserved",
  DONE: "confirmed",
  ACCEPTED: "confirmed",
  OVERPAID: "confirmed",
  EARLY: "confirmed",
  LATE: "confirmed",
  REFUND: "confirmed",
  REFUNDED: "confirmed",
  FAILED: "closed",
  CANCELLED: "closed",
  EXPIRED: "closed",
  ERROR: "closed",
};

export function spotOrderStatus(requestStatus: string): SpotOrderStatus {
  return ORDER_STATUS[requestStatus as PaymentRequestStatus] ?? "closed";
}

export type LocationJson = { id: string; title: string; description?: string; address?: string; createdAt: string };
export type CheckInJson = { user: { handle: string; name: string | null }; checkedInAt: string };
export type SpotOrderJson = {
  /** The payment request's id. */
  id: string;
  status: SpotOrderStatus;
  /** The payment request's own status (CREATED, PENDING, DONE, FAILED, …). */
  requestStatus: string;
  value: Money | null;
  description?: string;
  attachedAt: string;
};
export type SpotJson = {
  id: string;
  identifier: string;
  status: string;
  location: LocationJson;
  qr: string;
  checkIns: CheckInJson[];
  orders: SpotOrderJson[];
  statusChangedAt: string;
  createdAt: string;
};

/** What a customer at the spot sees: the place, the status, and only their own check-in and orders. */
export type CustomerSpotJson = {
  identifier: string;
  status: string;
  location: Omit<LocationJson, "id" | "createdAt">;
  merchant: { name: string; handle: string };
  checkIns: CheckInJson[];
  orders: Array<{ id: string; status: SpotOrderStatus; request: PayerViewJson }>;
};

type LocationRow = { id: string; title: string; description: string | null; address: string | null; createdAt: Date };

export function toLocationJson(location: LocationRow): LocationJson {
  return {
    id: location.id,
    title: location.title,
    ...(location.description ? { description: location.description } : {}),
    ...(location.address ? { address: location.address } : {}),
    createdAt: location.createdAt.toISOString(),
  };
}

export const SPOT_INCLUDE = { location: true } as const satisfies Prisma.SpotInclude;
type SpotRow = Prisma.SpotGetPayload<{ include: typeof SPOT_INCLUDE }>;

const CHECK_IN_INCLUDE = { user: { select: { handle: true, name: true } } } as const satisfies Prisma.SpotCheckInInclude;
const ORDER_INCLUDE = {
  paymentRequest: { select: { status: true, amount: true, currency: true, description: true } },
} as const satisfies Prisma.SpotOrderInclude;

/** The current visits of these spots, as a filter of check-ins and orders (a spot never checked into has none). */
export const visitsOf = (spots: Array<{ id: string; visit: number }>) =>
  spots.filter((s) => s.visit > 0).map((s) => ({ spotId: s.id, visit: s.visit }));

/** The merchant's view of each spot, with the check-ins and orders of its current visit (three reads however many spots). */
export async function toSpotJsonList(client: Tx, spots: SpotRow[]): Promise<SpotJson[]> {
  const visits = visitsOf(spots);
  const [checkIns, orders] =
    visits.length === 0
      ? [[], []]
      : await Promise.all([
          client.spotCheckIn.findMany({ where: { OR: visits }, include: CHECK_IN_INCLUDE, orderBy: [{ checkedInAt: "asc" }, { id: "asc" }] }),
          client.spotOrder.findMany({ where: { OR: visits }, include: ORDER_INCLUDE, orderBy: [{ attachedAt: "asc" }, { id: "asc" }] }),
        ]);
  const ofVisit = <T extends { spotId: string; visit: number }>(rows: T[], spot: SpotRow) =>
    rows.filter((row) => row.spotId === spot.id && row.visit === spot.visit);
  return spots.map((spot) => ({
    id: spot.id,
    identifier: spot.identifier,
    status: spot.status,
    location: toLocationJson(spot.location),
    qr: spotUrl(spot.token),
    checkIns: ofVisit(checkIns, spot).map(toCheckInJson),
    orders: ofVisit(orders, spot).map((order) => {
      const request = order.paymentRequest;
      return {
        id: order.paymentRequestId,
        status: spotOrderStatus(request.status),
        requestStatus: request.status,
        value: request.amount !== null && request.currency !== null ? { amount: request.amount, currency: request.currency } : null,
        ...(request.description !== null ? { description: request.description } : {}),
        attachedAt: order.attachedAt.toISOString(),
      };
    }),
    statusChangedAt: spot.statusChangedAt.toISOString(),
    createdAt: spot.createdAt.toISOString(),
  }));
}

export async function toSpotJson(client: Tx, spot: SpotRow): Promise<SpotJson> {
  const [json] = await toSpotJsonList(client, [spot]);
  return json!;
}

/**
 * The customer's view: their own check-in and orders only; anyone else at the spot stays unnamed. A
 * visitor who has not signed in (userId null) sees the place and the status.
 */
export async function toCustomerSpotJson(
  client: Tx,
  spot: SpotRow & { merchant: { name: string; handle: string } },
  userId: string | null,
): Promise<CustomerSpotJson> {
  const checkIn =
    spot.visit > 0
      ? await client.spotCheckIn.findUnique({ where: { spotId_visit: { spotId: spot.id, visit: spot.visit } }, include: CHECK_IN_INCLUDE })
      : null;
  const isMine = userId !== null && checkIn?.userId === userId;
  const orders = isMine
    ? await client.spotOrder.findMany({
        where: { spotId: spot.id, visit: spot.visit },
        include: { paymentRequest: { include: VIEW_INCLUDE } },
        orderBy: [{ attachedAt: "asc" }, { id: "asc" }],
      })
    : [];
  return {
    identifier: spot.identifier,
    status: spot.status,
    location: {
      title: spot.location.title,
      ...(spot.location.description ? { description: spot.location.description } : {}),
      ...(spot.location.address ? { address: spot.location.address } : {}),
    },
    merchant: { name: spot.merchant.name, handle: spot.merchant.handle },
    checkIns: isMine && checkIn ? [toCheckInJson(checkIn)] : [],
    orders: orders.map((order) => ({
      id: order.paymentRequestId,
      status: spotOrderStatus(order.paymentRequest.status),
      request: toPayerView(order.paymentRequest, userId),
    })),
  };
}

function toCheckInJson(checkIn: { checkedInAt: Date; user: { handle: string | null; name: string | null } }): CheckInJson {
  return { user: { handle: checkIn.user.handle ?? "", name: checkIn.user.name }, checkedInAt: checkIn.checkedInAt.toISOString() };
}
