/**
 * Scan and Pay at a place end to end (seed 002): the owner adds a place and a table on /merchant/{id} and
 * prints its QR code; a customer opens the spot's URL (what a phone camera does with the printed code),
 * signs up inline, checks in and waits; the till's Tables view sends the order; the customer confirms it
 * without reloading (the money is reserved); the till captures it and closes the table. Then the next
 * visit, released instead of captured, and a second customer refused while the table is taken. Axe on
 * every new screen, light and dark.
 */
import { randomBytes } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { newEmail, PASSWORD, signUp } from "./support/accounts";
import { expectNoAxeViolations } from "./support/axe";
import { walletCli } from "./support/cli";
import { E2E_BASE_URL } from "./support/config";

const SPOT_URL = new RegExp(`^${E2E_BASE_URL}/s/[A-Za-z0-9_-]{22}$`);

/** The owner: signs up, creates "Corner Café" on /merchant, adds a place and table1, and reads table1's QR URL off the print sheet. */
async function setUpTable(page: Page) {
  await signUp(page, newEmail("spot-owner"));
  await page.goto("/merchant");
  await page.getByLabel("Name").fill("Corner Café");
  await page.getByLabel("Handle").fill(`cafe_${randomBytes(4).toString("hex")}`);
  await page.getByRole("button", { name: "Create merchant" }).click();
  await expect(page).toHaveURL(/\/merchant\/m_[0-9a-f]{32}$/);
  const merchantUrl = page.url();

  const places = page.getByRole("region", { name: "Places and tables" });
  await expect(places.getByText("No places yet.")).toBeVisible();
  await places.getByRole("button", { name: "Add location" }).click();
  await expect(places.getByText("Give the place a title, such as the café's name.")).toBeVisible();
  await expect(places.getByLabel("Title")).toBeFocused();
  await places.getByLabel("Title").fill("Corner Café");
  await places.getByLabel("Address (optional)").fill("1 Main St");
  await places.getByRole("button", { name: "Add location" }).click();
  await expect(places.getByRole("status").filter({ hasText: "Added Corner Café." })).toBeVisible();
  const addSpot = places.getByRole("form", { name: "Add a spot at Corner Café" });
  await addSpot.getByLabel("Identifier").fill("table1");
  await addSpot.getByRole("button", { name: "Add spot" }).click();
  const spots = places.getByRole("list", { name: "Spots at Corner Café" });
  await expect(spots.getByTestId("spot")).toHaveText([/table1\s*free/]);
  await expect(addSpot.getByLabel("Identifier")).toBeFocused();
  await addSpot.getByLabel("Identifier").fill("table1");
  await addSpot.getByRole("button", { name: "Add spot" }).click();
  await expect(addSpot.getByText('This location already has a spot "table1".')).toBeVisible();
  await expectNoAxeViolations(page, "the merchant page with a place and a spot");

  await places.getByRole("link", { name: "Print QR codes" }).click();
  await expect(page).toHaveURL(/\/merchant\/m_[0-9a-f]{32}\/locations\/loc_[0-9a-f]{32}\/print$/);
  const card = page.getByTestId("qr-card");
  await expect(card).toHaveCount(1);
  await expect(card).toContainText("Corner Café");
  await expect(card).toContainText("table1");
  await expect(card.getByRole("img", { name: "QR code of table1 at Corner Café" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Print" })).toBeVisible();
  await expectNoAxeViolations(page, "the printable QR sheet");
  const spotUrl = (await card.locator(".qr-card-url").innerText()).trim();
  expect(spotUrl).toMatch(SPOT_URL);
  return { merchantUrl, spotUrl };
}

async function newCustomerContext(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  return { context, page };
}

/** Marks the page; the mark survives only as long as the page is never reloaded or navigated away. */
async function markPage(page: Page) {
  await page.evaluate(() => ((window as unknown as { __spotMark: boolean }).__spotMark = true));
}
async function expectSamePage(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { __spotMark?: boolean }).__spotMark)).toBe(true);
}

