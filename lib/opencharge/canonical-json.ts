/**
 * JSON canonicalisation for signed Opencharge objects (orders, proofs, metadata config).
 *
 * The official material uses two incompatible schemes (protocol reference §5):
 *  - "recursive": keys sorted at every depth, no whitespace (RFC 8785-compatible for our data).
 *  - "replacer":  `JSON.stringify(obj, Object.keys(obj).sort())`. A replacer *array* is an allow-list
 *                 applied at every depth, so nested objects keep only keys that also exist at top level
 *                 (order items collapse to `{"id":…}`, proof `from`/`to` become `{}`).
 * We sign with "recursive" by default; verifiers try every mode in CANONICAL_MODES.
 *
 * Signed objects only hold strings, numbers, booleans, null, arrays and objects. Non-finite numbers,
 * bigints, functions and symbols are rejected with a TypeError in both modes rather than being silently
 * turned into `null` / dropped, which would make the signed bytes differ from what the caller meant.
 */

export type CanonicalMode = "recursive" | "replacer";

/** Modes in the order a verifier should try them (the one we sign with first). */
export const CANONICAL_MODES: readonly CanonicalMode[] = Object.freeze(["recursive", "replacer"] as const);

export function canonicalJson(value: unknown, mode: CanonicalMode = "recursive"): string {
  if (mode === "recursive") {
    const out = recursive(value, new Set());
    if (out === undefined) throw new TypeError("canonicalJson: value is not serializable (undefined)");
    return out;
  }
  if (mode === "replacer") {
    assertSerializable(value, new Set());
    const out =
      value !== null && typeof value === "object"
        ? JSON.stringify(value, Object.keys(value).sort())
        : JSON.stringify(value);
    // JSON.stringify's declared return type is `string`, but it returns undefined for e.g. a top-level undefined.
    if (typeof out !== "string") throw new TypeError("canonicalJson: value is not serializable (undefined)");
    return out;
  }
  throw new TypeError(`canonicalJson: unknown mode ${String(mode)}`);
}

/** Applies `toJSON` like JSON.stringify does (e.g. Date → ISO string). */
function applyToJSON(value: unknown, key: string): unknown {
  if (value !== null && typeof value === "object") {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === "function") return (toJSON as (k: string) => unknown).call(value, key);
  }
  return value;
}

function rejectType(value: unknown): never {
  const what = typeof value === "number" ? String(value) : typeof value;
  throw new TypeError(`canonicalJson: cannot canonicalize ${what}`);
}

/** Returns undefined for values that JSON.stringify would omit (only `undefined` here). */
function recursive(input: unknown, stack: Set<object>, key = ""): string | undefined {
  const value = applyToJSON(input, key);
  switch (typeof value) {
    case "undefined":
      return undefined;
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) rejectType(value);
      return JSON.stringify(value);
    case "object":
      break;
    default: // bigint, function, symbol
      rejectType(value);
  }
  if (value === null) return "null";
  if (stack.has(value)) throw new TypeError("canonicalJson: circular structure");
  stack.add(value);
  let out: string;
  if (Array.isArray(value)) {
    out = `[${value.map((v, i) => recursive(v, stack, String(i)) ?? "null").join(",")}]`;
  } else {
    const parts: string[] = [];
    // Default sort = UTF-16 code unit order, the same order JSON.stringify(obj, keys.sort()) uses.
    for (const k of Object.keys(value).sort()) {
      const v = recursive((value as Record<string, unknown>)[k], stack, k);
      if (v !== undefined) parts.push(`${JSON.stringify(k)}:${v}`);
    }
    out = `{${parts.join(",")}}`;
  }
  stack.delete(value);
  return out;
}

/** Same type rules as `recursive`, for the replacer mode where JSON.stringify does the writing. */
function assertSerializable(input: unknown, stack: Set<object>, key = ""): void {
  const value = applyToJSON(input, key);
  switch (typeof value) {
    case "undefined":
    case "string":
    case "boolean":
      return;
    case "number":
      if (!Number.isFinite(value)) rejectType(value);
      return;
    case "object":
      break;
    default:
      rejectType(value);
  }
  if (value === null) return;
  if (stack.has(value)) throw new TypeError("canonicalJson: circular structure");
  stack.add(value);
  if (Array.isArray(value)) value.forEach((v, i) => assertSerializable(v, stack, String(i)));
  else for (const [k, v] of Object.entries(value)) assertSerializable(v, stack, k);
  stack.delete(value);
}
