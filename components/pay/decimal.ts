/** Exact decimal arithmetic on amount strings for display (line items); the server decides every amount. */
function toScaled(value: string): { digits: bigint; scale: number } | null {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(value);
  if (!match) return null;
  const fraction = match[2] ?? "";
  return { digits: BigInt((match[1] ?? "0") + fraction), scale: fraction.length };
}

function fromScaled(digits: bigint, scale: number): string {
  const text = digits.toString().padStart(scale + 1, "0");
  return scale === 0 ? text : `${text.slice(0, -scale)}.${text.slice(-scale)}`;
}

/** "1.50" × 2 → "3.00" (the scale of the unit price kept); null when it is not a plain decimal. */
export function multiplyDecimal(unit: string, quantity: number): string | null {
  const scaled = toScaled(unit);
  if (!scaled || !Number.isSafeInteger(quantity) || quantity < 0) return null;
  return fromScaled(scaled.digits * BigInt(quantity), scaled.scale);
}

/** "3.00" ÷ 2 → "1.50"; null when the division is not exact at that scale (3.00 ÷ 7). */
export function divideDecimalExactly(total: string, quantity: number): string | null {
  const scaled = toScaled(total);
  if (!scaled || !Number.isSafeInteger(quantity) || quantity <= 0) return null;
  const q = BigInt(quantity);
  if (scaled.digits % q !== 0n) return null;
  return fromScaled(scaled.digits / q, scaled.scale);
}

/** What is missing for `amount` given `balance` ("3.00", "8.00" → "5.00"), or null when the balance covers it. */
export function missingAmount(balance: string, amount: string): string | null {
  const b = toScaled(balance);
  const a = toScaled(amount);
  if (!b || !a) return null;
  const scale = Math.max(a.scale, b.scale);
  const have = b.digits * 10n ** BigInt(scale - b.scale);
  const need = a.digits * 10n ** BigInt(scale - a.scale);
  return have >= need ? null : fromScaled(need - have, scale);
}
