import { useTranslations } from "next-intl";
import { useMoney } from "@/components/pay/use-money";

/**
 * The line items of an order or a payment request: one table for both summaries. Each line reads
 * "2 × 1.50 = 3.00 USD" when it has more than one unit and the unit price is known exactly.
 */
export type ItemRow = { key: string; name: string; qty: number; unit: string | null; total: string };

export function ItemsTable({ items, currency }: { items: ItemRow[]; currency: string | undefined }) {
  const t = useTranslations("pay.items");
  const money = useMoney();
  const number = (amount: string) => money(amount, currency).replace(currency ? ` ${currency}` : "", "");
  return (
    <table className="items">
      <caption className="visually-hidden">{t("caption")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("item")}</th>
          <th scope="col" className="num">
            {t("price")}
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.key}>
            <td>{item.name}</td>
            <td className="num" data-testid="item-line">
              {item.qty !== 1 && item.unit !== null ? (
                <span className="item-calc">
                  {t("line", { qty: item.qty, unit: number(item.unit) })}{" "}
                </span>
              ) : item.qty !== 1 ? (
                <span className="item-calc">{t("qtyOnly", { qty: item.qty })} </span>
              ) : null}
              <span className="item-total">{money(item.total, currency)}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
