import type { PayerViewJson, YoursJson } from "@/lib/payment-requests/payment-request-view";

/** The payer's own money on a request (the payer view's `yours`, present once they moved any). */
export type YourMoney = YoursJson;

/** A payer's view of a request, with what their own money did on it. */
export type PayerRequest = PayerViewJson;

export const isZeroAmount = (amount: string) => /^0+(\.0+)?$/.test(amount);
