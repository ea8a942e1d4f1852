import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { CopyButton } from "@/components/ui/copy-button";
import { BackToWallet, BackToWalletEnd } from "@/components/wallet/back-to-wallet";
import { requireSessionUser } from "@/lib/auth/current-user";
import { getAddMoneyInfo } from "@/lib/wallet/get-add-money-info";
import "../money.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("wallet.addMoney");
  return { title: t("title") };
}
export const dynamic = "force-dynamic";

/**
 * `/wallet/add-money`: how money reaches this wallet — from another user (handle, QR code), from a bank or
 * partner gateway of the Opencharge network (our OCID, the handle as `to.reference`), and on a development
 * setup the operator's top-up command.
 */
export default async function AddMoneyPage() {
  const user = await requireSessionUser("/wallet/add-money");
  const t = await getTranslations("wallet.addMoney");
  const info = await getAddMoneyInfo(user.id);
  const handle = `@${info.handle}`;
  return (
    <main className="page stack">
      <BackToWallet />
      <h1>{t("title")}</h1>
      <p className="muted">{t("intro")}</p>

      <section className="card stack money-section" aria-labelledby="from-people-heading">
        <h2 id="from-people-heading">{t("fromPeopleHeading")}</h2>
        <p>{t("fromPeopleText")}</p>
        <p className="money-handle" data-testid="add-money-handle">
          {handle}
        </p>
        <div className="money-copy" style={{ justifyContent: "flex-start" }}>
          <CopyButton text={handle} label={t("copyHandle")} what={t("handleWhat")} />
        </div>
        <Link className="button button-secondary button-block" href="/wallet/receive">
          {t("showQr")}
        </Link>
      </section>

      <section className="card stack money-section" aria-labelledby="from-network-heading">
        <h2 id="from-network-heading">{t("fromNetworkHeading")}</h2>
        <p>{t("fromNetworkText")}</p>
        <dl className="money-facts">
          <dt>{t("walletLabel")}</dt>
          <dd>
            {info.network.gatewayName}, {t("ocid")} <strong data-testid="add-money-ocid">{info.network.ocid}</strong>
          </dd>
          <dt>{t("referenceLabel")}</dt>
          <dd>
            <strong data-testid="add-money-reference">{info.network.reference}</strong>
          </dd>
        </dl>
        <div className="money-copy" style={{ justifyContent: "flex-start" }}>
          <CopyButton text={info.network.reference} label={t("copyReference")} what={t("referenceWhat")} />
        </div>
        <details className="more">
          <summary>{t("detailsSummary")}</summary>
          <p className="small">
            {t.rich("detailsText", {
              ocid: String(info.network.ocid),
              reference: info.network.reference,
              webhook: info.network.webhookUrl,
              code: (chunks) => <code>{chunks}</code>,
              mono: (chunks) => <span className="mono">{chunks}</span>,
            })}
          </p>
        </details>
      </section>

      {info.operatorTopUp ? (
        <section className="card stack money-section" aria-labelledby="operator-heading">
          <h2 id="operator-heading">{t("operatorHeading")}</h2>
          <p>{t("operatorText")}</p>
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
            <CopyButton text={info.operatorTopUp.command} label={t("copyCommand")} what={t("commandWhat")} />
          </div>
        </section>
      ) : null}
      <BackToWalletEnd />
    </main>
  );
}
