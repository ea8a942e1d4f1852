/**
 * The payment request lifecycle in the browser: a request to pay addressed to a wallet user by handle shows
 * on /wallet/requests, is paid (or declined) there; the owner refunds part of it on /merchant/{id}, and the
 * payer sees the refund in the history and on the request's receipt. A manual-capture request reserves the
 * money (shown apart from the balance) until the owner captures it on the dashboard.
 */
import { randomBytes } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { newEmail, PASSWORD } from "./support/accounts";
import { expectNoAxeViolations } from "./support/axe";
import { walletCli } from "./support/cli";
import { E2E_BASE_URL } from "./support/config";

type Merchant = { id: string; name: string; handle: string; ownerEmail: string; key: string };
type RequestBody = Record<string, unknown>;
type Created = { id: string; url: string; shortCode: string; status: string };

let merchant: Merchant;

test.beforeAll(() => {
  const ownerEmail = newEmail("lifecycle-owner");
  walletCli("user:create", "--email", ownerEmail, "--password", PASSWORD);
  const handle = `bakery_${randomBytes(4).toString("hex")}`;
  const made = JSON.parse(walletCli("merchant:create", "--email", ownerEmail, "--name", "Dawn Bakery", "--handle", handle)) as { id: string };
  const key = walletCli("merchant:key", "--merchant", made.id, "--scopes", "payments,refunds");
  merchant = { id: made.id, name: "Dawn Bakery", handle, ownerEmail, key };
});

async function signIn(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/wallet$/);
}

/** A wallet user with a known handle and money, signed in in a browser context of their own. */
async function newPayer(browser: Browser, topUp = "50.00") {
  const handle = `payer_${randomBytes(4).toString("hex")}`;
  const email = newEmail("lifecycle-payer");
  walletCli("user:create", "--email", email, "--password", PASSWORD, "--handle", handle);
  walletCli("topup", "--email", email, "--amount", topUp, "--currency", "USD");
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  return { context, page, handle, email };
}

/** The owner, signed in, on the merchant's dashboard. */
async function ownerDashboard(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, merchant.ownerEmail);
  await page.goto(`/merchant/${merchant.id}`);
  await expect(page.getByRole("heading", { name: merchant.name, level: 1 })).toBeVisible();
  return { context, page };
}

