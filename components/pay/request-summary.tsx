import { useTranslations } from "next-intl";
import { divideDecimalExactly } from "@/components/pay/decimal";
import { ItemsTable } from "@/components/pay/items-table";
import { MerchantBadge } from "@/components/pay/merchant-badge";
import { useMoney } from "@/components/pay/use-money";
import type { PayerViewJson } from "@/lib/payment-requests/payment-request-view";

/**
 * Merchant (name and handle), amount, line items and description of a payment request, as its payer
 * sees it (the pay page, its receipt). An amount-less request shows no total: the payer enters one.
 */
export function RequestSummary({ request, headingId }: { request: PayerViewJson; headingId?: string }) {
  const t = useTranslations("pay");
  const money = useMoney();
  const { merchant, value } = request;
  return (
    <div className="stack">
      <MerchantBadge name={merchant.name} sub={`@${merchant.handle}`} nameId={headingId} />
      {value ? (
        <div className="total">
          <span>{t("total")}</span>
          <span className="amount" data-testid="request-total">
            {money(value.amount, value.currency)}
          </span>
        </div>
      ) : null}
      {request.lineItems && request.lineItems.length > 0 ? (
        // A request's line price is the line's total (product.md); the unit is shown when it divides exactly.
        <ItemsTable
          items={request.lineItems.map((item, index) => ({
            key: String(index),
            name: item.name,
            qty: item.qty,
            unit: divideDecimalExactly(item.price, item.qty),
            total: item.price,
          }))}
          currency={value?.currency}
        />
      ) : null}
      {request.description ? <p className="memo">{request.description}</p> : null}
    </div>
  );
}
