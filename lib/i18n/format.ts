/**
 * Money, numbers and times in the reader's locale, with Intl. Amounts stay exact: Intl formats the decimal
 * string itself (never a float). Money reads "1,234.50 USD" / "1 234,50 USD" / "1234,50 USD": the number in
 * the locale's style, then the ISO code, which every locale reads the same (a symbol like "$" is ambiguous
 * between dollars). A negative amount uses the minus sign (−), not a hyphen.
 */
import { currencyExponent, formatAmount } from "@/lib/money";

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string, decimals: number): Intl.NumberFormat {
  const key = `${locale}/${decimals}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    numberFormats.set(key, format);
  }
  return format;
}

function exponentOf(currency: string, amount: string): number {
  try {
    return currencyExponent(currency);
  } catch {
    return amount.split(".")[1]?.length ?? 0; // an unknown code: as many decimals as the amount has
  }
}

/** "12.5" or "12.50", "USD", "en" → "12.50 USD"; "lt" → "12,50 USD". */
export function formatMoney(locale: string, amount: string, currency: string): string {
  const decimals = exponentOf(currency, amount);
  // Intl formats a decimal string exactly (ES2023 Intl.NumberFormat v3); the cast is for TypeScript's ES2022 lib.
  const text = numberFormat(locale, decimals).format(amount as unknown as number);
  return `${text.replace(/^-/, "−")} ${currency}`;
}

/** Minor units (BigInt) → formatMoney. */
export function formatMinor(locale: string, minor: bigint, currency: string): string {
  return formatMoney(locale, formatAmount(minor, currency), currency);
}
