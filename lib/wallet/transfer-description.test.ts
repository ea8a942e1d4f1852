import { describe, expect, it } from "vitest";
import { describeTransferForSide, parseTransferDescription, transferDescription, USER_TRANSFER_KIND } from "@/lib/wallet/transfer-description";

describe("transfer descriptions", () => {
  it("reads back what it wrote, with and without a memo (which may hold anything a memo may)", () => {
    expect(parseTransferDescription(transferDescription({ from: "ada", to: "bob_2" }))).toEqual({ from: "ada", to: "bob_2" });
    const memo = "Rent: March (½) — thanks! to @carol";
    expect(transferDescription({ from: "ada", to: "bob", memo })).toBe(`Transfer from @ada to @bob: ${memo}`);
    expect(parseTransferDescription(transferDescription({ from: "ada", to: "bob", memo }))).toEqual({ from: "ada", to: "bob", memo });
  });

  it("says each side's view of one transfer", () => {
    const description = transferDescription({ from: "ada", to: "bob", memo: "Lunch" });
    expect(describeTransferForSide({ kind: USER_TRANSFER_KIND, description, isOutgoing: true })).toBe("Sent to @bob — Lunch");
    expect(describeTransferForSide({ kind: USER_TRANSFER_KIND, description, isOutgoing: false })).toBe("Received from @ada — Lunch");
    expect(describeTransferForSide({ kind: USER_TRANSFER_KIND, description: transferDescription({ from: "ada", to: "bob" }), isOutgoing: false })).toBe("Received from @ada");
  });

  it("leaves every other posting's words alone", () => {
    expect(describeTransferForSide({ kind: "topup", description: "Transfer from @ada to @bob", isOutgoing: false })).toBeNull();
    expect(describeTransferForSide({ kind: USER_TRANSFER_KIND, description: "Something else", isOutgoing: false })).toBeNull();
    expect(parseTransferDescription("Transfer from @Ada to @bob")).toBeNull();
    expect(parseTransferDescription("Transfer from @ada to @bob:")).toBeNull();
  });
});
