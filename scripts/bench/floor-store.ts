/** What a floor server's engine-specific store does (scripts/bench/floor-sqlite.ts, floor-postgres.ts). */
export type FloorIntake = {
  nonce: string;
  sessionId: string;
  ocid: number;
  order: { id: string; amount: string; currency: string };
  orderJson: string;
  signature: string;
};

export type FloorStore = {
  /** Fresh pending pay sessions the store created for the load. */
  sessions: string[];
  /** One transaction: nonce, session check, order, guarded consume. Rows consumed (1), 0 when used, -1 when unknown. */
  intake(input: FloorIntake): Promise<number>;
  close(): Promise<void>;
};
