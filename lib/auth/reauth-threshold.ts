/**
 * PAYMENT_REAUTH_ABOVE: above which amount a payment asks for the password again (lib/auth/recent-auth.ts).
 * "100" covers every currency; "USD:100,EUR:90" names currencies, and a bare amount among them
 * ("USD:100,50") covers the others. Empty: never asked. Amounts are exact decimal strings, compared in
 * the currency's minor units, never as floats.
 */
import { compareDecimal } from "@/lib/compare-decimal";
import { currencyExponent, formatAmount } from "@/lib/money";

export type ReauthThreshold = {
  /** The limit for currencies not named (a decimal string), or null: those are never asked. */
  fallback: string | null;
  /** Per-currency limits, upper-case ISO codes → decimal strings. */
  byCurrency: Readonly<Record<string, string>>;
};

const AMOUNT = /^(0|[1-9][0-9]{0,17})(\.[0-9]{1,18})?$/;
const CURRENCY = /^[A-Z]{3}$/;

/** Parses the setting; null = off. Throws an Error that names the bad part (a misconfiguration must not pass silently). */
export function parseReauthThreshold(text: string | undefined | null): ReauthThreshold | null {
  const value = (text ?? "").trim();
  if (value === "") return null;
  let fallback: string | null = null;
  const byCurrency: Record<string, string> = {};
  for (const raw of value.split(",")) {
    const part = raw.trim();
    if (part === "") continue;
    const colon = part.indexOf(":");
    if (colon === -1) {
      if (!AMOUNT.test(part)) throw invalid(part, "is not an amount such as 100 or 99.50");
      if (fallback !== null) throw invalid(part, "is a second amount for every currency");
      fallback = part;
      continue;
    }
    const currency = part.slice(0, colon).trim().toUpperCase();
    const amount = part.slice(colon + 1).trim();
    if (!CURRENCY.test(currency)) throw invalid(part, "does not start with a currency code such as USD");
    if (!AMOUNT.test(amount)) throw invalid(part, "does not end with an amount such as 100 or 99.50");
    if (byCurrency[currency] !== undefined) throw invalid(part, `names ${currency} twice`);
    byCurrency[currency] = amount;
  }
  if (fallback === null && Object.keys(byCurrency).length === 0) return null;
  return { fallback, byCurrency };
}

/** The limit for `currency` (a decimal string), or null when payments in it never ask. */
export function reauthLimitFor(threshold: ReauthThreshold | null, currency: string): string | null {
  if (!threshold) return null;
  return threshold.byCurrency[currency.toUpperCase()] ?? threshold.fallback;
}

/** Whether paying `amountMinor` of `currency` is above the limit (strictly: exactly the limit does not ask). */
export function isAboveReauthThreshold(threshold: ReauthThreshold | null, amountMinor: bigint, currency: string): boolean {
  const limit = reauthLimitFor(threshold, currency);
  if (limit === null) return false;
  let amount: string;
  try {
    currencyExponent(currency);
    amount = formatAmount(amountMinor, currency);
  } catch {
    return true; // an amount we cannot read against the limit: ask (the payment refuses the currency anyway)
  }
  return compareDecimal(amount, limit) > 0;
}

function invalid(part: string, why: string): Error {
  return new Error(`Invalid configuration: PAYMENT_REAUTH_ABOVE: "${part.slice(0, 40)}" ${why} (use "100" or "USD:100,EUR:90").`);
}
