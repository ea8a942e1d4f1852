/**
 * Money: decimal strings at the edges, integer minor units (BigInt) inside, never floats.
 * The number of minor digits is the ISO 4217 exponent of the currency.
 */
import { AppError } from "@/lib/errors";

// Active ISO 4217 codes with exponent 2, then the exceptions. (Funds and metals codes are not money a wallet holds.)
const TWO_DECIMALS =
  "AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD UYU UZS VES WST XCD XCG YER ZAR ZMW ZWG";
const ZERO_DECIMALS = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF";
const THREE_DECIMALS = "BHD IQD JOD KWD LYD OMR TND";

const EXPONENTS: ReadonlyMap<string, number> = new Map([
  ...TWO_DECIMALS.split(" ").map((c) => [c, 2] as const),
  ...ZERO_DECIMALS.split(" ").map((c) => [c, 0] as const),
  ...THREE_DECIMALS.split(" ").map((c) => [c, 3] as const),
]);

/** At most 18 significant digits, so every amount fits a signed 64-bit integer of minor units. */
export const MAX_DIGITS = 18;

export function isSupportedCurrency(code: string): boolean {
  return EXPONENTS.has(code);
}

const SORTED_CODES = [...EXPONENTS.keys()].sort();

export function supportedCurrencies(): string[] {
  return [...SORTED_CODES];
}

export function currencyExponent(currency: string): number {
  const exponent = EXPONENTS.get(currency);
  if (exponent === undefined) {
    throw new AppError("UNSUPPORTED_CURRENCY", `Unknown currency "${currency}": use an ISO 4217 code such as USD or EUR.`);
  }
  return exponent;
}

const DECIMAL = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;

/**
 * Parses a non-negative decimal string ("15", "15.5", "15.00") into minor units of `currency`.
 * Rejects signs, exponents, spaces, separators, leading zeros, more decimals than the currency has,
 * and more than 18 digits. Callers decide whether zero is allowed.
 */
export function parseAmount(input: string, currency: string): bigint {
  const exponent = currencyExponent(currency);
  if (typeof input !== "string") throw invalid(String(input), "it must be a decimal string such as \"15.00\"");
  const match = DECIMAL.exec(input);
  if (!match) throw invalid(input, "use digits with an optional decimal point, such as \"15.00\" (no signs, spaces or exponents)");
  const whole = match[1] ?? "0";
  const fraction = match[2] ?? "";
  if (fraction.length > exponent) {
    throw invalid(input, exponent === 0 ? `${currency} has no minor unit` : `${currency} has at most ${exponent} decimals`);
  }
  const digits = whole.replace(/^0+/, "") + fraction;
  if (digits.length > MAX_DIGITS) throw invalid(input, `at most ${MAX_DIGITS} digits are supported`);
  return BigInt(whole + fraction.padEnd(exponent, "0"));
}

/** Parses an amount that must be greater than zero (top-ups, payments). */
export function parsePositiveAmount(input: string, currency: string): bigint {
  const minor = parseAmount(input, currency);
  if (minor <= 0n) throw invalid(input, "the amount must be greater than zero");
  return minor;
}

/** Minor units → decimal string with exactly the currency's decimals ("1500", "USD" → "15.00"). */
export function formatAmount(minor: bigint, currency: string): string {
  const exponent = currencyExponent(currency);
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(exponent + 1, "0");
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = exponent > 0 ? `.${digits.slice(digits.length - exponent)}` : "";
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

function invalid(input: string, reason: string): AppError {
  const shown = input.length > 40 ? `${input.slice(0, 40)}…` : input;
  return new AppError("INVALID_AMOUNT", `Invalid amount "${shown}": ${reason}.`, { details: { amount: shown } });
}
