/**
 * The tone of a payment request's status badge as its payer sees it (the request list of /wallet/requests):
 * open, done or ended. The words are the page's own (messages: wallet.requests.status).
 */
export function payerStatus(status: string): { tone: "open" | "done" | "ended" } {
  switch (status) {
    case "CREATED":
      return { tone: "open" };
    case "INCOMPLETE":
      return { tone: "open" };
    case "PENDING":
      return { tone: "open" };
    case "PROCESSING":
      return { tone: "open" };
    case "DONE":
    case "ACCEPTED":
    case "OVERPAID":
    case "EARLY":
    case "LATE":
      return { tone: "done" };
    case "REFUND":
      return { tone: "done" };
    case "REFUNDED":
      return { tone: "ended" };
    case "CANCELLED":
      return { tone: "ended" };
    case "EXPIRED":
      return { tone: "ended" };
    case "FAILED":
      return { tone: "ended" };
    default:
      return { tone: "ended" };
  }
}

/** Statuses in which our wallet can still pay a request. */
export const PAYABLE_STATUSES: ReadonlySet<string> = new Set(["CREATED", "INCOMPLETE"]);
