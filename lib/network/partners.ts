/**
 * Partner gateways that keep a reserve with us (protocol §9 "partner reserve", seen from our side): the
 * operator opens one reserve account per partner and currency (`partner:add`, with an optional credit
 * limit) and funds it (`partner:fund`: one balanced posting from the operator's funding account). The
 * partner then spends it through POST /opencharge/transfer/create (create-transfer.ts).
 */
import { inTransaction } from "@/lib/db/transaction";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { getOrCreateAccount, OPERATOR_OWNER, ocidOwner } from "@/lib/ledger/accounts";
import { postTransaction } from "@/lib/ledger/post-transaction";
import { currencyExponent, formatAmount, parseAmount, parsePositiveAmount } from "@/lib/money";
import { isOcid } from "@/lib/opencharge/ocid";

export type PartnerReserve = { ocid: number; currency: string; balance: string; creditLimit: string; available: string };

function toView(account: { owner: string; currency: string; balance: bigint; creditLimit: bigint | null }): PartnerReserve {
  const limit = account.creditLimit ?? 0n;
  return {
    ocid: Number(account.owner.slice("ocid:".length)),
    currency: account.currency,
    balance: formatAmount(account.balance, account.currency),
    creditLimit: formatAmount(limit, account.currency),
    available: formatAmount(account.balance + limit, account.currency),
  };
}

function parseOcid(input: string | number): number {
  const ocid = typeof input === "number" ? input : /^\d+$/.test(input.trim()) ? Number(input.trim()) : NaN;
  if (!isOcid(ocid)) throw new AppError("VALIDATION_ERROR", `"${String(input).slice(0, 20)}" is not an OCID.`, { details: { field: "ocid" } });
  return ocid;
}

function parseCurrency(input: string): string {
  const currency = input.trim().toUpperCase();
  currencyExponent(currency); // 400 UNSUPPORTED_CURRENCY
  return currency;
}

/** Opens (or updates the credit limit of) the reserve of partner `ocid` in `currency`. */
export async function addPartner(options: { ocid: string | number; currency: string; creditLimit?: string }): Promise<PartnerReserve> {
  const ocid = parseOcid(options.ocid);
  const currency = parseCurrency(options.currency);
  const creditLimit = options.creditLimit === undefined ? null : parseAmount(options.creditLimit, currency);
  if (creditLimit !== null && creditLimit < 0n) throw new AppError("INVALID_AMOUNT", "The credit limit cannot be negative.", { details: { field: "credit-limit" } });
  return inTransaction(undefined, async (tx) => {
    const account = await getOrCreateAccount(tx, { type: "reserve", owner: ocidOwner(ocid), currency });
    if (creditLimit !== null || account.creditLimit !== null) {
      // Lowering a limit below what is already used would leave the ledger check failing: refused.
      if (creditLimit !== null && account.balance < -creditLimit) {
        throw new AppError("INVALID_STATE", `Partner ${ocid} already uses ${formatAmount(-account.balance, currency)} ${currency} of credit.`);
      }
      return toView(await tx.ledgerAccount.update({ where: { id: account.id }, data: { creditLimit } }));
    }
    return toView(account);
  });
}

/** Credits partner `ocid`'s reserve from the operator's funding account (the partner paid us outside the network). */
export async function fundPartner(options: { ocid: string | number; amount: string; currency: string }): Promise<PartnerReserve> {
  const ocid = parseOcid(options.ocid);
  const currency = parseCurrency(options.currency);
  const minor = parsePositiveAmount(options.amount, currency);
  return inTransaction(undefined, async (tx) => {
    const reserve = await tx.ledgerAccount.findUnique({ where: { type_owner_currency: { type: "reserve", owner: ocidOwner(ocid), currency } } });
    if (!reserve) throw new AppError("ACCOUNT_NOT_FOUND", `Partner ${ocid} has no ${currency} reserve; open it with partner:add first.`);
    const funding = await getOrCreateAccount(tx, { type: "funding", owner: OPERATOR_OWNER, currency });
    await postTransaction(tx, {
      kind: "partner_fund",
      description: `Reserve of partner ${ocid} funded`,
      legs: [
        { accountId: funding.id, amount: -minor },
        { accountId: reserve.id, amount: minor },
      ],
    });
    return toView(await tx.ledgerAccount.findUniqueOrThrow({ where: { id: reserve.id } }));
  });
}

export async function listPartners(): Promise<PartnerReserve[]> {
  const client = await db();
  const accounts = await client.ledgerAccount.findMany({ where: { type: "reserve" }, orderBy: [{ owner: "asc" }, { currency: "asc" }] });
  return accounts.map(toView);
}
