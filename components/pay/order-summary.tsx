"use client";

/** Merchant, amount, line items and memo of an Opencharge order; shared by the QR flow and hosted checkout. */
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { multiplyDecimal } from "@/components/pay/decimal";
import { ItemsTable } from "@/components/pay/items-table";
import { MerchantBadge } from "@/components/pay/merchant-badge";
import { useMoney } from "@/components/pay/use-money";

export type OrderSummaryProps = {
  merchant: { name: string; icon?: string | null; ocid: number };
  order: {
    id: string;
    amount: string;
    currency: string;
    items?: { id: string; name: string; quantity: number; price: string }[];
    memo?: string | null;
  };
  isVerified?: boolean;
};

/** The merchant and the amount: what a payer must see first (above the fold on a phone). */
export function OrderHead({ merchant, order, isVerified = true, nameAs }: OrderSummaryProps & { nameAs?: "div" | "h1" | "h2" }) {
  const t = useTranslations("pay");
  const money = useMoney();
  return (
    <div className="stack order-head">
      <MerchantBadge name={merchant.name} icon={merchant.icon} verifiedOcid={isVerified ? merchant.ocid : undefined} as={nameAs} />
      <div className="total">
        <span>{t("total")}</span>
        <span className="amount" data-testid="order-total">
          {money(order.amount, order.currency)}
        </span>
      </div>
    </div>
  );
}

/**
 * The order's lines and memo, collapsible: closed on a phone (the amount and the button come first), open
 * on a wide screen where there is room beside the pay panel.
 */
export function OrderItems({ order }: Pick<OrderSummaryProps, "order">) {
  const t = useTranslations("pay");
  const [isOpen, setOpen] = useState(false);
  useEffect(() => {
    if (window.matchMedia("(min-width: 48rem)").matches) setOpen(true);
  }, []);
  const items = order.items ?? [];
  if (items.length === 0 && !order.memo) return null;
  return (
    <details className="order-items" open={isOpen} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{items.length > 0 ? t("orderSummaryCount", { count: items.length }) : t("orderSummary")}</summary>
      <div className="stack">
        {items.length > 0 ? (
          <ItemsTable
            items={items.map((item) => ({
              key: item.id,
              name: item.name,
              qty: item.quantity,
              unit: item.price,
              total: multiplyDecimal(item.price, item.quantity) ?? item.price,
            }))}
            currency={order.currency}
          />
        ) : null}
        {order.memo ? <p className="memo">{order.memo}</p> : null}
      </div>
    </details>
  );
}

export function OrderSummary(props: OrderSummaryProps) {
  return (
    <div className="stack">
      <OrderHead {...props} />
      <OrderItems order={props.order} />
    </div>
  );
}
