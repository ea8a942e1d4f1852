/**
 * Operator CLI: `npm run wallet -- <command> [options]`. Each command prints its result as the
 * last line of stdout; any error prints a message on stderr and exits non-zero.
 */
import { parseArgs } from "node:util";
import { loadEnvConfig } from "@next/env";
import { createAccessToken } from "../lib/auth/access-tokens";
import { disconnectDb } from "../lib/db";
import { backupSqlite } from "../lib/db/copy/backup-sqlite";
import { AppError } from "../lib/errors";
import { listDeliveries } from "../lib/deliveries/list-deliveries";
import { listSettlements } from "../lib/settlement/list-settlements";
import { redeliverDelivery } from "../lib/deliveries/redeliver-delivery";
import { checkLedger } from "../lib/ledger/check-ledger";
import { createMerchant } from "../lib/merchants/create-merchant";
import { createMerchantApiKey } from "../lib/merchants/create-merchant-api-key";
import { getMerchantByIdOrThrow } from "../lib/merchants/get-merchant";
import { addPartner, fundPartner, listPartners } from "../lib/network/partners";
import { addCounterparty, listCounterparties } from "../lib/opencharge/counterparties";
import { generateKeyPair } from "../lib/opencharge/crypto";
import { createUser } from "../lib/users/create-user";
import { findUserByEmailOrThrow } from "../lib/users/find-user";
import { topUpUser } from "../lib/wallet/top-up-user";
import { copyWalletToPostgres } from "./db/copy-wallet";
import { configuredDatabaseUrl, ensureMigrated } from "./migrate";

loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });

class UsageError extends Error {}

type Options = Record<string, string | boolean | undefined>;

function required(options: Options, name: string): string {
  const value = options[name];
  if (typeof value !== "string" || value.trim() === "") throw new UsageError(`--${name} is required`);
  return value;
}

type Command = {
  usage: string;
  options: string[];
  /** Options that take no value (`--reserve`): true when given. */
  flags?: string[];
  /** Names of the positional arguments it requires, in order (e.g. ["id"]); none when absent. */
  positionals?: string[];
  /** false: runs without applying pending migrations first (commands that must not change the database's schema). */
  migrates?: false;
  run: (o: Options, args: string[]) => Promise<string>;
};

const optional = (o: Options, name: string): string | undefined => (typeof o[name] === "string" ? (o[name] as string) : undefined);

