import type { Metadata } from "next";
import Link from "next/link";
import { CopyButton } from "@/components/ui/copy-button";
import { BackToWallet } from "@/components/wallet/back-to-wallet";
import { requireSessionUser } from "@/lib/auth/current-user";
import { getAddMoneyInfo } from "@/lib/wallet/get-add-money-info";
import "../money.css";

export const metadata: Metadata = { title: "Add money" };
export const dynamic = "force-dynamic";

/**
 * `/wallet/add-money`: how money reaches this wallet — from another user (handle, QR code), from a bank or
 * partner gateway of the Opencharge network (our OCID, the handle as `to.reference`), and on a development
 * setup the operator's top-up command.
 */
export default async function AddMoneyPage() {
  const user = await requireSessionUser("/wallet/add-money");
  const info = await getAddMoneyInfo(user.id);
  const handle = `@${info.handle}`;
  return (
    <main className="page stack">
      <BackToWallet />
      <h1>Add money</h1>
      <p className="muted">Money reaches your wallet in these ways. It shows in your balance as soon as it arrives.</p>

      <section className="card stack money-section" aria-labelledby="from-people-heading">
        <h2 id="from-people-heading">From another wallet user</h2>
        <p>Give them your handle: they send money to it with “Send” in their wallet, or by scanning your QR code.</p>
        <p className="money-handle" data-testid="add-money-handle">
          {handle}
        </p>
        <div className="money-copy" style={{ justifyContent: "flex-start" }}>
          <CopyButton text={handle} label="Copy handle" what="Handle" />
        </div>
        <Link className="button button-secondary button-block" href="/wallet/receive">
          Show my QR code
        </Link>
      </section>

      <section className="card stack money-section" aria-labelledby="from-network-heading">
        <h2 id="from-network-heading">From a bank or payment provider</h2>
        <p>
          Banks and payment providers on the Opencharge network can send money to this wallet. Give them these details; your handle is the
          reference that tells this wallet the money is yours.
        </p>
        <dl className="money-facts">
          <dt>Wallet</dt>
          <dd>
            {info.network.gatewayName}, OCID <strong data-testid="add-money-ocid">{info.network.ocid}</strong>
          </dd>
          <dt>Reference</dt>
          <dd>
            <strong data-testid="add-money-reference">{info.network.reference}</strong>
          </dd>
        </dl>
        <div className="money-copy" style={{ justifyContent: "flex-start" }}>
          <CopyButton text={info.network.reference} label="Copy reference" what="Reference" />
        </div>
        <details className="more">
          <summary>Details for the bank or provider</summary>
          <p className="small">
            An Opencharge transfer proof to OCID {info.network.ocid} with <code>to.reference</code> set to <code>{info.network.reference}</code>,
            posted to <span className="mono">{info.network.webhookUrl}</span>. This wallet takes proofs only from the issuers its operator
            accepts.
          </p>
        </details>
      </section>

      {info.operatorTopUp ? (
        <section className="card stack money-section" aria-labelledby="operator-heading">
          <h2 id="operator-heading">While you try the wallet out</h2>
          <p>This wallet runs on a development setup. Its operator can add test money to your wallet from the command line:</p>
          <code className="money-code" data-testid="add-money-command">
            {/* One box per word, so a line never breaks inside "--amount"; the spaces stay for copying by hand. */}
            {info.operatorTopUp.command.split(" ").map((word, index) => (
              <span key={index}>
                {index > 0 ? " " : null}
                <span className="money-word">{word}</span>
              </span>
            ))}
          </code>
          <div className="money-copy" style={{ justifyContent: "flex-start" }}>
            <CopyButton text={info.operatorTopUp.command} label="Copy command" what="Command" />
          </div>
        </section>
      ) : null}
    </main>
  );
}