/** A request made by the merchant's till, with its key. */
async function createWithKey(body: RequestBody): Promise<Created> {
  const response = await fetch(`${E2E_BASE_URL}/api/payment-requests`, {
    method: "POST",
    headers: { authorization: `Bearer ${merchant.key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as Created;
}

async function readWithKey(id: string) {
  const response = await fetch(`${E2E_BASE_URL}/api/payment-requests/${id}`, { headers: { authorization: `Bearer ${merchant.key}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as { status: string; statusReason?: string; amountRefunded: string; amountPaid: string; related: { type: string; amount: string }[] };
}

/** The merchant's USD balance in cents, from the owner's balance route (earlier tests leave money there). */
async function merchantBalanceCents(page: Page): Promise<bigint> {
  const response = await page.request.get(`/api/merchants/${merchant.id}/balance`);
  const { balances } = (await response.json()) as { balances: { currency: string; amount: string }[] };
  const usd = balances.find((b) => b.currency === "USD")?.amount ?? "0.00";
  return BigInt(usd.replace(".", ""));
}

const requestItem = (page: Page, id: string) => page.locator(`[data-testid="request-to-pay"][data-request-id="${id}"]`);

test("a request to pay is declined from /wallet/requests with a reason the merchant sees", async ({ browser }) => {
  const payer = await newPayer(browser);
  const request = await createWithKey({ value: { amount: "9.00", currency: "USD" }, payer: payer.handle, description: "Wedding cake deposit" });

  await payer.page.reload();
  await expect(payer.page.getByRole("link", { name: "Requests to pay 1 open" })).toBeVisible();
  await payer.page.getByRole("link", { name: /Requests to pay/ }).click();
  await expect(payer.page).toHaveURL(/\/wallet\/requests$/);
  const item = requestItem(payer.page, request.id);
  await expect(item.getByRole("heading", { name: "Dawn Bakery" })).toBeVisible();
  await expect(item).toContainText("9.00 USD");
  await expect(item).toContainText("Wedding cake deposit");
  await expect(item.getByTestId("request-status")).toHaveText("Waiting for you");

  await item.getByRole("button", { name: "Decline" }).click();
  await expect(item.getByLabel("Reason (optional)")).toBeFocused();
  await expectNoAxeViolations(payer.page, "the decline form on /wallet/requests");
  await item.getByLabel("Reason (optional)").fill("We chose another baker");
  await item.getByRole("button", { name: "Decline" }).click();

  await expect(item.getByRole("status")).toHaveText("You declined the request from Dawn Bakery. Nothing was charged.");
  await expect(item.locator(".request-result")).toBeFocused();
  await expect(item.getByTestId("request-status")).toHaveText("Cancelled");
  await expect(item.getByRole("button", { name: "Pay" })).toHaveCount(0);
  const read = await readWithKey(request.id);
  expect(read).toMatchObject({ status: "CANCELLED", statusReason: "Declined by the payer: We chose another baker" });

  await payer.page.goto("/wallet");
  await expect(payer.page.getByRole("link", { name: "Requests to pay", exact: true })).toBeVisible();
  await payer.context.close();

  // The owner sees why, on the request's row.
  const owner = await ownerDashboard(browser);
  const row = dashboardRow(owner.page, request.shortCode);
  await expect(rowStatus(row)).toHaveText("CANCELLED");
  await expect(row.getByTestId("request-reason")).toHaveText("Declined by the payer: We chose another baker");
  await expect(row.getByRole("button")).toHaveCount(0);
  await owner.context.close();
});

/** The dashboard's row of one request (by its short code). */
const dashboardRow = (page: Page, shortCode: string) => page.getByTestId("payment-request").filter({ hasText: shortCode });
/** The row's status badge (the first: the log repeats each status). */
const rowStatus = (row: ReturnType<typeof dashboardRow>) => row.locator(".status-badge").first();

test("a request to pay is paid on /wallet/requests; the owner refunds part of it on /merchant/{id}; the payer sees the refund in the history and on the receipt", async ({ browser }) => {
  test.setTimeout(120_000);
  const payer = await newPayer(browser, "50.00");
  const owner = await ownerDashboard(browser);
  // The owner's own route (browser session), as the dashboard's till would.
  const createdResponse = await owner.page.request.post(`/api/merchants/${merchant.id}/payment-requests`, {
    data: { value: { amount: "12.00", currency: "USD" }, payer: payer.handle, description: "Birthday cake" },
  });
  expect(createdResponse.status()).toBe(201);
  const request = (await createdResponse.json()) as Created;

  await payer.page.reload();
  await payer.page.getByRole("link", { name: "Requests to pay 1 open" }).click();
  const item = requestItem(payer.page, request.id);
  await expect(item).toContainText("12.00 USD");
  await expect(item).toContainText("Birthday cake");
  await expectNoAxeViolations(payer.page, "/wallet/requests with an open request");
  await item.getByRole("button", { name: "Pay" }).click();
  await expect(item.getByRole("status")).toHaveText("Paid 12.00 USD to Dawn Bakery. See the receipt");
  await expect(item.locator(".request-result")).toBeFocused();
  await expect(item.getByTestId("request-status")).toHaveText("Paid");
  await expect(item.getByRole("button", { name: "Pay" })).toHaveCount(0);
  await expect(item.getByTestId("request-yours")).toHaveText("You paid 12.00 USD");
  await expectNoAxeViolations(payer.page, "/wallet/requests after paying");

  // The owner's dashboard picks it up (it polls) and offers a refund of what remains.
  await owner.page.reload();
  const row = dashboardRow(owner.page, request.shortCode);
  await expect(rowStatus(row)).toHaveText("DONE");
  await expect(row).toContainText("Paid 12.00 USD · refunded 0.00 USD");
  await expect(row.getByRole("button", { name: "Capture" })).toHaveCount(0);
  await row.getByRole("button", { name: "Refund" }).click();
  const amount = row.getByLabel("Refund amount (USD)");
  await expect(amount).toBeFocused();
  await expect(amount).toHaveValue("12.00");
  await expect(row.getByLabel("Reference")).toHaveValue(/^refund-\d+$/);
  await expectNoAxeViolations(owner.page, "the dashboard's refund form");
  await amount.fill("2.50");
  await row.getByLabel("Reference").fill("cake-refund-1");
  await row.getByRole("button", { name: "Refund 2.50 USD" }).click();
  await expect(row.getByRole("status")).toHaveText("Refunded 2.50 USD to the payer.");
  await expect(row.locator(".request-result")).toBeFocused();
  await expect(row).toContainText("Paid 12.00 USD · refunded 2.50 USD");
  await expect(rowStatus(row)).toHaveText("REFUND");

  // The same reference with another amount is refused in plain words, and so is more than is left.
  await row.getByRole("button", { name: "Refund" }).click();
  await expect(row.getByLabel("Refund amount (USD)")).toHaveValue("9.50");
  await row.getByLabel("Refund amount (USD)").fill("1.00");
  await row.getByLabel("Reference").fill("cake-refund-1");
  await row.getByRole("button", { name: "Refund 1.00 USD" }).click();
  await expect(row.getByRole("alert")).toHaveText(/^That reference was already used for a refund of another amount\. Nothing was refunded/);
  await expectNoAxeViolations(owner.page, "the dashboard showing a refused refund");
  await row.getByLabel("Refund amount (USD)").fill("20.00");
  await row.getByLabel("Reference").fill("cake-refund-2");
  await row.getByRole("button", { name: "Refund 20.00 USD" }).click();
  await expect(row.getByRole("alert")).toHaveText("That is more than is left to refund of this payment: at most 9.50 USD. Nothing was refunded.");
  await row.getByRole("button", { name: "Back" }).click();
  await expect(row.getByRole("button", { name: "Refund" })).toBeFocused();
  await row.getByText("Log and payments").click();
  await expect(row.getByRole("list", { name: `Status log of ${request.shortCode}` }).getByRole("listitem")).toHaveText([/^CREATED/, /^DONE/, /^REFUND/]);
  await expect(row.getByRole("list", { name: `Payments of ${request.shortCode}` })).toContainText("Refund 2.50 USD");
  expect(await readWithKey(request.id)).toMatchObject({ status: "REFUND", amountPaid: "12.00", amountRefunded: "2.50" });

  // The payer: the refund in the history, linked to the request's receipt.
  await payer.page.goto("/wallet");
  await expect(payer.page.getByTestId("balance-USD")).toHaveText(/40\.50/);
  const history = payer.page.getByRole("list", { name: "Transactions" });
  await expect(history.getByRole("listitem").first()).toContainText("+2.50 USD");
  await history.getByRole("link", { name: "Refund from Dawn Bakery" }).click();
  await expect(payer.page).toHaveURL(`${E2E_BASE_URL}/pay/${request.id}`);
  await expect(payer.page.getByRole("heading", { name: "Receipt" })).toBeVisible();
  await expect(payer.page.getByTestId("receipt-state")).toHaveText("✓ Partly refunded");
  await expect(payer.page.getByTestId("receipt-paid")).toHaveText("12.00 USD");
  await expect(payer.page.getByTestId("receipt-refunded")).toHaveText("2.50 USD");
  await expect(payer.page.getByTestId("receipt-movement")).toHaveCount(2);
  await expectNoAxeViolations(payer.page, "the receipt of a partly refunded request");
  await payer.context.close();
  await owner.context.close();
});

test("a manual-capture request paid on /wallet/requests is reserved, apart from the balance, until the owner captures it; a released one gives the money back", async ({ browser }) => {
  test.setTimeout(120_000);
  const payer = await newPayer(browser, "30.00");
  const owner = await ownerDashboard(browser);
  const captured = await createWithKey({ value: { amount: "8.00", currency: "USD" }, payer: payer.handle, capture: "manual", description: "Table 3" });
  const released = await createWithKey({ value: { amount: "5.00", currency: "USD" }, payer: payer.handle, capture: "manual", description: "Table 4" });

  await payer.page.goto("/wallet/requests");
  for (const [request, amount] of [[captured, "8.00"], [released, "5.00"]] as const) {
    const item = requestItem(payer.page, request.id);
    await item.getByRole("button", { name: "Pay" }).click();
    await expect(item.getByRole("status")).toContainText(`Reserved ${amount} USD for Dawn Bakery — the merchant will confirm.`);
    await expect(item.getByTestId("request-status")).toHaveText("Reserved — the merchant will confirm");
  }
  await payer.page.goto("/wallet");
  await expect(payer.page.getByTestId("balance-USD")).toHaveText(/17\.00/);
  await expect(payer.page.getByTestId("reserved-USD")).toContainText("Reserved 13.00 USD");
  await expectNoAxeViolations(payer.page, "/wallet with reserved money");
  await payer.page.goto(`/pay/${captured.id}`);
  await expect(payer.page.getByTestId("receipt-state")).toHaveText("✓ Reserved — the merchant will confirm");
  await expect(payer.page.getByTestId("receipt-reserved")).toHaveText("8.00 USD");
  await expectNoAxeViolations(payer.page, "the receipt of a reservation");

  await owner.page.reload();
  const row = dashboardRow(owner.page, captured.shortCode);
  await expect(rowStatus(row)).toHaveText("PENDING");
  await expect(row.getByRole("button", { name: "Release" })).toBeVisible();
  await expect(row.getByRole("button", { name: "Refund" })).toHaveCount(0);
  await expectNoAxeViolations(owner.page, "the dashboard with reserved requests");
  const balanceBefore = await merchantBalanceCents(owner.page);
  await row.getByRole("button", { name: "Capture" }).click();
  await expect(row.getByRole("status")).toHaveText("Captured 8.00 USD: the money is in your balance.");
  await expect(rowStatus(row)).toHaveText("DONE");
  await expect(row.getByRole("button", { name: "Refund" })).toBeVisible();
  await expect.poll(() => merchantBalanceCents(owner.page)).toBe(balanceBefore + 800n);
  // The dashboard's balance refreshes after the action, without a reload.
  const after = balanceBefore + 800n;
  await expect(owner.page.getByTestId("merchant-balance-USD")).toHaveText(`${after / 100n}.${String(after % 100n).padStart(2, "0")} USD`);

  // The payer's open receipt learns of the capture by polling.
  await expect(payer.page.getByTestId("receipt-state")).toHaveText("✓ Payment complete");
  await expect(payer.page.getByTestId("receipt-paid")).toHaveText("8.00 USD");

  const releaseRow = dashboardRow(owner.page, released.shortCode);
  await releaseRow.getByRole("button", { name: "Release" }).click();
  await expect(releaseRow.getByLabel("Reason (optional)")).toBeFocused();
  await releaseRow.getByLabel("Reason (optional)").fill("Table left early");
  await releaseRow.getByRole("button", { name: "Release" }).click();
  await expect(releaseRow.getByRole("status")).toHaveText("Released: 5.00 USD went back to the payer.");
  await expect(rowStatus(releaseRow)).toHaveText("FAILED");
  await expect(releaseRow.getByTestId("request-reason")).toHaveText("Released by the merchant: Table left early");

  await payer.page.goto(`/pay/${released.id}`);
  await expect(payer.page.getByTestId("receipt-state")).toHaveText("Released — the money is back in your wallet");
  await payer.page.goto("/wallet");
  await expect(payer.page.getByTestId("balance-USD")).toHaveText(/22\.00/);
  await expect(payer.page.getByTestId("reserved-USD")).toHaveCount(0);
  const history = payer.page.getByRole("list", { name: "Transactions" });
  await expect(history.getByRole("link", { name: "Reservation for Dawn Bakery released" })).toHaveAttribute("href", `/pay/${released.id}`);
  await expect(history.getByRole("link", { name: "Payment to Dawn Bakery (confirmed by the merchant)" })).toHaveAttribute("href", `/pay/${captured.id}`);
  await payer.context.close();
  await owner.context.close();
});

test("a split request to pay: a part paid from /wallet/requests, accepted on the dashboard; another cancelled, which refunds the part; one paid in two payments is refunded by the payment chosen; one not open yet cannot be paid", async ({ browser }) => {
  test.setTimeout(120_000);
  const payer = await newPayer(browser, "40.00");
  const owner = await ownerDashboard(browser);
  const accepted = await createWithKey({ value: { amount: "20.00", currency: "USD" }, payer: payer.handle, partialAllowed: true, description: "Team lunch" });
  const cancelled = await createWithKey({ value: { amount: "10.00", currency: "USD" }, payer: payer.handle, partialAllowed: true, description: "Dinner" });
  const later = await createWithKey({
    value: { amount: "3.00", currency: "USD" },
    payer: payer.handle,
    notBefore: new Date(Date.now() + 10 * 60_000).toISOString(),
    expirySeconds: 3600,
  });

  await payer.page.goto("/wallet/requests");
  const laterItem = requestItem(payer.page, later.id);
  await expect(laterItem.getByRole("button", { name: "Pay" })).toBeDisabled();
  await expect(laterItem).toContainText("Opens for payment at");
  await expect(laterItem.getByRole("button", { name: "Decline" })).toBeEnabled();

  for (const [request, part] of [[accepted, "6.00"], [cancelled, "4.00"]] as const) {
    const item = requestItem(payer.page, request.id);
    await item.getByRole("button", { name: "Pay" }).click();
    const field = item.getByLabel("Amount");
    await expect(field).toBeFocused();
    await field.fill("0");
    await item.getByRole("button", { name: "Pay" }).click();
    await expect(item.getByText("Enter an amount such as 12.50.")).toBeVisible();
    await field.fill(part);
    await item.getByRole("button", { name: `Pay ${part} USD` }).click();
    await expect(item.getByRole("status")).toContainText(`Paid ${part} USD to Dawn Bakery.`);
    await expect(item.getByTestId("request-status")).toHaveText("Partly paid");
  }
  await expectNoAxeViolations(payer.page, "/wallet/requests with partly paid requests");

  await owner.page.reload();
  const acceptRow = dashboardRow(owner.page, accepted.shortCode);
  await expect(rowStatus(acceptRow)).toHaveText("INCOMPLETE");
  await acceptRow.getByRole("button", { name: "Accept" }).click();
  await expect(acceptRow.getByRole("status")).toHaveText("Accepted 6.00 USD as settled.");
  await expect(rowStatus(acceptRow)).toHaveText("ACCEPTED");
  await expect(acceptRow.getByRole("button", { name: "Refund" })).toBeVisible();

  const cancelRow = dashboardRow(owner.page, cancelled.shortCode);
  await cancelRow.getByRole("button", { name: "Cancel" }).click();
  await expect(cancelRow.getByText("Everyone who paid part of it gets their money back: 4.00 USD is refunded to the payers.")).toBeVisible();
  await expectNoAxeViolations(owner.page, "the dashboard's cancel form");
  await cancelRow.getByRole("button", { name: "Cancel request" }).click();
  await expect(cancelRow.getByRole("status")).toHaveText("Cancelled: 4.00 USD went back to the payers.");
  await expect(rowStatus(cancelRow)).toHaveText("CANCELLED");
  await expect(cancelRow).toContainText("refunded 4.00 USD");

  // Paid in two payments: the refund form asks which one, and offers what is left of it.
  const twice = await createWithKey({ value: { amount: "5.00", currency: "USD" }, payer: payer.handle, partialAllowed: true, description: "Shared taxi" });
  const txids: string[] = [];
  for (const part of ["2.00", "3.00"]) {
    const paid = await payer.page.request.post(`/api/wallet/payment-requests/${twice.id}/pay`, { data: { amount: part } });
    expect(paid.status()).toBe(200);
    txids.push(((await paid.json()) as { txid: string }).txid);
  }
  await owner.page.reload();
  const twiceRow = dashboardRow(owner.page, twice.shortCode);
  await expect(rowStatus(twiceRow)).toHaveText("DONE");
  await twiceRow.getByRole("button", { name: "Refund" }).click();
  const which = twiceRow.getByLabel("Payment to refund");
  await expect(which).toHaveValue(txids[0]!);
  await expect(twiceRow.getByLabel("Refund amount (USD)")).toHaveValue("2.00");
  await which.selectOption(txids[1]!);
  await expect(twiceRow.getByLabel("Refund amount (USD)")).toHaveValue("3.00");
  await expectNoAxeViolations(owner.page, "the refund form of a request paid in two payments");
  await twiceRow.getByRole("button", { name: "Refund 3.00 USD" }).click();
  await expect(twiceRow.getByRole("status")).toHaveText("Refunded 3.00 USD to the payer.");
  await expect(rowStatus(twiceRow)).toHaveText("REFUND");
  const refundedTwice = await readWithKey(twice.id);
  expect(refundedTwice).toMatchObject({ amountRefunded: "3.00" });

  await payer.page.goto("/wallet");
  // 40.00 − 6.00 − 4.00 + 4.00 (the cancelled part came back) − 5.00 + 3.00 (refunded)
  await expect(payer.page.getByTestId("balance-USD")).toHaveText(/32\.00/);
  await payer.page.goto(`/pay/${cancelled.id}`);
  await expect(payer.page.getByTestId("receipt-state")).toHaveText("Cancelled — your payment was refunded");
  await expect(payer.page.getByTestId("receipt-refunded")).toHaveText("4.00 USD");
  await payer.context.close();
  await owner.context.close();
});

test("on /wallet/requests the balance stands beside Pay, which waits with 'Add money' until the balance covers the request", async ({ browser }) => {
  const payer = await newPayer(browser, "3.00");
  const request = await createWithKey({ value: { amount: "8.00", currency: "USD" }, payer: payer.handle, expirySeconds: 600 });
  await payer.page.goto("/wallet/requests");
  const item = requestItem(payer.page, request.id);
  await expect(item.getByTestId(`request-${request.id}-balance`)).toHaveText("3.00 USD");
  await expect(item.getByRole("button", { name: "Pay", exact: true })).toBeDisabled();
  await expect(item.getByTestId("balance-short")).toContainText("5.00 USD");
  await expect(item.getByRole("link", { name: "Add money" })).toHaveAttribute("href", "/wallet/add-money");
  await expectNoAxeViolations(payer.page, "/wallet/requests with a short balance");

  walletCli("topup", "--email", payer.email, "--amount", "5.00", "--currency", "USD");
  await payer.page.reload();
  await expect(item.getByTestId(`request-${request.id}-balance`)).toHaveText("8.00 USD");
  await item.getByRole("button", { name: "Pay", exact: true }).click();
  await expect(item.getByText(/Paid 8\.00 USD to Dawn Bakery/)).toBeVisible();
  await payer.context.close();
});
