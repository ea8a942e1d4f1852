/**
 * A payment request's status as its payer reads it (the request list of /wallet/requests): plain words,
 * never the code. `tone` picks the badge's colour.
 */
export function payerStatus(status: string): { label: string; tone: "open" | "done" | "ended" } {
  switch (status) {
    case "CREATED":
      return { label: "Waiting for you", tone: "open" };
    case "INCOMPLETE":
      return { label: "Partly paid", tone: "open" };
    case "PENDING":
      return { label: "Reserved — the merchant will confirm", tone: "open" };
    case "PROCESSING":
      return { label: "Being paid elsewhere", tone: "open" };
    case "DONE":
    case "ACCEPTED":
    case "OVERPAID":
    case "EARLY":
    case "LATE":
      return { label: "Paid", tone: "done" };
    case "REFUND":
      return { label: "Partly refunded", tone: "done" };
    case "REFUNDED":
      return { label: "Refunded", tone: "ended" };
    case "CANCELLED":
      return { label: "Cancelled", tone: "ended" };
    case "EXPIRED":
      return { label: "Expired", tone: "ended" };
    case "FAILED":
      return { label: "Released — the money is back", tone: "ended" };
    default:
      return { label: "On hold", tone: "ended" };
  }
}

/** Statuses in which our wallet can still pay a request. */
export const PAYABLE_STATUSES: ReadonlySet<string> = new Set(["CREATED", "INCOMPLETE"]);
