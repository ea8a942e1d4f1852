import { useLocale } from "next-intl";
import { formatMoney } from "@/lib/i18n/format";

/** Money in the reader's locale ("1,234.50 USD" / "1 234,50 USD"); works in server and client components. */
export function useMoney(): (amount: string, currency: string | null | undefined) => string {
  const locale = useLocale();
  return (amount, currency) => (currency ? formatMoney(locale, amount, currency) : amount);
}
