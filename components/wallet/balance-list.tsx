import { getLocale, getTranslations } from "next-intl/server";
import { formatMoney } from "@/lib/i18n/format";
import type { Balance } from "@/lib/wallet/get-balances";

/** Balances, each with the money reserved for payment requests apart from it (when there is any). */
export async function BalanceList({ balances }: { balances: Array<Balance & { reserved?: string }> }) {
  const t = await getTranslations("wallet.balances");
  const locale = await getLocale();
  if (balances.length === 0) {
    return <p className="muted">{t("empty")}</p>;
  }
  return (
    <ul className="balances" aria-label={t("listLabel")}>
      {balances.map((b) => (
        <li key={b.currency} className="card">
          <div className="muted small">{b.currency}</div>
          <div className="balance-amount" data-testid={`balance-${b.currency}`}>
            {formatMoney(locale, b.amount, b.currency).replace(/ [A-Z]{3}$/, "")} <span className="visually-hidden">{b.currency}</span>
          </div>
          {b.reserved !== undefined && !isZero(b.reserved) ? (
            <div className="small muted" data-testid={`reserved-${b.currency}`}>
              {t("reserved", { amount: formatMoney(locale, b.reserved, b.currency) })}
              <span className="visually-hidden">{t("reservedHint")}</span>
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

const isZero = (amount: string) => /^0+(\.0+)?$/.test(amount);
