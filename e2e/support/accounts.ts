import { randomBytes } from "node:crypto";
import { expect, type Page } from "@playwright/test";

export function newEmail(prefix: string) {
  return `${prefix}-${randomBytes(4).toString("hex")}@example.test`;
}

export const PASSWORD = "a long e2e password";

/** Signs up through the real /signup page and lands on /wallet. */
export async function signUp(page: Page, email: string, password = PASSWORD) {
  await page.goto("/signup");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/wallet$/);
}
