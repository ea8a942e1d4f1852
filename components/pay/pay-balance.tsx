"use client";

import { useTranslations } from "next-intl";
import { useMoney } from "@/components/pay/use-money";

export { missingAmount } from "@/components/pay/decimal";

/**
 * "Your balance" next to a Pay/Confirm button and, when it is short, how much is missing and an
 * "Add money" link (the page keeps the button disabled meanwhile; a new tab keeps the order open here).
 */
export function PayBalance({ balance, currency, missing, testId, describedId }: { balance: string; currency: string; missing: string | null; testId: string; describedId: string }) {
  const t = useTranslations("pay.balance");
  const money = useMoney();
  return (
    <>
      <dl className="checkout-balance">
        <dt>{t("label")}</dt>
        <dd data-testid={testId}>{money(balance, currency)}</dd>
      </dl>
      {missing ? (
        <p className="small checkout-short" id={describedId} data-testid="balance-short">
          {t("short", { missing: money(missing, currency) })}{" "}
          <a href="/wallet/add-money" target="_blank" rel="noopener">
            {t("addMoney")}
          </a>
        </p>
      ) : null}
    </>
  );
}
