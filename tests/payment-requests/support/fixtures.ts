/**
 * Fixtures of the payment request tests: merchants with API keys, payers with tokens and money, and
 * calls into the route handlers of the merchant and payer endpoints (in process, like tests/wallet).
 */
import { randomBytes } from "node:crypto";
import { NextRequest } from "next/server";
import { expect } from "vitest";
import * as merchantCollection from "@/app/api/payment-requests/route";
import * as merchantOne from "@/app/api/payment-requests/[id]/route";
import * as merchantCancel from "@/app/api/payment-requests/[id]/cancel/route";
import * as merchantCapture from "@/app/api/payment-requests/[id]/capture/route";
import * as merchantRelease from "@/app/api/payment-requests/[id]/release/route";
import * as merchantAccept from "@/app/api/payment-requests/[id]/accept/route";
import * as merchantRefunds from "@/app/api/payment-requests/[id]/refunds/route";
import * as merchantShortCode from "@/app/api/payment-requests/short-code/[shortCode]/route";
import * as payerCollection from "@/app/api/wallet/payment-requests/route";
import * as payerOne from "@/app/api/wallet/payment-requests/[id]/route";
import * as payerPay from "@/app/api/wallet/payment-requests/[id]/pay/route";
import * as payerDecline from "@/app/api/wallet/payment-requests/[id]/decline/route";
import { createAccessToken } from "@/lib/auth/access-tokens";
import { db } from "@/lib/db";
import { checkLedger } from "@/lib/ledger/check-ledger";
import { merchantOwner, userOwner } from "@/lib/ledger/accounts";
import { createMerchant } from "@/lib/merchants/create-merchant";
import { createMerchantApiKey } from "@/lib/merchants/create-merchant-api-key";
import { formatAmount } from "@/lib/money";
import { createUser } from "@/lib/users/create-user";
import { topUpUser } from "@/lib/wallet/top-up-user";

export const APP = "http://localhost:3999";

const suffix = () => randomBytes(4).toString("hex");

/** A wallet user with a handle and a personal access token. */
export async function makePayer(options: { topUp?: { amount: string; currency: string } } = {}) {
  const handle = `payer_${suffix()}`;
  const user = await createUser({ email: `${handle}@example.test`, password: "correct horse battery staple", handle });
  const { token } = await createAccessToken({ userId: user.id });
  if (options.topUp) await topUpUser({ userId: user.id, ...options.topUp });
  return { ...user, handle, token };
}

/** A merchant owned by a fresh user, and an API key of it (scopes: both unless given). */
export async function makeMerchantWithKey(options: { name?: string; scopes?: string[] } = {}) {
  const owner = await makePayer();
  const merchant = await createMerchant({ ownerId: owner.id, name: options.name ?? `Shop ${suffix()}`, handle: `shop_${suffix()}` });
  const key = await createMerchantApiKey({ merchantId: merchant.id, ownerId: owner.id, name: "Till", scopes: options.scopes });
  return { owner, merchant, key: key.key, keyId: key.id };
}

type Init = { token?: string | null; body?: unknown; headers?: Record<string, string> };

function build(method: "GET" | "POST", path: string, init: Init): NextRequest {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let body: string | undefined;
  if (init.body !== undefined) {
    body = typeof init.body === "string" ? init.body : JSON.stringify(init.body);
    headers["content-type"] = "application/json";
  }
  return new NextRequest(new URL(path, APP), { method, headers, body });
}

const params = (values: Record<string, string> = {}) => ({ params: Promise.resolve(values) });

