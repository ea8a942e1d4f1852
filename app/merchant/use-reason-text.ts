"use client";

import { useLocale, useTranslations } from "next-intl";
import { useCallback } from "react";
import { formatMoney } from "@/lib/i18n/format";
import { parseStatusReason } from "@/lib/payment-requests/status-reasons";

/**
 * A request's `statusReason` or log reason in the reader's language: the API's English text read back into
 * its kind and values (lib/payment-requests/status-reasons.ts) and said again from messages
 * (merchantReasons). The words a person typed (a cancel or decline reason) stay as they were typed; text
 * the table does not know is shown as it is.
 */
export function useReasonText(): (text: string) => string {
  const t = useTranslations("merchantReasons");
  const locale = useLocale();
  return useCallback(
    (text: string) => {
      const reason = parseStatusReason(text);
      if (!reason) return text;
      switch (reason.code) {
        case "expired":
        case "holdExpired":
        case "spotClosed":
        case "captured":
          return t(reason.code);
        case "cancelled":
        case "declined":
        case "released":
        case "accepted":
          return reason.reason ? t(`${reason.code}WithReason`, { reason: reason.reason }) : t(reason.code);
        case "cancelledRefunded": {
          const cancelled = reason.reason ? t("cancelledWithReason", { reason: reason.reason }) : t("cancelled");
          return t("cancelledRefunded", { cancelled, amount: formatMoney(locale, reason.amount, reason.currency), payers: reason.payers });
        }
        case "refunded":
          return t("refunded", { amount: formatMoney(locale, reason.amount, reason.currency), reference: reason.reference });
        case "networkCurrency":
          return t("networkCurrency", { ocid: String(reason.ocid), currency: reason.currency, requestCurrency: reason.requestCurrency });
        default:
          return t(reason.code, { ocid: String(reason.ocid) });
      }
    },
    [t, locale],
  );
}
