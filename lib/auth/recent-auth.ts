/**
 * Re-authentication before a large payment (PAYMENT_REAUTH_ABOVE, lib/auth/reauth-threshold.ts).
 *
 * The proof that the person at the browser typed the account's password a moment ago is a short-lived
 * HttpOnly cookie: `{userId}.{expiresAt}.{HMAC}` signed with a key derived from AUTH_SECRET. It is bound
 * to the user (another user's proof, e.g. left in a shared browser, does not count), lives five minutes,
 * and is set only by POST /api/wallet/reauth {password} from a browser session (checked like a sign-in,
 * with the same throttle), or by the pages' no-JavaScript pay forms that carry the password.
 *
 * Every user-initiated payment passes `assertPaymentAuthorized` with the amount it is about to debit:
 * the QR-session confirm and the hosted checkout (lib/settlement/pay-merchant-order.ts), a payment
 * request or spot order (lib/payment-requests/pay-payment-request.ts) and a transfer to a handle
 * (lib/wallet/send-money.ts). Above the threshold and without a fresh proof: 403 REAUTH_REQUIRED, and
 * nothing moves.
 *
 * Personal access tokens cannot type a password, so above the threshold they are refused (the same
 * 403 REAUTH_REQUIRED): a leaked token can then move at most threshold-sized amounts, one at a time, and
 * a larger payment is confirmed in a signed-in browser. Below the threshold tokens pay as before.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { NextRequest } from "next/server";
import { isSecureCookie } from "@/lib/auth/auth-options";
import { authenticateWalletRequest } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import { getEnv, requireSecret } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { isAboveReauthThreshold, parseReauthThreshold, reauthLimitFor, type ReauthThreshold } from "@/lib/auth/reauth-threshold";
import { SignInThrottledError, verifyCredentials } from "@/lib/users/verify-credentials";

export const RECENT_AUTH_COOKIE = "oc_reauth";
/** How long a typed password covers payments. */
export const RECENT_AUTH_TTL_SECONDS = 5 * 60;

/** How a payment was asked for: from a browser session (with or without a fresh proof) or with a token. */
export type PaymentAuthorization = { via: "session" | "token"; hasRecentAuth: boolean };

/**
 * What a caller that says nothing gets (scripts, tests, a future route that forgets): the strictest case,
 * so an omission can only refuse a large payment, never let one through.
 */
const UNPROVEN: PaymentAuthorization = { via: "token", hasRecentAuth: false };

function proofKey(): Buffer {
  // A key of its own, derived from AUTH_SECRET: a proof can never pass for a session token or a CSRF hash.
  return createHmac("sha256", requireSecret("AUTH_SECRET")).update("opencharge-wallet/recent-auth/v1").digest();
}

function mac(userId: string, expiresAt: number): string {
  return createHmac("sha256", proofKey()).update(`${userId}.${expiresAt}`).digest("base64url");
}

/** A new proof for `userId`, valid for RECENT_AUTH_TTL_SECONDS from `now`. */
export function signRecentAuthProof(userId: string, now = new Date()): { value: string; expiresAt: number } {
  const expiresAt = Math.floor(now.getTime() / 1000) + RECENT_AUTH_TTL_SECONDS;
  return { value: `${userId}.${expiresAt}.${mac(userId, expiresAt)}`, expiresAt };
}

