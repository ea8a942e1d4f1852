/**
 * A simulated settlement provider P (a bank, a payment router) of the Opencharge network, as a real HTTP
 * server with its own key: POST /opencharge/transfer/create from an account holder (our gateway) checks
 * its signed headers, debits its account here (402 INSUFFICIENT_FUNDS beyond it, 401 UNAUTHORIZED
 * without one) and answers {proof, signature}: P's proof that it paid `to` (the merchant's gateway, for
 * its payment txid), which the payer hands to that gateway's payment/settle (protocol reference §9).
 * Its behaviour can be switched for failure tests (network-server.ts EndpointBehaviour).
 */
import {
  errorAnswer,
  newProof,
  startNetworkServer,
  toCents,
  type EndpointBehaviour,
  type Json,
  type NetworkServer,
} from "./network-server";

export type SimulatedSettlementProvider = NetworkServer & {
  /** Opens (or tops up) the account `ocid` holds here. */
  fundAccount(ocid: number, amount: string): void;
  /** What `ocid` holds here (decimal string, two decimals). */
  balanceOf(ocid: number): string;
  setBehaviour(behaviour: EndpointBehaviour): void;
  /** Proofs it issued. */
  issued: any[];
};

export async function startSettlementProvider(options: { ocid: number; name?: string; currencies?: string[] }): Promise<SimulatedSettlementProvider> {
  const accounts = new Map<number, bigint>();
  const issued: any[] = [];
  let behaviour: EndpointBehaviour = "ok";

  const self = await startNetworkServer({
    ocid: options.ocid,
    name: options.name ?? `Simulated Settlement Provider ${options.ocid}`,
    capabilities: ["transfer.create"],
    settlement: { currencies: options.currencies ?? ["USD", "EUR", "UGX"], accepts: [options.ocid] },
    routes: {
      "/opencharge/transfer/create": ({ senderOcid, body }) => {
        if (behaviour === "error500") return errorAnswer(500, "INTERNAL_ERROR", "Simulated failure");
        if (behaviour === "hang") return { status: 0, body: null };
        if (behaviour === "refuse400") return errorAnswer(400, "INVALID_STATE", "Simulated refusal");
        const { from, to, amount, currency } = body as { from?: Json; to?: Json; amount?: unknown; currency?: unknown };
        const cents = toCents(amount);
        if (!from || from.ocid !== senderOcid) return errorAnswer(401, "UNAUTHORIZED", "from.ocid must be the caller");
        if (!to || typeof to.ocid !== "number" || cents === null || typeof currency !== "string") {
          return errorAnswer(400, "BAD_REQUEST", "from, to, amount and currency are required");
        }
        const balance = accounts.get(senderOcid);
        if (balance === undefined) return errorAnswer(401, "UNAUTHORIZED", `OCID ${senderOcid} holds no account here`);
        if (balance < cents) return errorAnswer(402, "INSUFFICIENT_FUNDS", `The account of ${senderOcid} holds less than ${amount}`);
        accounts.set(senderOcid, balance - cents);
        const proof = newProof(options.ocid, {
          from,
          to: { ocid: to.ocid, ...(typeof to.reference === "string" ? { reference: to.reference } : {}) },
          amount: amount as string,
          currency,
        });
        issued.push(proof);
        const signature = behaviour === "bad_proof" ? self.signWithStrangerKey(proof) : self.sign(proof);
        if (behaviour === "ok_then_500") return errorAnswer(500, "INTERNAL_ERROR", "Simulated failure after the transfer was made");
        return { status: 200, body: { proof, signature } };
      },
    },
  });

  return Object.assign(self, {
    fundAccount(ocid: number, amount: string) {
      accounts.set(ocid, (accounts.get(ocid) ?? 0n) + (toCents(amount) ?? 0n));
    },
    balanceOf(ocid: number) {
      const cents = accounts.get(ocid) ?? 0n;
      return `${cents / 100n}.${String(cents % 100n).padStart(2, "0")}`;
    },
    setBehaviour(next: EndpointBehaviour) {
      behaviour = next;
    },
    issued,
  });
}
