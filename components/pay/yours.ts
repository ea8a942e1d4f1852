import type { PayerViewJson } from "@/lib/payment-requests/payment-request-view";

/** The payer's own money on a request (the payer view's `yours`, present once they moved any). */
export type YourMoney = {
  paid: string;
  reserved: string;
  refunded: string;
  movements: Array<{ type: string; txid: string; amount: string; state: string; createdAt: string }>;
};

/** A payer's view of a request with what their own money did on it. */
export type PayerRequest = PayerViewJson & { yours?: YourMoney; statusReason?: string };

export const isZeroAmount = (amount: string) => /^0+(\.0+)?$/.test(amount);