test("a customer checks in at table1, the till sends the order, the customer confirms without reloading, the till captures and closes; the next visit is released", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const { merchantUrl, spotUrl } = await setUpTable(page);

  // The customer's phone opens the printed code's URL: the place and the table, and sign-in inline.
  const customer = await newCustomerContext(browser);
  const phone = customer.page;
  await phone.goto(spotUrl);
  await expect(phone.getByRole("heading", { name: "Corner Café", level: 1 })).toBeVisible();
  await expect(phone.getByTestId("spot-identifier")).toHaveText("table1");
  await expect(phone.getByRole("heading", { name: "Sign in to check in" })).toBeVisible();
  await expectNoAxeViolations(phone, "the spot page without a session");
  const email = newEmail("spot-customer");
  await phone.getByRole("button", { name: "Create an account" }).click();
  await expect(phone.getByRole("heading", { name: "Create an account to check in" })).toBeVisible();
  await phone.getByLabel("Email").fill(email);
  await phone.getByLabel("Password").fill(PASSWORD);
  await phone.getByRole("button", { name: "Create account" }).click();
  await expect(phone).toHaveURL(spotUrl);
  walletCli("topup", "--email", email, "--amount", "20.00", "--currency", "USD");
  await expect(phone.getByRole("heading", { name: "Check in at table1" })).toBeVisible();
  await expectNoAxeViolations(phone, "the spot page, signed in");
  await phone.getByRole("button", { name: "Check in" }).click();
  await expect(phone.getByRole("heading", { name: "You’re checked in at table1" })).toBeFocused();
  await expect(phone.getByTestId("spot-status-line")).toHaveText("Waiting for your order… The staff will send it to this page.");
  await expectNoAxeViolations(phone, "the spot page, waiting for the order");
  await markPage(phone);

  // The till: table1 is waiting, with the customer's handle; send the order.
  await page.goto(`${merchantUrl}/tables`);
  await expect(page.getByRole("heading", { name: "Tables", level: 1 })).toBeVisible();
  const table = page.getByRole("article", { name: /^table1/ });
  await expect(table).toHaveAttribute("data-spot-status", "waiting");
  await expect(table).toContainText(/checked in/);
  await expectNoAxeViolations(page, "the Tables view with a waiting table");
  await table.getByRole("button", { name: "Send order" }).click();
  await expect(table.getByText("Enter the amount of the order, such as 12.50.")).toBeVisible();
  await table.getByLabel("Amount").fill("6.00");
  await table.getByLabel("Description (optional)").fill("Two coffees");
  await table.getByRole("button", { name: "Send order" }).click();
  await expect(table).toHaveAttribute("data-spot-status", "busy");
  await expect(table.getByTestId("table-order")).toHaveAttribute("data-order-status", "pending");
  await expect(table.getByTestId("table-order")).toContainText("6.00 USD · Two coffees");

  // The phone shows it by polling, and confirms: reserved.
  const order = phone.getByTestId("spot-order");
  await expect(order).toHaveAttribute("data-order-status", "pending");
  await expect(order.getByTestId("spot-order-total")).toHaveText("6.00 USD");
  await expect(order.getByText("Two coffees")).toBeVisible();
  await expect(phone.getByTestId("spot-balance")).toHaveText("20.00 USD");
  await expect(phone.getByRole("timer")).toContainText(/1[45]:\d\d/);
  await expectNoAxeViolations(phone, "the spot page with an order to confirm");
  await phone.getByRole("button", { name: "Confirm payment" }).click();
  await expect(order).toHaveAttribute("data-order-status", "reserved");
  await expect(phone.getByRole("heading", { name: /Payment reserved/ })).toBeFocused();
  await expect(phone.getByTestId("spot-status-line")).toHaveText("Payment reserved. Waiting for Corner Café to confirm it.");
  await expectNoAxeViolations(phone, "the spot page with the money reserved");

  // The till sees the reservation, may not close yet, captures, then closes.
  await expect(table.getByTestId("table-order")).toHaveAttribute("data-order-status", "reserved");
  await expect(table.getByRole("button", { name: "Close visit" })).toBeDisabled();
  await expectNoAxeViolations(page, "the Tables view with a reserved order");
  await table.getByRole("button", { name: "Capture" }).click();
  await expect(table.getByTestId("table-order")).toHaveAttribute("data-order-status", "confirmed");
  await expect(table.getByRole("heading", { name: /^table1/ })).toBeFocused();
  await expect(order).toHaveAttribute("data-order-status", "confirmed");
  await expect(phone.getByTestId("spot-status-line")).toHaveText("Paid. Thank you! Corner Café will close your visit.");
  await table.getByRole("button", { name: "Close visit" }).click();
  await expect(table).toHaveAttribute("data-spot-status", "closed");
  await expect(phone.getByRole("heading", { name: "Visit closed" })).toBeVisible();
  await expect(phone.getByRole("button", { name: "Check in again" })).toBeVisible();
  await expectNoAxeViolations(phone, "the spot page after the visit closed");
  await expectSamePage(phone);

  // The merchant has the money.
  await page.goto(merchantUrl);
  await expect(page.getByTestId("merchant-balance-USD")).toHaveText(/6\.00/);

  // The next visit: released instead of captured, the money back with the customer.
  await phone.getByRole("button", { name: "Check in again" }).click();
  await expect(phone.getByRole("heading", { name: "You’re checked in at table1" })).toBeFocused();
  await page.goto(`${merchantUrl}/tables`);
  await table.getByLabel("Amount").fill("2.50");
  await table.getByRole("button", { name: "Send order" }).click();
  await expect(order).toHaveAttribute("data-order-status", "pending");
  await expect(phone.getByTestId("spot-balance")).toHaveText("14.00 USD");
  await phone.getByRole("button", { name: "Confirm payment" }).click();
  await expect(order).toHaveAttribute("data-order-status", "reserved");
  await table.getByRole("button", { name: "Release" }).click();
  await expect(table.getByTestId("table-order")).toHaveAttribute("data-order-status", "closed");
  await expect(order).toHaveAttribute("data-order-status", "closed");
  await expect(order).toContainText("Reservation released");
  await expect(order).toContainText("The reserved money went back to your wallet.");
  await table.getByRole("button", { name: "Close visit" }).click();
  await expect(table).toHaveAttribute("data-spot-status", "closed");
  await expect(phone.getByRole("heading", { name: "Visit closed" })).toBeVisible();
  await expectSamePage(phone);
  await phone.goto("/wallet");
  await expect(phone.getByText("14.00", { exact: false }).first()).toBeVisible();
  await customer.context.close();
});

