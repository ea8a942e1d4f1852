/**
 * Screenshots of every page and state of the axe sweep (e2e/support/pages.ts) at 390 and 1280 px, light and
 * dark, into docs/screenshots/<name>-<width>-<light|dark>.png (full page). Run with `npm run screenshots`;
 * SCREENSHOTS_ONLY=pos,merchant takes only the entries whose names start with one of those, and
 * SCREENSHOTS_LOCALE=lt takes them in another language (the file names then end in -lt). The folder is
 * gitignored except the few the README shows.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { test } from "@playwright/test";
import { buildWorld, openEntry, PAGES, signedInStates, type World } from "../e2e/support/pages";

const OUT = path.resolve(__dirname, "../docs/screenshots");
const WIDTHS = [390, 1280] as const;
const only = (process.env.SCREENSHOTS_ONLY ?? "").split(",").map((s) => s.trim()).filter(Boolean);
const locale = process.env.SCREENSHOTS_LOCALE as "en" | "lt" | "es" | undefined;
const suffix = locale && locale !== "en" ? `-${locale}` : "";

let world: World;
let states: Awaited<ReturnType<typeof signedInStates>>;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  mkdirSync(OUT, { recursive: true });
  world = await buildWorld();
  states = await signedInStates(browser, world);
});

test.afterAll(async () => {
  await world?.close();
});

for (const entry of PAGES.filter((p) => only.length === 0 || only.some((prefix) => p.name.startsWith(prefix)))) {
  test(`screenshots: ${entry.name}`, async ({ browser }) => {
    for (const width of WIDTHS) {
      const { context, page } = await openEntry(browser, entry, world, states, { width, ...(locale ? { locale } : {}) });
      try {
        for (const scheme of ["light", "dark"] as const) {
          await page.emulateMedia({ colorScheme: scheme });
          // The caret blinks and countdowns tick: hide the caret so two runs differ only where the page does.
          await page.addStyleTag({ content: "*, *::before, *::after { caret-color: transparent !important; transition: none !important; }" });
          await page.screenshot({ path: path.join(OUT, `${entry.name}-${width}-${scheme}${suffix}.png`), fullPage: true });
        }
      } finally {
        await context.close();
      }
    }
  });
}
