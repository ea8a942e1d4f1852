/** What a floor server's engine-specific store does (scripts/bench/floor-sqlite.ts, floor-postgres.ts). */
export type FloorIntake = {
  nonce: string;
  sessionId: string;
  ocid: number;
  order: { id: string; amount: string; currency: string };
  orderJson: string;
  signature: string;
};

/** A payment request as a till asks for it: a fixed amount (minor units, never a float) of one currency. */
export type FloorRequestInput = {
  merchantId: string;
  amount: string;
  currency: string;
  amountMinor: bigint;
  description: string | null;
  expirySeconds: number;
};

export type FloorPayOutcome = { outcome: "paid"; txid: string } | { outcome: "not_found" | "not_payable" | "insufficient_funds" };

export type FloorStore = {
  /** Fresh pending pay sessions the store created for the load. */
  sessions: string[];
  /** One transaction: nonce, session check, order, guarded consume. Rows consumed (1), 0 when used, -1 when unknown. */
  intake(input: FloorIntake): Promise<number>;
  /** The merchant of a live API key with the `payments` scope, by the key's SHA-256; null otherwise. */
  merchantOfKey(keyHash: string): Promise<string | null>;
  /** The user of a live personal access token, by the token's SHA-256; null otherwise. */
  userOfToken(tokenHash: string): Promise<string | null>;
  /** One transaction: the request row (CREATED, an open short code) and its first log row. */
  createRequest(input: FloorRequestInput): Promise<{ id: string; shortCode: string }>;
  /** The request's status, if it is this merchant's. */
  readRequest(id: string, merchantId: string): Promise<string | null>;
  /**
   * One transaction: read the request, the guarded update CREATED → DONE, its log row, the balanced two-leg
   * posting (the payer's guarded debit, the merchant's credit, both entries) and the request's movement row.
   */
  payRequest(id: string, userId: string): Promise<FloorPayOutcome>;
  close(): Promise<void>;
};
