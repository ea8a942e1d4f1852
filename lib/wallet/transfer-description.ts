/**
 * A transfer between two wallet users is one posting with one description; each side's history reads it
 * from its own point of view ("Sent to @bob", "Received from @ada"). Handles are only a–z, 0–9 and _ and
 * never change once set, so the description written here is read back exactly, with the memo after it.
 * No imports: the format and its reader live together and nowhere else.
 */
export const USER_TRANSFER_KIND = "user_transfer";

const DESCRIPTION = /^Transfer from @([a-z0-9_]{3,30}) to @([a-z0-9_]{3,30})(?:: (.+))?$/s;

/** The posting's description: `Transfer from @ada to @bob`, then `: <memo>` when there is one. */
export function transferDescription(options: { from: string; to: string; memo?: string }): string {
  return `Transfer from @${options.from} to @${options.to}${options.memo ? `: ${options.memo}` : ""}`;
}

/** The parts of a transfer's description, or null when it is not one. */
export function parseTransferDescription(description: string): { from: string; to: string; memo?: string } | null {
  const match = DESCRIPTION.exec(description);
  if (!match?.[1] || !match[2]) return null;
  return { from: match[1], to: match[2], ...(match[3] ? { memo: match[3] } : {}) };
}

/**
 * How one side's history shows a transfer: the sender (money out) sees "Sent to @bob", the recipient
 * "Received from @ada", each followed by " — <memo>". Null for anything that is not a user transfer.
 */
export function describeTransferForSide(options: { kind: string; description: string; isOutgoing: boolean }): string | null {
  if (options.kind !== USER_TRANSFER_KIND) return null;
  const parts = parseTransferDescription(options.description);
  if (!parts) return null;
  const text = options.isOutgoing ? `Sent to @${parts.to}` : `Received from @${parts.from}`;
  return parts.memo ? `${text} — ${parts.memo}` : text;
}
