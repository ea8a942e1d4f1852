/**
 * `npm run screenshots`: the e2e Playwright setup (it starts the app on a fresh e2e database, like
 * `npm run test:e2e`) running scripts/screenshots.ts instead of the specs.
 */
import { defineConfig } from "@playwright/test";
import base from "../playwright.config";

export default defineConfig({
  ...base,
  testDir: ".",
  testMatch: "screenshots.ts",
  globalSetup: "../e2e/support/global-setup.ts",
  timeout: 600_000,
  reporter: [["list"]],
});
