/**
 * Why a payment request is in its status (`statusReason`, and each `log` entry's `reason`): the one place
 * that words them. The API carries the English text; the pages read it back into a code and its values
 * (`parseStatusReason`) and say it in the reader's language (messages: merchant.reasons). Writing and
 * reading are the same table, so a reason the code can write is always one the pages can translate
 * (status-reasons.test.ts round-trips every kind). Text it does not know (older rows) is shown as it is.
 */
export type StatusReason =
  | { code: "expired" }
  | { code: "holdExpired" }
  | { code: "spotClosed" }
  | { code: "captured" }
  | { code: "cancelled"; reason?: string }
  | { code: "declined"; reason?: string }
  | { code: "released"; reason?: string }
  | { code: "accepted"; reason?: string }
  /** A split payment cancelled: every partial payer refunded in the same transaction. */
  | { code: "cancelledRefunded"; reason?: string; amount: string; currency: string; payers: number }
  | { code: "refunded"; amount: string; currency: string; reference: string }
  | { code: "networkBegin"; ocid: number }
  | { code: "networkTimeout"; ocid: number }
  | { code: "networkLate"; ocid: number }
  | { code: "networkEarly"; ocid: number }
  | { code: "networkOver"; ocid: number }
  | { code: "networkCurrency"; ocid: number; currency: string; requestCurrency: string };

const FIXED = {
  expired: "Not paid before it expired.",
  holdExpired: "The reservation ran out before the merchant captured it; the money went back to the payer.",
  spotClosed: "Cancelled: the merchant closed the visit before it was paid.",
  captured: "Captured by the merchant.",
} as const;

/** The reasons a person may add (merchant or payer): "<prefix>: <their words>" or the plain sentence. */
const WITH_REASON = {
  cancelled: { prefix: "Cancelled by the merchant", plain: "Cancelled by the merchant." },
  declined: { prefix: "Declined by the payer", plain: "Declined by the payer." },
  released: { prefix: "Released by the merchant", plain: "Released by the merchant; the money went back to the payer." },
  accepted: { prefix: "Accepted by the merchant", plain: "Accepted by the merchant as settled." },
} as const;

/** The English text stored and answered by the API. */
export function statusReasonText(reason: StatusReason): string {
  switch (reason.code) {
    case "expired":
    case "holdExpired":
    case "spotClosed":
    case "captured":
      return FIXED[reason.code];
    case "cancelled":
    case "declined":
    case "released":
    case "accepted": {
      const words = WITH_REASON[reason.code];
      return reason.reason ? `${words.prefix}: ${reason.reason}` : words.plain;
    }
    case "cancelledRefunded": {
      const cancelled = statusReasonText({ code: "cancelled", ...(reason.reason ? { reason: reason.reason } : {}) });
      return `${cancelled} ${reason.amount} ${reason.currency} went back to ${reason.payers === 1 ? "the payer" : `${reason.payers} payers`}.`;
    }
    case "refunded":
      return `Refunded ${reason.amount} ${reason.currency} (${reason.reference}).`;
    case "networkBegin":
      return `Being paid through gateway ${reason.ocid}.`;
    case "networkTimeout":
      return `Gateway ${reason.ocid} did not settle its payment in time; open again.`;
    case "networkLate":
      return `Paid through gateway ${reason.ocid} after it expired.`;
    case "networkEarly":
      return `Paid through gateway ${reason.ocid} before it opened.`;
    case "networkOver":
      return `Paid more than the amount through gateway ${reason.ocid}.`;
    case "networkCurrency":
      return `Received ${reason.currency} from gateway ${reason.ocid}, but the request is in ${reason.requestCurrency}: held for the operator.`;
  }
}

const PATTERNS: Array<[RegExp, (m: RegExpMatchArray) => StatusReason | null]> = [
  [
    /^(Cancelled by the merchant(?:\.|: [\s\S]*)) (\d+(?:\.\d+)?) ([A-Z]{3}) went back to (?:the payer|(\d+) payers)\.$/,
    (m) => {
      const cancelled = personReason(m[1]!);
      if (cancelled?.code !== "cancelled") return null;
      return { code: "cancelledRefunded", ...(cancelled.reason ? { reason: cancelled.reason } : {}), amount: m[2]!, currency: m[3]!, payers: m[4] ? Number(m[4]) : 1 };
    },
  ],
  [/^Refunded (\d+(?:\.\d+)?) ([A-Z]{3}) \(([\s\S]*)\)\.$/, (m) => ({ code: "refunded", amount: m[1]!, currency: m[2]!, reference: m[3]! })],
  [/^Being paid through gateway (\d+)\.$/, (m) => ({ code: "networkBegin", ocid: Number(m[1]) })],
  [/^Gateway (\d+) did not settle its payment in time; open again\.$/, (m) => ({ code: "networkTimeout", ocid: Number(m[1]) })],
  [/^Paid through gateway (\d+) after it expired\.$/, (m) => ({ code: "networkLate", ocid: Number(m[1]) })],
  [/^Paid through gateway (\d+) before it opened\.$/, (m) => ({ code: "networkEarly", ocid: Number(m[1]) })],
  [/^Paid more than the amount through gateway (\d+)\.$/, (m) => ({ code: "networkOver", ocid: Number(m[1]) })],
  [
    /^Received ([A-Z]{3}) from gateway (\d+), but the request is in ([A-Z]{3}): held for the operator\.$/,
    (m) => ({ code: "networkCurrency", currency: m[1]!, ocid: Number(m[2]), requestCurrency: m[3]! }),
  ],
];

/**
 * The reason a stored text says, or null for text this table did not write. Patterns first: a cancel that
 * refunded ("Cancelled by the merchant… 4.00 USD went back to the payer.") also starts like a plain cancel.
 */
export function parseStatusReason(text: string): StatusReason | null {
  for (const [code, fixed] of Object.entries(FIXED)) if (text === fixed) return { code } as StatusReason;
  for (const [pattern, read] of PATTERNS) {
    const match = text.match(pattern);
    if (match) return read(match);
  }
  return personReason(text);
}

/** A reason a person gave (or its plain sentence): cancelled, declined, released, accepted. */
function personReason(text: string): StatusReason | null {
  for (const [code, words] of Object.entries(WITH_REASON)) {
    if (text === words.plain) return { code } as StatusReason;
    if (text.startsWith(`${words.prefix}: `)) return { code, reason: text.slice(words.prefix.length + 2) } as StatusReason;
  }
  return null;
}
