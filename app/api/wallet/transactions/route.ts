import { authenticateWalletRequest } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { listTransactions, listTransactionsQuery } from "@/lib/wallet/list-transactions";

export const GET = route(
  { authenticate: authenticateWalletRequest, query: listTransactionsQuery, headers: { "cache-control": "no-store" } },
  async ({ auth: userId, query }) => {
    const { transactions, nextCursor } = await listTransactions({ userId, ...query });
    return { transactions, nextCursor };
  },
);
