import type { Locale } from "./locales";

/**
 * Messages live in one file per area and locale (messages/{locale}/{area}.json), so that work on the wallet,
 * paying and merchant pages never edits the same file. Each file's top-level keys are namespaces; the
 * areas' namespaces must not collide (tests/i18n/messages.test.ts).
 */
export const MESSAGE_AREAS = ["common", "auth", "wallet", "pay", "merchant"] as const;

type Messages = Record<string, unknown>;

// Merged once per locale and process, not on every page render.
const loaded = new Map<Locale, Promise<Messages>>();

export function loadMessages(locale: Locale): Promise<Messages> {
  let messages = loaded.get(locale);
  if (!messages) {
    messages = Promise.all(MESSAGE_AREAS.map(async (area) => (await import(`../../messages/${locale}/${area}.json`)).default as Messages)).then(
      (files) => Object.assign({}, ...files) as Messages,
    );
    loaded.set(locale, messages);
  }
  return messages;
}

/**
 * What a missing message renders as: visible, greppable and impossible to mistake for a translation. The
 * e2e language runs fail on any "⟦" in a page.
 */
export function missingMessage({ namespace, key }: { namespace?: string; key: string }): string {
  return `⟦${namespace ? `${namespace}.` : ""}${key}⟧`;
}
