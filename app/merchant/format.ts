/**
 * Money on the merchant pages, in the reader's locale (lib/i18n/format.ts). An amount-less request names no
 * currency, so its amounts are shown as bare numbers.
 */
import { formatMoney } from "@/lib/i18n/format";

export function money(locale: string, amount: string, currency: string): string {
  return formatMoney(locale, amount, currency).trimEnd();
}

/** The number alone ("1 234,50"), for places that show the currency code apart. */
export function amountOnly(locale: string, amount: string, currency: string): string {
  const text = formatMoney(locale, amount, currency);
  return text.slice(0, text.length - currency.length).trimEnd();
}
