/** Whether a decimal amount string ("0.00", "0") is zero: a payer's `yours` lists zeros for what did not happen. */
export const isZeroAmount = (amount: string) => /^0+(\.0+)?$/.test(amount);
