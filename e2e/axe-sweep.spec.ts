/**
 * The axe sweep: every page of the app and its main states (e2e/support/pages.ts), on a phone (390 px) and a
 * desktop (1280 px), each in light and dark (expectNoAxeViolations checks both), with zero WCAG 2.1 A/AA
 * violations. A new page is one line in PAGES.
 */
import { test } from "@playwright/test";
import { expectNoAxeViolations } from "./support/axe";
import { buildWorld, openEntry, PAGES, signedInStates, type World } from "./support/pages";
import { E2E_POSTGRES_SERVER } from "./support/config";

// What a page looks like and says does not depend on the database engine: checked once, in the SQLite run.
test.skip(Boolean(E2E_POSTGRES_SERVER), "engine-independent (accessibility, languages): runs in the SQLite run of npm test");

const WIDTHS = [390, 1280] as const;

let world: World;
let states: Awaited<ReturnType<typeof signedInStates>>;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  world = await buildWorld();
  states = await signedInStates(browser, world);
});

test.afterAll(async () => {
  await world?.close();
});

for (const entry of PAGES) {
  for (const width of WIDTHS) {
    test(`axe: ${entry.name} at ${width} px`, async ({ browser }) => {
      const { context, page } = await openEntry(browser, entry, world, states, { width });
      try {
        await expectNoAxeViolations(page, `${entry.name} at ${width} px`);
      } finally {
        await context.close();
      }
    });
  }
}
