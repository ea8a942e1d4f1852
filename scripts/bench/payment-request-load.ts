/**
 * The benchmark's pay-a-request path (README "Merchant-presented payments"), one sale as a till and a payer
 * do it:
 *  1. the till creates a payment request: POST /api/payment-requests (merchant key, `mk_…`) → 201 CREATED;
 *  2. the till polls it once while the QR code is up: GET /api/payment-requests/{id} → CREATED;
 *  3. the payer pays it: POST /api/wallet/payment-requests/{id}/pay (personal access token, `ocw_…`) → DONE;
 *  4. the till polls until it sees DONE (the pay has answered, so the first poll normally does).
 * `concurrency` such sales run at once for `seconds`; sale k is rung up by till k mod (merchants) and paid by
 * payer k mod (payers), so no balance row is shared by concurrent sales but a merchant's. With several
 * servers the till of sale k calls server k mod n and its payer the next one.
 *
 * Any answer but the expected one (201 / 200 with the expected status) stops the run and throws a
 * SalesFailure: a benchmark that counts errors as fast sales measures nothing.
 */
import { percentile } from "./load";

/** What one sale asks for: a fixed amount, a decimal string (money is never a float). */
export const SALE_VALUE = { amount: "12.50", currency: "USD" } as const;
const POLL_PAUSE_MS = 10; // between polls that do not see DONE yet
const DONE_WITHIN_MS = 10_000;

export type SaleTarget = {
  /** Base URLs (app instances or floor servers). */
  servers: string[];
  /** One API key (scope payments) per merchant: a till each. */
  merchantKeys: string[];
  payerTokens: string[];
};

export type Latency = { p50: number; p95: number; p99: number };

export type SalesResult = {
  sales: number;
  perSecond: number;
  create: Latency;
  pay: Latency;
  poll: Latency;
  /** From the till's create sent to its poll that saw DONE answered. */
  createToDone: Latency;
  /** Polls per sale (2 when every poll after a pay saw DONE at once). */
  pollsPerSale: number;
  /** The run ran out of sales (`maxSales`) before its time was up. */
  exhausted: boolean;
};

/** The first unexpected answer of a run, with how far the run got. */
export class SalesFailure extends Error {
  constructor(
    message: string,
    readonly sales: number,
    readonly seconds: number,
  ) {
    super(message);
  }
}

type Answer = { status?: unknown; id?: unknown };

async function call(method: "GET" | "POST", url: string, token: string, expected: number, body?: unknown): Promise<{ answer: Answer; ms: number }> {
  const t0 = performance.now();
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    throw new Error(`${method} ${url} got no answer: ${String(error)}${cause ? ` (${String(cause)})` : ""}`);
  }
  const text = await response.text();
  const ms = performance.now() - t0;
  if (response.status !== expected) throw new Error(`${method} ${url} answered ${response.status} (expected ${expected}): ${text.slice(0, 500)}`);
  return { answer: JSON.parse(text) as Answer, ms };
}

function expectStatus(what: string, answer: Answer, status: string) {
  if (answer.status !== status) throw new Error(`${what}: status ${JSON.stringify(answer.status)}, expected ${status}: ${JSON.stringify(answer).slice(0, 500)}`);
}

function latency(values: number[]): Latency {
  values.sort((a, b) => a - b);
  return { p50: percentile(values, 50), p95: percentile(values, 95), p99: percentile(values, 99) };
}

/** Runs sales for `seconds` (or until `maxSales` are done) at `concurrency`; throws on the first unexpected answer. */
export async function sell(target: SaleTarget, options: { seconds: number; concurrency: number; maxSales?: number }): Promise<SalesResult> {
  const { servers, merchantKeys, payerTokens } = target;
  const create: number[] = [];
  const pay: number[] = [];
  const poll: number[] = [];
  const createToDone: number[] = [];
  let next = 0;
  let failure: unknown = null;
  const maxSales = options.maxSales ?? Infinity;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;

  async function sale(k: number) {
    const till = servers[k % servers.length]!;
    const payerServer = servers[(k + 1) % servers.length]!;
    const key = merchantKeys[k % merchantKeys.length]!;
    const token = payerTokens[k % payerTokens.length]!;
    const t0 = performance.now();
    const created = await call("POST", `${till}/api/payment-requests`, key, 201, { value: SALE_VALUE, description: `Bench sale ${k}` });
    expectStatus("create", created.answer, "CREATED");
    const id = created.answer.id;
    if (typeof id !== "string" || !id.startsWith("pr_")) throw new Error(`create answered no request id: ${JSON.stringify(created.answer).slice(0, 500)}`);
    create.push(created.ms);
    const waiting = await call("GET", `${till}/api/payment-requests/${id}`, key, 200);
    expectStatus("poll before the pay", waiting.answer, "CREATED");
    poll.push(waiting.ms);
    const paid = await call("POST", `${payerServer}/api/wallet/payment-requests/${id}/pay`, token, 200);
    expectStatus("pay", paid.answer, "DONE");
    pay.push(paid.ms);
    for (;;) {
      const seen = await call("GET", `${till}/api/payment-requests/${id}`, key, 200);
      poll.push(seen.ms);
      if (seen.answer.status === "DONE") break;
      expectStatus("poll after the pay", seen.answer, "CREATED"); // anything else than not-yet-seen is wrong
      if (performance.now() - t0 > DONE_WITHIN_MS) throw new Error(`${id}: the till did not see DONE within ${DONE_WITHIN_MS} ms of its create`);
      await new Promise((resolve) => setTimeout(resolve, POLL_PAUSE_MS));
    }
    createToDone.push(performance.now() - t0);
  }

  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (failure === null && performance.now() < deadline && next < maxSales) {
        try {
          await sale(next++);
        } catch (error) {
          failure ??= error; // the other clients stop after their current sale
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  if (failure !== null) throw new SalesFailure(failure instanceof Error ? failure.message : String(failure), createToDone.length, elapsed);
  return {
    sales: createToDone.length,
    perSecond: Math.round(createToDone.length / elapsed),
    create: latency(create),
    pay: latency(pay),
    poll: latency(poll),
    createToDone: latency(createToDone),
    pollsPerSale: poll.length / Math.max(1, createToDone.length),
    exhausted: next >= maxSales,
  };
}