test("a second customer at a taken table is told so; an unknown spot code is a plain 404", async ({ page, browser }) => {
  const { spotUrl } = await setUpTable(page);
  const first = await newCustomerContext(browser);
  await signUp(first.page, newEmail("spot-first"));
  await first.page.goto(spotUrl);
  await first.page.getByRole("button", { name: "Check in" }).click();
  await expect(first.page.getByRole("heading", { name: "You’re checked in at table1" })).toBeVisible();

  const second = await newCustomerContext(browser);
  await signUp(second.page, newEmail("spot-second"));
  await second.page.goto(spotUrl);
  await expect(second.page.getByTestId("spot-taken")).toHaveText("Someone else is checked in at table1 right now. If that was not you, ask the staff.");
  await second.page.getByRole("button", { name: "Check in" }).click();
  await expect(second.page.getByRole("alert").filter({ hasText: "Someone else" })).toHaveText(
    "Someone else is checked in at this spot. Ask the staff, or wait until they close the visit.",
  );
  await expectNoAxeViolations(second.page, "the spot page of a taken table");

  const response = await second.page.goto(`/s/${"A".repeat(22)}`);
  expect(response?.status()).toBe(404);
  await expect(second.page.getByRole("heading", { name: "Spot not found" })).toBeVisible();
  await expectNoAxeViolations(second.page, "the spot page of an unknown code");
  await first.context.close();
  await second.context.close();
});
