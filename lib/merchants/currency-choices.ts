import { compareDecimal } from "@/lib/compare-decimal";
import { supportedCurrencies } from "@/lib/money";

/**
 * The currencies a till offers, for the point of sale and the Tables view: first the one the merchant
 * already takes most of (its largest balance, compared exactly), else USD; then its other currencies and
 * the rest.
 */
export function currencyChoices(balances: Array<{ currency: string; amount: string }>): { defaultCurrency: string; currencies: string[] } {
  const held = [...balances].sort((a, b) => compareDecimal(b.amount, a.amount)).map((b) => b.currency);
  const defaultCurrency = held[0] ?? "USD";
  return { defaultCurrency, currencies: [...new Set([defaultCurrency, ...held, "USD", "EUR", "GBP", ...supportedCurrencies()])] };
}
