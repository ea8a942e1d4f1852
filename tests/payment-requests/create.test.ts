import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { revokeMerchantApiKey } from "@/lib/merchants/revoke-merchant-api-key";
import { isValidShortCode } from "@/lib/payment-requests/short-code";
import { setEnv } from "@/tests/support/protocol-fixtures";
import { backdate, createRequest, makeMerchantWithKey, makePayer, merchantApi, requestCounts } from "@/tests/payment-requests/support/fixtures";

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

afterEach(() => setEnv({ OPENCHARGE_ALLOW_HTTP: "1", PAYMENT_REQUEST_TTL_SECONDS: undefined }));

describe("POST /api/payment-requests", () => {
  it("creates a request and answers 201 with the whole PaymentRequest object", async () => {
    const { merchant, key } = await makeMerchantWithKey({ name: "Corner Café" });
    const created = await merchantApi.create(key, { value: { amount: "12.50", currency: "USD" } });
    expect(created.status).toBe(201);
    const body = created.body;
    expect(Object.keys(body).sort()).toEqual(
      [
        "id", "shortCode", "url", "merchant", "value", "amountPaid", "amountDue", "amountRefunded", "status", "expiresAt",
        "expirySeconds", "createdAt", "updatedAt", "partialAllowed", "capture", "log", "related",
      ].sort(),
    );
    expect(body.id).toMatch(/^pr_[0-9a-f]{32}$/);
    expect(body.url).toBe(`http://localhost:3999/pay/${body.id}`);
    expect(body.shortCode).toMatch(/^[2-9A-HJ-NP-Z]{2}-[2-9A-HJ-NP-Z]{3}-[2-9A-HJ-NP-Z]{3}$/);
    expect(isValidShortCode(body.shortCode)).toBe(true);
    expect(body.merchant).toEqual({ id: merchant.id, name: "Corner Café", handle: merchant.handle });
    expect(body).toMatchObject({
      value: { amount: "12.50", currency: "USD" },
      amountPaid: "0.00",
      amountDue: "12.50",
      amountRefunded: "0.00",
      status: "CREATED",
      expirySeconds: 120,
      partialAllowed: false,
      capture: "auto",
      related: [],
    });
    for (const time of [body.createdAt, body.updatedAt, body.expiresAt]) expect(time).toMatch(ISO_UTC);
    expect(Date.parse(body.expiresAt) - Date.parse(body.createdAt)).toBe(120_000);
    expect(body.log).toEqual([{ status: "CREATED", createdAt: body.createdAt }]);
    // Read back, it is the same object.
    expect((await merchantApi.get(key, body.id)).body).toEqual(body);
  });

  it("takes every optional field of the contract and shows each back", async () => {
    const { key } = await makeMerchantWithKey();
    const payer = await makePayer();
    const notBefore = new Date(Date.now() + 60_000).toISOString();
    const body = await createRequest(key, {
      value: { amount: "10.00", currency: "EUR" },
      expirySeconds: 600,
      notBefore,
      description: "Table 4",
      externalRef: "order-1001",
      lineItems: [
        { name: "Coffee", qty: 2, price: "6.00" },
        { name: "Cake", qty: 1, price: "4.00" },
      ],
      partialAllowed: true,
      payer: `@${payer.handle.toUpperCase()}`,
      holdSeconds: 900,
      callbackUrl: "https://pos.example/callbacks?till=4",
    });
    expect(body).toMatchObject({
      value: { amount: "10.00", currency: "EUR" },
      expirySeconds: 600,
      notBefore,
      description: "Table 4",
      externalRef: "order-1001",
      lineItems: [
        { name: "Coffee", qty: 2, price: "6.00" },
        { name: "Cake", qty: 1, price: "4.00" },
      ],
      partialAllowed: true,
      payer: payer.handle,
      capture: "auto",
      callbackUrl: "https://pos.example/callbacks?till=4",
    });
    expect(Date.parse(body.expiresAt) - Date.parse(body.createdAt)).toBe(600_000);
  });

  it("creates an amount-less request with value null and nothing due yet; an empty body is one too", async () => {
    const { key } = await makeMerchantWithKey();
    const body = await createRequest(key, { description: "Tips" });
    expect(body).toMatchObject({ value: null, amountPaid: "0", amountDue: null, amountRefunded: "0", status: "CREATED" });
    const empty = await merchantApi.create(key, undefined);
    expect(empty.status).toBe(201);
    expect(empty.body.value).toBeNull();
  });

  it("takes its default expiry from PAYMENT_REQUEST_TTL_SECONDS", async () => {
    setEnv({ PAYMENT_REQUEST_TTL_SECONDS: "300" });
    const { key } = await makeMerchantWithKey();
    const body = await createRequest(key);
    expect(body.expirySeconds).toBe(300);
    expect(Date.parse(body.expiresAt) - Date.parse(body.createdAt)).toBe(300_000);
  });

  it("accepts manual capture", async () => {
    const { key } = await makeMerchantWithKey();
    const body = await createRequest(key, { value: { amount: "5.00", currency: "USD" }, capture: "manual", holdSeconds: 120 });
    expect(body.capture).toBe("manual");
  });

  it("gives every open request its own short code", async () => {
    const { key } = await makeMerchantWithKey();
    const codes = new Set<string>();
    for (let i = 0; i < 25; i++) codes.add((await createRequest(key)).shortCode);
    expect(codes.size).toBe(25);
  });

  describe("authentication", () => {
    it("refuses a missing, malformed, unknown or revoked key and a wallet token with 401, storing nothing", async () => {
      const { owner, merchant, key, keyId } = await makeMerchantWithKey();
      const before = await requestCounts();
      for (const token of [null, "nope", `mk_${"A".repeat(43)}`, owner.token]) {
        const answer = await merchantApi.create(token, { value: { amount: "1.00", currency: "USD" } });
        expect(answer.status, String(token)).toBe(401);
        expect(answer.body.error.code).toBe("UNAUTHENTICATED");
      }
      await revokeMerchantApiKey({ merchantId: merchant.id, ownerId: owner.id, keyId });
      const revoked = await merchantApi.create(key, { value: { amount: "1.00", currency: "USD" } });
      expect(revoked.status).toBe(401);
      expect(revoked.body.error.code).toBe("UNAUTHENTICATED");
      expect(await requestCounts()).toEqual(before);
    });

    it("needs the payments scope to create (403), not to read", async () => {
      const { key: full } = await makeMerchantWithKey();
      const { key: refundsOnly } = await makeMerchantWithKey({ scopes: ["refunds"] });
      const refused = await merchantApi.create(refundsOnly, { value: { amount: "1.00", currency: "USD" } });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe("FORBIDDEN");
      await createRequest(full);
      expect((await merchantApi.list(refundsOnly)).status).toBe(200);
    });
  });

  describe("bad input: 400 in the envelope, nothing stored", () => {
    const expectRefused = async (body: unknown, status: number, code: string) => {
      const { key } = await makeMerchantWithKey();
      const before = await requestCounts();
      const answer = await merchantApi.create(key, body);
      expect(answer.status, JSON.stringify(answer.body)).toBe(status);
      expect(answer.body.error.code).toBe(code);
      expect(typeof answer.body.error.message).toBe("string");
      expect(await requestCounts()).toEqual(before);
      return answer.body.error;
    };

    it.each([
      ["zero", "0"],
      ["zero with decimals", "0.00"],
      ["negative", "-1.00"],
      ["over-precise", "1.001"],
      ["an exponent", "1e3"],
      ["more than 18 digits", "1234567890123456789"],
      ["a JSON number", 12.5],
      ["empty", ""],
      ["spaces", " 1.00"],
      ["missing", undefined],
    ])("refuses an amount that is %s with INVALID_AMOUNT", async (_name, amount) => {
      await expectRefused({ value: { amount, currency: "USD" } }, 400, "INVALID_AMOUNT");
    });

    it("refuses an unknown currency", async () => {
      await expectRefused({ value: { amount: "1.00", currency: "XYZ" } }, 400, "UNSUPPORTED_CURRENCY");
      await expectRefused({ value: { amount: "1.00", currency: "usd" } }, 400, "UNSUPPORTED_CURRENCY");
    });

    it.each([9, 86_401, 0, -5, 1.5, "120"])("refuses expirySeconds %s", async (expirySeconds) => {
      const error = await expectRefused({ value: { amount: "1.00", currency: "USD" }, expirySeconds }, 400, "VALIDATION_ERROR");
      expect(error.message).toContain("expirySeconds");
    });

    it("accepts expirySeconds at both ends of 10–86400", async () => {
      const { key } = await makeMerchantWithKey();
      expect((await createRequest(key, { expirySeconds: 10 })).expirySeconds).toBe(10);
      expect((await createRequest(key, { expirySeconds: 86_400 })).expirySeconds).toBe(86_400);
    });

    it.each([
      "http://pos.example/callback",
      "https://127.0.0.1/callback",
      "https://[::1]/callback",
      "https://10.0.0.7/callback",
      "ftp://pos.example/callback",
      "https://user:secret@pos.example/callback",
      "pos.example/callback",
      "https://pos.example/call back",
      "https:pos.example/callback",
    ])("refuses the callback URL %s without OPENCHARGE_ALLOW_HTTP", async (callbackUrl) => {
      setEnv({ OPENCHARGE_ALLOW_HTTP: "0" });
      const error = await expectRefused({ value: { amount: "1.00", currency: "USD" }, callbackUrl }, 400, "VALIDATION_ERROR");
      expect(error.details.issues[0].path).toBe("callbackUrl");
    });

    it("takes an http callback URL only with OPENCHARGE_ALLOW_HTTP=1", async () => {
      const { key } = await makeMerchantWithKey();
      setEnv({ OPENCHARGE_ALLOW_HTTP: "1" });
      expect((await createRequest(key, { callbackUrl: "http://127.0.0.1:9/callback" })).callbackUrl).toBe("http://127.0.0.1:9/callback");
      setEnv({ OPENCHARGE_ALLOW_HTTP: "0" });
      expect((await merchantApi.create(key, { callbackUrl: "http://127.0.0.1:9/callback" })).status).toBe(400);
      expect((await createRequest(key, { callbackUrl: "https://pos.example/cb" })).callbackUrl).toBe("https://pos.example/cb");
    });

    it("refuses line items that do not sum to the amount, naming the sum", async () => {
      const error = await expectRefused(
        {
          value: { amount: "10.00", currency: "USD" },
          lineItems: [
            { name: "Coffee", qty: 2, price: "6.00" },
            { name: "Cake", qty: 1, price: "3.99" },
          ],
        },
        400,
        "LINE_ITEMS_MISMATCH",
      );
      expect(error.details).toEqual({ sum: "9.99", amount: "10.00", currency: "USD" });
      await expectRefused({ lineItems: [{ name: "Coffee", qty: 1, price: "1.00" }] }, 400, "LINE_ITEMS_MISMATCH");
      await expectRefused(
        { value: { amount: "1.00", currency: "USD" }, lineItems: [{ name: "Coffee", qty: 1, price: "1.001" }] },
        400,
        "INVALID_AMOUNT",
      );
      await expectRefused({ value: { amount: "1.00", currency: "USD" }, lineItems: [{ name: "Coffee", qty: 0, price: "1.00" }] }, 400, "VALIDATION_ERROR");
    });

    it("refuses a 1 MB description, and texts over their limits", async () => {
      await expectRefused({ value: { amount: "1.00", currency: "USD" }, description: "x".repeat(1024 * 1024) }, 400, "VALIDATION_ERROR");
      await expectRefused({ description: "x".repeat(501) }, 400, "VALIDATION_ERROR");
      await expectRefused({ externalRef: "r".repeat(129) }, 400, "VALIDATION_ERROR");
      await expectRefused({ externalRef: "" }, 400, "VALIDATION_ERROR");
      await expectRefused({ description: "nul\u0000" }, 400, "VALIDATION_ERROR");
    });

    it("accepts a description of exactly 500 characters", async () => {
      const { key } = await makeMerchantWithKey();
      expect((await createRequest(key, { description: "d".repeat(500) })).description).toHaveLength(500);
    });

    it("refuses an unknown payer handle with 404 USER_NOT_FOUND", async () => {
      await expectRefused({ value: { amount: "1.00", currency: "USD" }, payer: "@nobody_here_at_all" }, 404, "USER_NOT_FOUND");
    });

    it("refuses notBefore at or after the expiry, and a malformed time", async () => {
      await expectRefused({ expirySeconds: 60, notBefore: new Date(Date.now() + 120_000).toISOString() }, 400, "VALIDATION_ERROR");
      await expectRefused({ notBefore: "tomorrow" }, 400, "VALIDATION_ERROR");
    });

    it("refuses unknown fields, bad types and malformed JSON", async () => {
      await expectRefused({ expiry_seconds: 60 }, 400, "VALIDATION_ERROR");
      await expectRefused({ capture: "later" }, 400, "VALIDATION_ERROR");
      await expectRefused({ partialAllowed: "yes" }, 400, "VALIDATION_ERROR");
      await expectRefused({ partialAllowed: true }, 400, "VALIDATION_ERROR"); // a split payment needs a value
      await expectRefused({ value: { amount: "4.00", currency: "USD" }, partialAllowed: true, capture: "manual" }, 400, "VALIDATION_ERROR");
      await expectRefused("{not json", 400, "INVALID_JSON");
      await expectRefused("[]", 400, "VALIDATION_ERROR");
    });
  });

  describe("externalRef", () => {
    it("refuses a second open request with the same externalRef: 409 CONFLICT with the open request's id", async () => {
      const { key } = await makeMerchantWithKey();
      const first = await createRequest(key, { value: { amount: "3.00", currency: "USD" }, externalRef: "order-7" });
      const before = await requestCounts();
      const second = await merchantApi.create(key, { value: { amount: "3.00", currency: "USD" }, externalRef: "order-7" });
      expect(second.status).toBe(409);
      expect(second.body.error.code).toBe("CONFLICT");
      expect(second.body.error.details.id).toBe(first.id);
      expect(await requestCounts()).toEqual(before);
    });

    it("frees the reference once the request is cancelled or expired, and never across merchants", async () => {
      const { key } = await makeMerchantWithKey();
      const { key: otherKey } = await makeMerchantWithKey();
      const first = await createRequest(key, { externalRef: "order-8" });
      await createRequest(otherKey, { externalRef: "order-8" });
      expect((await merchantApi.cancel(key, first.id)).status).toBe(200);
      const second = await createRequest(key, { externalRef: "order-8" });
      await backdate(second.id, { expiresAt: new Date(Date.now() - 1000) });
      const third = await createRequest(key, { externalRef: "order-8" });
      expect((await merchantApi.get(key, second.id)).body.status).toBe("EXPIRED");
      expect(third.externalRef).toBe("order-8");
      const listed = await merchantApi.list(key, "?externalRef=order-8");
      expect(listed.body.requests.map((r: { id: string }) => r.id)).toEqual([third.id, second.id, first.id]);
    });
  });

  describe("Idempotency-Key", () => {
    const body = { value: { amount: "7.00", currency: "USD" }, description: "Lunch" };

    it("answers the same key and body with the same status and body, creating one request", async () => {
      const { key } = await makeMerchantWithKey();
      const first = await merchantApi.create(key, body, { "idempotency-key": "till-4-sale-1" });
      const again = await merchantApi.create(key, { description: "Lunch", value: { currency: "USD", amount: "7.00" } }, { "idempotency-key": "till-4-sale-1" });
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      const client = await db();
      expect(await client.paymentRequest.count({ where: { description: "Lunch", merchant: { id: first.body.merchant.id } } })).toBe(1);
    });

    it("refuses the same key with another body: 409 IDEMPOTENCY_CONFLICT", async () => {
      const { key } = await makeMerchantWithKey();
      await merchantApi.create(key, body, { "idempotency-key": "k-2" });
      const before = await requestCounts();
      const other = await merchantApi.create(key, { ...body, description: "Dinner" }, { "idempotency-key": "k-2" });
      expect(other.status).toBe(409);
      expect(other.body.error.code).toBe("IDEMPOTENCY_CONFLICT");
      expect(await requestCounts()).toEqual(before);
    });

    it("keeps keys apart per merchant, and forgets them after 24 hours", async () => {
      const { key } = await makeMerchantWithKey();
      const { key: otherKey } = await makeMerchantWithKey();
      const mine = await merchantApi.create(key, body, { "idempotency-key": "shared" });
      const theirs = await merchantApi.create(otherKey, body, { "idempotency-key": "shared" });
      expect(theirs.body.id).not.toBe(mine.body.id);
      const client = await db();
      await client.idempotencyRecord.updateMany({ data: { expiresAt: new Date(Date.now() - 1) } });
      const later = await merchantApi.create(key, body, { "idempotency-key": "shared" });
      expect(later.status).toBe(201);
      expect(later.body.id).not.toBe(mine.body.id);
    });

    it("creates one request for ten concurrent duplicates", async () => {
      const { key, merchant } = await makeMerchantWithKey();
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => merchantApi.create(key, body, { "idempotency-key": "burst" })),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
      expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
      const client = await db();
      expect(await client.paymentRequest.count({ where: { merchantId: merchant.id } })).toBe(1);
    });

    it("refuses a malformed key", async () => {
      const { key } = await makeMerchantWithKey();
      const answer = await merchantApi.create(key, body, { "idempotency-key": "x".repeat(256) });
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe("VALIDATION_ERROR");
    });
  });
});
