/**
 * No string left untranslated: every locale has exactly English's keys, every message is a non-empty string
 * with the same {arguments}, the areas' namespaces never collide, and every t("key") the code calls with a
 * literal key exists. The e2e language runs (e2e/languages.spec.ts) then render pages in each locale and
 * fail on any ⟦missing⟧ marker.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LOCALES } from "@/lib/i18n/locales";
import { MESSAGE_AREAS } from "@/lib/i18n/messages";

type Tree = { [key: string]: string | Tree };
const root = path.resolve(__dirname, "../..");

function read(locale: string, area: string): Tree {
  return JSON.parse(readFileSync(path.join(root, "messages", locale, `${area}.json`), "utf8")) as Tree;
}

function flatten(tree: Tree, prefix = ""): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === "object" && !Array.isArray(value)) for (const [k, v] of flatten(value, full)) out.set(k, v);
    else out.set(full, value);
  }
  return out;
}

/** The top-level argument names of an ICU message ({name}, {count, plural, …}), nested ones included. */
function argumentsOf(message: string): string[] {
  return [...new Set([...message.matchAll(/\{\s*([A-Za-z_][\w]*)\s*[,}]/g)].map((m) => m[1]!))].sort();
}

const english = new Map<string, unknown>();
for (const area of MESSAGE_AREAS) for (const [k, v] of flatten(read("en", area))) english.set(k, v);

describe("messages", () => {
  it.each(MESSAGE_AREAS.flatMap((area) => LOCALES.filter((l) => l !== "en").map((locale) => [area, locale] as const)))(
    "%s in %s has exactly English's keys and arguments",
    (area, locale) => {
      const en = flatten(read("en", area));
      const other = flatten(read(locale, area));
      expect([...other.keys()].filter((k) => !en.has(k)), "keys English does not have").toEqual([]);
      expect([...en.keys()].filter((k) => !other.has(k)), "keys not translated").toEqual([]);
      for (const [key, value] of other) {
        expect(typeof value === "string" && value.trim().length > 0, `${locale} ${key} is a non-empty string`).toBe(true);
        expect(argumentsOf(value as string), `${locale} ${key} arguments`).toEqual(argumentsOf(en.get(key) as string));
      }
    },
  );

  it("every English message is a non-empty string", () => {
    for (const [key, value] of english) expect(typeof value === "string" && value.trim().length > 0, key).toBe(true);
  });

  it("no two areas define the same namespace", () => {
    for (const locale of LOCALES) {
      const seen = new Map<string, string>();
      for (const area of MESSAGE_AREAS) {
        for (const namespace of Object.keys(read(locale, area))) {
          expect(seen.get(namespace), `${locale}: namespace "${namespace}" in ${area} and ${seen.get(namespace)}`).toBeUndefined();
          seen.set(namespace, area);
        }
      }
    }
  });

  it("every literal key the code asks for exists in English", () => {
    const missing: string[] = [];
    let checked = 0;
    for (const file of sourceFiles(["app", "components", "lib"])) {
      const text = readFileSync(file, "utf8");
      // const t = useTranslations("ns") | await getTranslations("ns") | getTranslations({ locale, namespace: "ns" })
      const translators = text.matchAll(
        /(?:const|let)\s+(\w+)\s*=\s*(?:await\s+)?(?:useTranslations|getTranslations)\(\s*(?:"([^"]*)"|\{[^}]*namespace:\s*"([^"]*)"[^}]*\})?\s*\)/g,
      );
      for (const [, name, ns1, ns2] of translators) {
        const namespace = ns1 ?? ns2 ?? "";
        const calls = text.matchAll(new RegExp(`\\b${name}(?:\\.rich|\\.markup|\\.raw)?\\(\\s*"([^"]+)"`, "g"));
        for (const [, key] of calls) {
          checked += 1;
          const full = namespace ? `${namespace}.${key}` : key!;
          if (!english.has(full)) missing.push(`${path.relative(root, file)}: ${full}`);
        }
      }
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(0);
  });
});

function sourceFiles(dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry) && !entry.endsWith(".test.ts")) out.push(full);
    }
  };
  for (const dir of dirs) walk(path.join(root, dir));
  return out;
}