const commands: Record<string, Command> = {
  "user:create": {
    usage: "user:create --email E --password P [--name N] [--handle H]",
    options: ["email", "password", "name", "handle"],
    async run(o) {
      const user = await createUser({
        email: required(o, "email"),
        password: required(o, "password"),
        name: typeof o.name === "string" ? o.name : undefined,
        handle: optional(o, "handle"),
      });
      return JSON.stringify({ id: user.id, email: user.email, name: user.name, handle: user.handle });
    },
  },
  topup: {
    usage: "topup --email E --amount A --currency C",
    options: ["email", "amount", "currency"],
    async run(o) {
      const user = await findUserByEmailOrThrow(required(o, "email"));
      const result = await topUpUser({ userId: user.id, amount: required(o, "amount"), currency: required(o, "currency") });
      return JSON.stringify({ email: user.email, ...result });
    },
  },
  "token:create": {
    usage: "token:create --email E [--name N]",
    options: ["email", "name"],
    async run(o) {
      const user = await findUserByEmailOrThrow(required(o, "email"));
      const { token } = await createAccessToken({ userId: user.id, name: typeof o.name === "string" ? o.name : "CLI token" });
      console.log("Store this token now: it is shown only once.");
      return token;
    },
  },
  "merchant:create": {
    usage: "merchant:create --email E --name N [--handle H]",
    options: ["email", "name", "handle"],
    async run(o) {
      const owner = await findUserByEmailOrThrow(required(o, "email"));
      const merchant = await createMerchant({ ownerId: owner.id, name: required(o, "name"), handle: optional(o, "handle") });
      return JSON.stringify({ id: merchant.id, handle: merchant.handle, name: merchant.name });
    },
  },
  "merchant:key": {
    usage: "merchant:key --merchant ID [--scopes payments,refunds] [--name N]",
    options: ["merchant", "scopes", "name"],
    async run(o) {
      const merchant = await getMerchantByIdOrThrow(required(o, "merchant"));
      const scopes = optional(o, "scopes")?.split(",").map((scope) => scope.trim()).filter(Boolean);
      const key = await createMerchantApiKey({ merchantId: merchant.id, ownerId: merchant.ownerId, name: optional(o, "name") ?? "CLI key", scopes });
      console.log(`Key ${key.id} for @${merchant.handle}, scopes ${key.scopes.join(",")}. Store it now: it is shown only once.`);
      return key.key;
    },
  },
  keygen: {
    usage: "keygen",
    options: [],
    migrates: false,
    async run() {
      return JSON.stringify(generateKeyPair());
    },
  },
  "counterparty:add": {
    usage:
      "counterparty:add --ocid N --metadata-url URL [--proof-canonical recursive|replacer] [--signature-encoding rsv|compact|der] " +
      "[--request-path full|relative] [--checkout-proof-to gateway|merchant] [--reserve] [--provider]",
    options: ["ocid", "metadata-url", "proof-canonical", "signature-encoding", "request-path", "checkout-proof-to"],
    flags: ["reserve", "provider"],
    async run(o) {
      const counterparty = await addCounterparty({
        ocid: required(o, "ocid"),
        metadataUrl: required(o, "metadata-url"),
        proofCanonicalMode: optional(o, "proof-canonical"),
        signatureEncoding: optional(o, "signature-encoding"),
        requestPath: optional(o, "request-path"),
        checkoutProofTo: optional(o, "checkout-proof-to"),
        reserve: o.reserve === true,
        provider: o.provider === true,
      });
      return JSON.stringify(counterparty);
    },
  },
  "counterparty:list": {
    usage: "counterparty:list",
    options: [],
    async run() {
      return JSON.stringify(await listCounterparties());
    },
  },
  "partner:add": {
    usage: "partner:add --ocid N --currency C [--credit-limit A]",
    options: ["ocid", "currency", "credit-limit"],
    async run(o) {
      return JSON.stringify(await addPartner({ ocid: required(o, "ocid"), currency: required(o, "currency"), creditLimit: optional(o, "credit-limit") }));
    },
  },
  "partner:fund": {
    usage: "partner:fund --ocid N --amount A --currency C",
    options: ["ocid", "amount", "currency"],
    async run(o) {
      return JSON.stringify(await fundPartner({ ocid: required(o, "ocid"), amount: required(o, "amount"), currency: required(o, "currency") }));
    },
  },
  "partner:list": {
    usage: "partner:list",
    options: [],
    async run() {
      return JSON.stringify(await listPartners());
    },
  },
  "deliveries:list": {
    usage: "deliveries:list [--status pending|delivered|rejected|failed] [--ocid N] [--limit N]",
    options: ["status", "ocid", "limit"],
    async run(o) {
      return JSON.stringify(await listDeliveries({ status: optional(o, "status"), ocid: optional(o, "ocid"), limit: optional(o, "limit") }));
    },
  },
  "settlements:list": {
    usage: "settlements:list [--status started|completed|failed] [--ocid N] [--reconcile] [--limit N]",
    options: ["status", "ocid", "limit"],
    flags: ["reconcile"],
    async run(o) {
      return JSON.stringify(
        await listSettlements({ status: optional(o, "status"), ocid: optional(o, "ocid"), reconcile: o.reconcile === true, limit: optional(o, "limit") }),
      );
    },
  },
  "deliveries:redeliver": {
    usage: "deliveries:redeliver ID",
    options: [],
    positionals: ["id"],
    async run(_o, [id]) {
      const result = await redeliverDelivery({ id: id! });
      console.log(`Delivery ${result.id} to OCID ${result.targetOcid}: ${result.status}${result.outcome ? ` (${result.outcome})` : ""}`);
      return JSON.stringify(result);
    },
  },
  "db:copy": {
    usage: "db:copy --to postgresql://user:password@host:5432/database",
    options: ["to"],
    // The source is copied as it is: one with pending migrations is refused, not migrated behind the operator's back.
    migrates: false,
    async run(o) {
      const summary = await copyWalletToPostgres({
        sourceUrl: configuredDatabaseUrl(),
        targetUrl: required(o, "to"),
        log: (line) => console.log(line),
        reportProblem: (problem) => console.error(JSON.stringify(problem)),
      });
      return JSON.stringify(summary);
    },
  },
  "db:backup": {
    usage: "db:backup --to FILE",
    options: ["to"],
    migrates: false,
    async run(o) {
      return JSON.stringify(await backupSqlite({ databaseUrl: configuredDatabaseUrl(), to: required(o, "to") }));
    },
  },
  "ledger:check": {
    usage: "ledger:check",
    options: [],
    async run() {
      const { postings, accounts, problems } = await checkLedger();
      for (const problem of problems) console.error(JSON.stringify(problem));
      if (problems.length > 0) throw new Error(`Ledger check FAILED: ${problems.length} problem(s) in ${postings} postings`);
      return `Ledger OK: ${postings} postings, ${accounts} accounts, every posting balances and every balance matches its entries`;
    },
  },
};

function help(): string {
  return ["Usage: npm run wallet -- <command> [options]", "", ...Object.values(commands).map((c) => `  ${c.usage}`)].join("\n");
}

/** `--amount -5` → `--amount=-5`, so a negative amount reaches the amount check instead of the arg parser. */
function joinOptionValues(args: string[], flags: string[] = []): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    const isFlag = flags.includes(arg.slice(2));
    if (arg.startsWith("--") && !isFlag && !arg.includes("=") && next !== undefined && !next.startsWith("--")) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help") {
    console.log(help());
    return name ? 0 : 1;
  }
  const command = commands[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${help()}`);
    return 1;
  }
  try {
    const { values, positionals } = parseArgs({
      args: joinOptionValues(rest, command.flags),
      options: {
        ...Object.fromEntries(command.options.map((o) => [o, { type: "string" as const }])),
        ...Object.fromEntries((command.flags ?? []).map((f) => [f, { type: "boolean" as const }])),
      },
      strict: true,
      allowPositionals: true,
    });
    const expected = command.positionals ?? [];
    if (positionals.length > expected.length) throw new UsageError(`unexpected argument "${positionals[expected.length]}"`);
    if (positionals.length < expected.length) throw new UsageError(`${expected[positionals.length]!.toUpperCase()} is required`);
    if (command.migrates !== false) ensureMigrated(); // a fresh machine has no database until the first command
    console.log(await command.run(values, positionals));
    return 0;
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      console.error(`Error: ${(error as Error).message}\nUsage: npm run wallet -- ${command.usage}`);
    } else if (error instanceof AppError || error instanceof Error) {
      console.error(`Error: ${error.message}`);
    } else {
      console.error("Error:", error);
    }
    return 1;
  } finally {
    await disconnectDb();
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