/** Whether `value` is an unexpired proof made for `userId`. */
export function isRecentAuthProofValid(value: string | undefined | null, userId: string, now = new Date()): boolean {
  if (!value || value.length > 300) return false;
  const parts = value.split(".");
  if (parts.length !== 3) return false;
  const [id, expires, signature] = parts as [string, string, string];
  if (id !== userId || !/^[0-9]{1,12}$/.test(expires)) return false;
  const expiresAt = Number(expires);
  if (expiresAt <= Math.floor(now.getTime() / 1000) || expiresAt > Math.floor(now.getTime() / 1000) + RECENT_AUTH_TTL_SECONDS) return false;
  const expected = Buffer.from(mac(id, expiresAt));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The Set-Cookie header value that carries a proof (HttpOnly, same-site only, five minutes). */
export function recentAuthSetCookie(value: string): string {
  const secure = isSecureCookie() ? "; Secure" : "";
  return `${RECENT_AUTH_COOKIE}=${value}; Path=/; Max-Age=${RECENT_AUTH_TTL_SECONDS}; HttpOnly; SameSite=Strict${secure}`;
}

/**
 * Checks the signed-in user's password again. Wrong → 401 INVALID_CREDENTIALS; too many failures for the
 * email (the sign-in throttle, shared with /login) → 429 RATE_LIMITED. Returns a fresh proof.
 */
export async function confirmPassword(options: { userId: string; password: unknown; now?: Date }): Promise<{ value: string; expiresAt: number }> {
  const client = await db();
  const user = await client.user.findUnique({ where: { id: options.userId }, select: { id: true, email: true } });
  if (!user) throw new AppError("UNAUTHENTICATED", "This account no longer exists.");
  let verified;
  try {
    verified = await verifyCredentials(user.email, options.password);
  } catch (error) {
    if (error instanceof SignInThrottledError) {
      throw new AppError("RATE_LIMITED", "Too many wrong passwords. Try again in 15 minutes.");
    }
    throw error;
  }
  if (!verified || verified.id !== user.id) throw new AppError("INVALID_CREDENTIALS", "The password is not correct.");
  return signRecentAuthProof(user.id, options.now);
}

/** The request's caller for a payment: who, and whether they proved their password a moment ago. */
export async function authenticatePayer(req: NextRequest): Promise<{ userId: string; authorization: PaymentAuthorization }> {
  const userId = await authenticateWalletRequest(req);
  if (req.headers.get("authorization") !== null) return { userId, authorization: { via: "token", hasRecentAuth: false } };
  const proof = req.cookies.get(RECENT_AUTH_COOKIE)?.value;
  return { userId, authorization: { via: "session", hasRecentAuth: isRecentAuthProofValid(proof, userId) } };
}

/** The configured threshold (parsed once per configuration). */
let parsed: { text: string; threshold: ReauthThreshold | null } | undefined;
export function paymentReauthThreshold(): ReauthThreshold | null {
  const text = getEnv().PAYMENT_REAUTH_ABOVE;
  if (parsed?.text !== text) parsed = { text, threshold: parseReauthThreshold(text) };
  return parsed.threshold;
}

/** Whether paying this amount asks for the password (for the pages: they offer the password field up front). */
export function isReauthRequiredFor(amountMinor: bigint, currency: string): boolean {
  return isAboveReauthThreshold(paymentReauthThreshold(), amountMinor, currency);
}

/**
 * The one check every user-initiated payment makes before money moves. Above the threshold a browser
 * session needs a fresh proof and a token is refused: 403 REAUTH_REQUIRED.
 */
export function assertPaymentAuthorized(
  authorization: PaymentAuthorization | undefined = UNPROVEN,
  payment: { amountMinor: bigint; currency: string },
): void {
  const threshold = paymentReauthThreshold();
  if (!isAboveReauthThreshold(threshold, payment.amountMinor, payment.currency)) return;
  if (authorization.via === "session" && authorization.hasRecentAuth) return;
  const limit = reauthLimitFor(threshold, payment.currency);
  const details = { limit, currency: payment.currency, via: authorization.via };
  if (authorization.via === "token") {
    throw new AppError(
      "REAUTH_REQUIRED",
      `Payments above ${limit} ${payment.currency} need the account's password: confirm this one in a signed-in browser.`,
      { details },
    );
  }
  throw new AppError("REAUTH_REQUIRED", `Payments above ${limit} ${payment.currency} need your password: confirm it, then pay again.`, { details });
}
