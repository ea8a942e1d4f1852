/**
 * `npm run demo:merchant -- '<QR payload>' [--amount 7.50] [--currency USD]`: plays a merchant's till
 * against your running wallet, to try the QR flow by hand. It starts a simulated merchant on this
 * machine (its own key and metadata), registers it in the app's counterparty table, posts a signed
 * order to the pay session in the QR payload (copy it from "Show code" on /wallet/pay), then waits for
 * the signed proof of payment and checks it.
 *
 * The merchant lives on http://127.0.0.1, so the app must run with OPENCHARGE_ALLOW_HTTP=1.
 */
import { parseArgs } from "node:util";
import { loadEnvConfig } from "@next/env";
import { startSimulatedMerchant } from "../e2e/simulators";
import { disconnectDb } from "../lib/db";
import { addCounterparty } from "../lib/opencharge/counterparties";
import { ensureMigrated } from "./migrate";

loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });
process.env.OPENCHARGE_ALLOW_HTTP = "1"; // this process fetches the loopback merchant's metadata

async function main() {
  const { values, positionals } = parseArgs({
    options: { amount: { type: "string", default: "7.50" }, currency: { type: "string", default: "USD" } },
    allowPositionals: true,
  });
  const payloadText = positionals[0];
  if (!payloadText) throw new Error("usage: npm run demo:merchant -- '<QR payload JSON from Show code>' [--amount 7.50] [--currency USD]");
  const payload = JSON.parse(payloadText) as { ocid?: number; order?: string };
  if (typeof payload.order !== "string" || typeof payload.ocid !== "number") throw new Error("That is not a wallet QR payload.");
  const appBase = new URL(payload.order).origin;

  const merchant = await startSimulatedMerchant({
    ocid: 9000 + Math.floor(Math.random() * 900),
    acceptedIssuers: [payload.ocid],
    gatewayMetadataUrl: `${appBase}/opencharge/metadata.json`,
    gatewayOcid: payload.ocid,
    name: "Demo Coffee Bar",
  });
  try {
    ensureMigrated();
    await addCounterparty({ ocid: merchant.ocid, metadataUrl: merchant.metadataUrl });
    console.log(`Demo merchant OCID ${merchant.ocid} registered (${merchant.metadataUrl}).`);
    const order = merchant.buildOrder({
      amount: values.amount,
      currency: values.currency,
      items: [{ id: "demo", name: "Demo purchase", quantity: 1, price: values.amount! }],
      memo: "Thanks for trying the demo!",
    });
    const response = await merchant.signedFetch(payload.order, {
      method: "POST",
      body: { order, signature: merchant.signOrder(order), urls: {} },
    });
    const text = await response.text();
    if (response.status !== 200) {
      throw new Error(`The wallet refused the order (${response.status}): ${text}${response.status === 502 ? " — is the app running with OPENCHARGE_ALLOW_HTTP=1?" : ""}`);
    }
    console.log(`Order ${order.id} for ${order.amount} ${order.currency} posted. Confirm it in the wallet…`);
    const deadline = Date.now() + 5 * 60_000;
    for (;;) {
      const proof = merchant.proofs.find((p) => (p.proof as { to?: { reference?: string } }).to?.reference === order.id);
      if (proof) {
        console.log(JSON.stringify({ outcome: proof.outcome, proof: proof.proof }));
        break;
      }
      if (Date.now() > deadline) throw new Error("No proof arrived within 5 minutes (declined or expired?).");
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await merchant.close();
    await disconnectDb();
  }
}

main().catch((error) => {
  console.error(`Error: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
