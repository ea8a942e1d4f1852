/**
 * Paying with the keyboard only (Tab, Enter, Space; no mouse): from the pay page through the inline
 * sign-in to the receipt, with focus never dropping to <body>.
 */
import { expect, test, type Page } from "@playwright/test";
import { PASSWORD } from "./support/accounts";
import { expectNoAxeViolations } from "./support/axe";
import { createRequest, newPayer, startPayWorld, type PayWorld } from "./support/pay-world";

let world: PayWorld;

test.beforeAll(async () => {
  world = await startPayWorld("keyboard-pay");
});

test.afterAll(async () => {
  await world?.close();
});

/** Tabs until the focused element matches, failing after `limit` presses. */
async function tabTo(page: Page, matches: (el: { tag: string; name: string; label: string }) => boolean, limit = 40) {
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      const label = el?.id ? (document.querySelector(`label[for="${el.id}"]`)?.textContent ?? "") : "";
      return { tag: el?.tagName.toLowerCase() ?? "", name: (el?.textContent ?? "").trim(), label };
    });
    expect(focused.tag, "focus never drops to <body>").not.toBe("body");
    if (matches(focused)) return;
  }
  throw new Error("the control was not reached with Tab");
}

test("pay a request with the keyboard only: sign in, Pay, receipt", async ({ page }) => {
  const request = await createRequest(world, { value: { amount: "3.00", currency: "USD" }, description: "Two dumplings" });
  const email = newPayer("keyboard-pay", "10.00");
  await page.goto(`/pay/${request.id}`);

  await tabTo(page, (el) => el.tag === "input" && el.label === "Email");
  await page.keyboard.type(email);
  await tabTo(page, (el) => el.tag === "input" && el.label === "Password");
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press("Enter");

  const pay = page.getByRole("button", { name: "Pay 3.00 USD" });
  await expect(pay).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/pay/${request.id}$`));
  await tabTo(page, (el) => el.tag === "button" && el.name === "Pay 3.00 USD");
  await page.keyboard.press("Space");

  const receipt = page.getByRole("heading", { name: "Receipt" });
  await expect(receipt).toBeFocused();
  await expect(page.getByTestId("receipt-amount")).toHaveText("3.00 USD");
  await expect(page.getByTestId("pay-announcement")).toHaveText("Paid. Your receipt is below.");
  await expectNoAxeViolations(page, "pay page receipt after a keyboard-only payment");
});
