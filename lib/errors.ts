/**
 * One error vocabulary for the wallet API and the Opencharge protocol.
 * Every API error leaves the server as {"error":{"code","message","details"?}} with the status below.
 */
export const ERROR_STATUS = {
  // General
  BAD_REQUEST: 400,
  INVALID_JSON: 400,
  VALIDATION_ERROR: 400,
  INVALID_AMOUNT: 400,
  UNSUPPORTED_CURRENCY: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_STATE: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTERNAL_ERROR: 500,
  /** The database is busy or unreachable for a moment: the request changed nothing and may be sent again. */
  SERVICE_UNAVAILABLE: 503,
  // Accounts
  EMAIL_TAKEN: 409,
  WEAK_PASSWORD: 400,
  INVALID_CREDENTIALS: 401,
  /** A payment above PAYMENT_REAUTH_ABOVE without a fresh password proof (lib/auth/recent-auth.ts): nothing moved. */
  REAUTH_REQUIRED: 403,
  USER_NOT_FOUND: 404,
  // Opencharge protocol (opencharge-protocol.md §11)
  INVALID_SIGNATURE: 401,
  TIMESTAMP_EXPIRED: 401,
  NONCE_REUSED: 401,
  UNKNOWN_OCID: 401,
  UNAUTHORIZED: 401,
  METADATA_UNAVAILABLE: 502,
  INVALID_PROOF: 400,
  PROOF_SIGNATURE_INVALID: 400,
  ISSUER_NOT_ACCEPTED: 400,
  AMOUNT_MISMATCH: 400,
  CURRENCY_MISMATCH: 400,
  TXID_NOT_FOUND: 404,
  TRANSACTION_EXPIRED: 410,
  INSUFFICIENT_FUNDS: 402,
  CAPABILITY_NOT_SUPPORTED: 400,
  RATE_LIMITED: 429,
  CONNECTION_REFUSED: 403,
  SESSION_NOT_FOUND: 404,
  SESSION_EXPIRED: 404,
  SESSION_USED: 410,
  ORDER_EXPIRED: 400,
  ORDER_NOT_FOUND: 404,
  SETTLEMENT_NOT_SUPPORTED: 400,
  ACCOUNT_NOT_FOUND: 400,
  // Orders and payments (ours)
  INVALID_ORDER: 400,
  ORDER_ALREADY_PAID: 409,
  INVALID_REDIRECT_URL: 400,
  /** A payment through a partner gateway or settlement provider failed at one of its hops; the payer's money went back. */
  SETTLEMENT_FAILED: 502,
  // Handles, merchants and payment requests (../shared/product.md "Merchant-presented payments")
  HANDLE_TAKEN: 409,
  IDEMPOTENCY_CONFLICT: 409,
  INVALID_SHORT_CODE: 400,
  LINE_ITEMS_MISMATCH: 400,
  REQUEST_EXPIRED: 410,
  REQUEST_NOT_YET_VALID: 409,
  REQUEST_PAID: 409,
  REQUEST_CANCELLED: 409,
  REPEAT_REFERENCE: 409,
  PAYMENT_NOT_FOUND: 404,
  /** Merchant Gateway API: payment/create names a merchant we do not serve; payment/settle after its expiry. */
  MERCHANT_NOT_REGISTERED: 400,
  PAYMENT_EXPIRED: 400,
  // Spots (../shared/product.md "Spots: Scan and Pay at a place")
  /** Another customer is checked in at the spot (it is waiting or busy) until the merchant closes the visit. */
  SPOT_OCCUPIED: 409,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type ErrorBody = { error: { code: string; message: string; details?: unknown } };

/**
 * Error identity must not depend on which copy of this module made the error: the server loads route
 * modules a second time (server/direct-routes.ts), and an error made by one copy (e.g. a cached metadata
 * failure on globalThis) reaches the other. The brand is a registered symbol, the same in every copy, and
 * `instanceof AppError` is answered from it, so every `instanceof` check in the code base is copy-proof.
 */
const APP_ERROR_BRAND = Symbol.for("opencharge-wallet.AppError");

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details?: unknown;
  readonly [APP_ERROR_BRAND] = true;

  /** `status` overrides the table where the protocol gives one code two statuses (e.g. order signature: 400). */
  constructor(code: ErrorCode, message: string, options: { details?: unknown; status?: number } = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.status = options.status ?? ERROR_STATUS[code];
    this.details = options.details;
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    return isAppError(value);
  }

  toBody(): ErrorBody {
    return errorBody(this);
  }
}

export function isAppError(error: unknown): error is AppError {
  return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[APP_ERROR_BRAND] === true;
}

/** The envelope of an AppError from any module copy (built here, never through the other copy's prototype). */
export function errorBody(error: Pick<AppError, "code" | "message" | "details">): ErrorBody {
  const body: ErrorBody = { error: { code: error.code, message: error.message } };
  if (error.details !== undefined) body.error.details = error.details;
  return body;
}
