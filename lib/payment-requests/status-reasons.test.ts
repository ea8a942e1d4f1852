import { describe, expect, it } from "vitest";
import { parseStatusReason, statusReasonText, type StatusReason } from "@/lib/payment-requests/status-reasons";

const EVERY_KIND: StatusReason[] = [
  { code: "expired" },
  { code: "holdExpired" },
  { code: "spotClosed" },
  { code: "captured" },
  { code: "cancelled" },
  { code: "cancelled", reason: "Out of stock: sorry (again)." },
  { code: "declined" },
  { code: "declined", reason: "Not my order" },
  { code: "released" },
  { code: "released", reason: "Customer left" },
  { code: "accepted" },
  { code: "accepted", reason: "Paid the rest in cash" },
  { code: "cancelledRefunded", amount: "4.00", currency: "USD", payers: 1 },
  { code: "cancelledRefunded", reason: "Table left: sorry.", amount: "12.50", currency: "EUR", payers: 3 },
  { code: "refunded", amount: "2.00", currency: "USD", reference: "ref (1)" },
  { code: "networkBegin", ocid: 42 },
  { code: "networkTimeout", ocid: 42 },
  { code: "networkLate", ocid: 42 },
  { code: "networkEarly", ocid: 42 },
  { code: "networkOver", ocid: 42 },
  { code: "networkCurrency", ocid: 42, currency: "EUR", requestCurrency: "USD" },
];

describe("status reasons", () => {
  it.each(EVERY_KIND.map((r) => [statusReasonText(r), r] as const))("%s reads back as what wrote it", (text, reason) => {
    expect(parseStatusReason(text)).toEqual(reason);
  });

  it("keeps the English texts the API has always answered", () => {
    expect(statusReasonText({ code: "cancelled", reason: "x" })).toBe("Cancelled by the merchant: x");
    expect(statusReasonText({ code: "cancelledRefunded", amount: "4.00", currency: "USD", payers: 2 })).toBe(
      "Cancelled by the merchant. 4.00 USD went back to 2 payers.",
    );
    expect(statusReasonText({ code: "refunded", amount: "2.00", currency: "USD", reference: "r1" })).toBe("Refunded 2.00 USD (r1).");
  });

  it("reads text it did not write as nothing", () => {
    expect(parseStatusReason("Something else entirely")).toBeNull();
    expect(parseStatusReason("")).toBeNull();
  });
});