export type Answer = { status: number; body: any };

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** The merchant endpoints, called as a point of sale would with its key. */
export const merchantApi = {
  create: async (token: string | null, body: unknown = {}, headers: Record<string, string> = {}) =>
    answer(await merchantCollection.POST(build("POST", "/api/payment-requests", { token, body, headers }), params())),
  list: async (token: string | null, query = "") =>
    answer(await merchantCollection.GET(build("GET", `/api/payment-requests${query}`, { token }), params())),
  get: async (token: string | null, id: string) =>
    answer(await merchantOne.GET(build("GET", `/api/payment-requests/${id}`, { token }), params({ id }))),
  byShortCode: async (token: string | null, shortCode: string) =>
    answer(
      await merchantShortCode.GET(
        build("GET", `/api/payment-requests/short-code/${encodeURIComponent(shortCode)}`, { token }),
        params({ shortCode }),
      ),
    ),
  cancel: async (token: string | null, id: string, body?: unknown) =>
    answer(await merchantCancel.POST(build("POST", `/api/payment-requests/${id}/cancel`, { token, body }), params({ id }))),
  capture: async (token: string | null, id: string, body?: unknown) =>
    answer(await merchantCapture.POST(build("POST", `/api/payment-requests/${id}/capture`, { token, body }), params({ id }))),
  release: async (token: string | null, id: string, body?: unknown) =>
    answer(await merchantRelease.POST(build("POST", `/api/payment-requests/${id}/release`, { token, body }), params({ id }))),
  accept: async (token: string | null, id: string, body?: unknown) =>
    answer(await merchantAccept.POST(build("POST", `/api/payment-requests/${id}/accept`, { token, body }), params({ id }))),
  refund: async (token: string | null, id: string, body?: unknown) =>
    answer(await merchantRefunds.POST(build("POST", `/api/payment-requests/${id}/refunds`, { token, body }), params({ id }))),
};

/** The payer endpoints of the wallet API, with a personal access token. */
export const payerApi = {
  get: async (token: string | null, id: string) =>
    answer(await payerOne.GET(build("GET", `/api/wallet/payment-requests/${id}`, { token }), params({ id }))),
  byCode: async (token: string | null, code: string) =>
    answer(await payerCollection.GET(build("GET", `/api/wallet/payment-requests?code=${encodeURIComponent(code)}`, { token }), params())),
  list: async (token: string | null) => answer(await payerCollection.GET(build("GET", "/api/wallet/payment-requests", { token }), params())),
  pay: async (token: string | null, id: string, body?: unknown, headers: Record<string, string> = {}) =>
    answer(await payerPay.POST(build("POST", `/api/wallet/payment-requests/${id}/pay`, { token, body, headers }), params({ id }))),
  decline: async (token: string | null, id: string, body?: unknown) =>
    answer(await payerDecline.POST(build("POST", `/api/wallet/payment-requests/${id}/decline`, { token, body }), params({ id }))),
};

/** A request created through the API (201 asserted). */
export async function createRequest(key: string, body: unknown = { value: { amount: "12.50", currency: "USD" } }) {
  const created = await merchantApi.create(key, body);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

export async function userBalance(userId: string, currency: string): Promise<string> {
  const client = await db();
  const account = await client.ledgerAccount.findFirst({ where: { type: "user", owner: userOwner(userId), currency } });
  return formatAmount(account?.balance ?? 0n, currency);
}

export async function merchantBalance(merchantId: string, currency: string): Promise<string> {
  const client = await db();
  const account = await client.ledgerAccount.findFirst({ where: { type: "merchant", owner: merchantOwner(merchantId), currency } });
  return formatAmount(account?.balance ?? 0n, currency);
}

/** Moves a request's clock: its expiry (and hold) as if that time had passed. */
export async function backdate(id: string, fields: { expiresAt?: Date; holdExpiresAt?: Date; notBefore?: Date | null }) {
  const client = await db();
  await client.paymentRequest.update({ where: { id }, data: fields });
}

export async function expectLedgerBalanced() {
  const { problems } = await checkLedger();
  expect(problems).toEqual([]);
}

/** Row counts of everything creating or paying a request writes: compared before and after to prove nothing was stored. */
export async function requestCounts() {
  const client = await db();
  return {
    requests: await client.paymentRequest.count(),
    events: await client.paymentRequestEvent.count(),
    movements: await client.paymentRequestMovement.count(),
    postings: await client.ledgerTransaction.count(),
    deliveries: await client.delivery.count(),
    idempotency: await client.idempotencyRecord.count(),
  };
}
