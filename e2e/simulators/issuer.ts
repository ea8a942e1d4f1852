/**
 * A simulated issuer of the Opencharge network — a bank, a settlement provider or a partner gateway — that
 * sends money to our wallet: it serves its metadata (so we can check its signatures), issues transfer
 * proofs signed with its own key, and delivers them to our POST /opencharge/transfer/webhook with its own
 * signed X-OC-* headers, as §7.7 and §8 describe.
 */
import { randomBytes } from "node:crypto";
import { startCounterpartyServer, type SimulatedCounterparty } from "./counterparty-server";

export type SimulatedProof = {
  txid: string;
  issuer: number;
  from: { ocid: number; reference?: string };
  to: { ocid: number; reference?: string };
  amount: string;
  currency: string;
  timestamp: number;
  memo?: string;
};

export type SimulatedIssuer = SimulatedCounterparty & {
  /** A proof from this issuer to `to`, with a fresh txid unless given. */
  proof(fields: Partial<SimulatedProof> & { to: SimulatedProof["to"]; amount: string; currency: string }): SimulatedProof;
  /** `{proof, signature}` signed with this issuer's key. */
  signed(proof: SimulatedProof): { proof: SimulatedProof; signature: string };
  /** POSTs `{proof, signature}` to `${gatewayEndpoint}/transfer/webhook` with this issuer's signed headers. */
  deliver(gatewayEndpoint: string, body: unknown): Promise<{ status: number; body: any }>;
};

export async function startSimulatedIssuer(options: { ocid: number; gatewayMetadataUrl: string; name?: string }): Promise<SimulatedIssuer> {
  const server = await startCounterpartyServer({
    ocid: options.ocid,
    name: options.name ?? `Simulated Bank ${options.ocid}`,
    acceptedIssuers: [options.ocid],
    gatewayMetadataUrl: options.gatewayMetadataUrl,
    capabilities: ["transfer.create", "transfer.webhook"],
  });
  return Object.assign(server, {
    proof(fields: Partial<SimulatedProof> & { to: SimulatedProof["to"]; amount: string; currency: string }): SimulatedProof {
      return {
        txid: `bank_${randomBytes(8).toString("hex")}`,
        issuer: options.ocid,
        from: { ocid: options.ocid, reference: "acct_1" },
        timestamp: Math.floor(Date.now() / 1000),
        ...fields,
      };
    },
    signed(proof: SimulatedProof) {
      return { proof, signature: server.signObject(proof) };
    },
    async deliver(gatewayEndpoint: string, body: unknown) {
      const response = await server.signedFetch(`${gatewayEndpoint}/transfer/webhook`, { method: "POST", body });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    },
  });
}
