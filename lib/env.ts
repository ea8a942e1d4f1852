/**
 * The only reader of process.env. Validated with zod on first use (not at import, so `next build`
 * can load modules without production secrets). See .env.example for each variable.
 */
import path from "node:path";
import { z } from "zod";

const DEFAULT_DATABASE_URL = "file:./data/wallet.db";
/** The development OCID used when OPENCHARGE_OCID is unset. Real deployments set their registered OCID. */
export const DEVELOPMENT_OCID = 900;

const positiveInt = (fallback: number) =>
  z.coerce.number().int().positive().default(fallback);

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  APP_URL: z.url({ protocol: /^https?$/ }).optional(),
  DATABASE_URL: z
    .string()
    .refine((url) => /^(file:|postgres(ql)?:\/\/)/.test(url), "DATABASE_URL must be a file: URL (SQLite) or a postgresql:// URL (PostgreSQL)")
    .default(DEFAULT_DATABASE_URL),
  /** Connections per app instance in the PostgreSQL pool (each instance and the worker has its own). */
  DATABASE_POOL_SIZE: positiveInt(10),
  // The two secrets are optional here so tools that need neither (the wallet CLI's user:create, topup…)
  // run on a fresh machine; requireSecret() refuses at the point of use.
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
  OPENCHARGE_OCID: z.coerce.number().int().positive().max(2_147_483_647).default(DEVELOPMENT_OCID),
  OPENCHARGE_PRIVATE_KEY: z
    .string()
    .regex(/^(0x)?[0-9a-fA-F]{64}$/, "OPENCHARGE_PRIVATE_KEY must be 64 hex characters")
    .transform((k) => k.replace(/^0x/, "").toLowerCase())
    .optional(),
  OPENCHARGE_REGISTRY: z.string().optional(),
  /**
   * Issuer OCIDs (banks, settlement providers, partner gateways) whose proofs we accept at
   * /transfer/webhook, as a comma list ("100, 300"); published with our own OCID in settlement.accepts.
   */
  OPENCHARGE_SETTLEMENT_ACCEPTS: z
    .string()
    .default("")
    .transform((text, ctx) => {
      const ocids: number[] = [];
      for (const part of text.split(",").map((p) => p.trim()).filter(Boolean)) {
        const ocid = Number(part);
        if (!/^\d+$/.test(part) || !Number.isSafeInteger(ocid) || ocid < 1 || ocid > 2_147_483_647) {
          ctx.addIssue({ code: "custom", message: `OPENCHARGE_SETTLEMENT_ACCEPTS: "${part.slice(0, 20)}" is not an OCID (1–2147483647)` });
          return z.NEVER;
        }
        if (!ocids.includes(ocid)) ocids.push(ocid);
      }
      return ocids;
    }),
  PAY_SESSION_TTL_SECONDS: positiveInt(300),
  CHECKOUT_SESSION_TTL_SECONDS: positiveInt(1800),
  /** Default `expirySeconds` of a payment request (a request may ask for 10–86400). */
  PAYMENT_REQUEST_TTL_SECONDS: z.coerce.number().int().min(10).max(86_400).default(120),
  OPENCHARGE_ALLOW_HTTP: z
    .enum(["0", "1", "true", "false", ""])
    .default("0")
    .transform((v) => v === "1" || v === "true"),
  /** Shown in every page's footer: who runs this wallet, their terms and where to get help. */
  OPERATOR_NAME: z.string().trim().min(1).max(80).default("Opencharge Wallet"),
  OPERATOR_TERMS_URL: z.url({ protocol: /^https?$/ }).optional(),
  OPERATOR_SUPPORT_URL: z.url({ protocol: /^(https?|mailto)$/ }).optional(),
  /**
   * Payments above this amount ask for the password again: "100" (any currency) or per currency
   * "USD:100,EUR:90" (a bare amount is then the default for the others). Empty: never asked.
   */
  PAYMENT_REAUTH_ABOVE: z.string().trim().max(500).default(""),
  /** "off" keeps the outbox delivery worker out of the web server (run `npm run worker` instead). */
  DELIVERY_WORKER: z.enum(["on", "off"]).default("on"),
});

export type Env = Omit<z.infer<typeof envSchema>, "APP_URL"> & {
  APP_URL: string;
  /** Which engine DATABASE_URL selects. */
  DATABASE_ENGINE: DatabaseEngine;
  /** Absolute path of the SQLite database file (SQLite only; "" on PostgreSQL). */
  DATABASE_FILE: string;
};

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(emptyToUndefined(process.env));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const env = parsed.data;
  cached = {
    ...env,
    APP_URL: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ""),
    DATABASE_ENGINE: databaseEngineOf(env.DATABASE_URL),
    DATABASE_FILE: env.DATABASE_URL.startsWith("file:") ? sqliteFilePath(env.DATABASE_URL) : "",
  };
  return cached;
}

/** A secret that must be configured for the caller's work; a clear error names it otherwise. */
export function requireSecret(name: "AUTH_SECRET" | "OPENCHARGE_PRIVATE_KEY"): string {
  const value = getEnv()[name];
  if (!value) {
    throw new Error(`${name} is not set: run \`npm start\` once (it writes development secrets into .env) or set it (see .env.example).`);
  }
  return value;
}

/** Tests change the environment between cases. */
export function resetEnvCache(): void {
  cached = undefined;
}

export type DatabaseEngine = "sqlite" | "postgresql";

/** The engine a DATABASE_URL selects: `file:` → SQLite, `postgresql://` (or `postgres://`) → PostgreSQL. */
export function databaseEngineOf(url: string | undefined): DatabaseEngine {
  const value = url || DEFAULT_DATABASE_URL;
  if (value.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(value)) return "postgresql";
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1];
  throw new Error(
    `DATABASE_URL ${scheme ? `has the scheme "${scheme}:", which is not supported` : "is not a URL"}: use file:./data/wallet.db (SQLite) or postgresql://user:password@host:5432/database (PostgreSQL).`,
  );
}

/** `file:./data/wallet.db` → absolute path, resolved against the working directory (the project root). */
export function sqliteFilePath(url: string | undefined): string {
  const value = url || DEFAULT_DATABASE_URL;
  if (!value.startsWith("file:")) throw new Error("DATABASE_URL must be a file: URL (SQLite)");
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), value.slice("file:".length).replace(/\?.*$/, ""));
}

function emptyToUndefined(source: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(source)) out[key] = value === "" ? undefined : value;
  return out;
}
