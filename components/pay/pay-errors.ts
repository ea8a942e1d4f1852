"use client";

import { useTranslations } from "next-intl";
import { useMoney } from "@/components/pay/use-money";
import { ApiError } from "@/lib/api-client";

/** What the pay pages do about a refusal: besides the message, a few refusals change the panel. */
export type PayFailureKind = "funds" | "session" | "reauth" | "other";

export function failureKind(failure: unknown): PayFailureKind {
  if (!(failure instanceof ApiError)) return "other";
  if (failure.code === "INSUFFICIENT_FUNDS") return "funds";
  if (failure.code === "REAUTH_REQUIRED") return "reauth";
  if (failure.status === 401 && failure.code !== "INVALID_CREDENTIALS") return "session";
  return "other";
}

/** The API's error codes → plain words in the reader's language. A raw API message is never shown. */
export function usePayErrorMessage(): (failure: unknown) => string {
  const t = useTranslations("pay.errors");
  const money = useMoney();
  return (failure) => {
    if (!(failure instanceof ApiError)) return t("generic");
    const details = failure.details ?? {};
    switch (failure.code) {
      case "INSUFFICIENT_FUNDS": {
        const missing = typeof details.missing === "string" ? details.missing : null;
        const currency = typeof details.currency === "string" ? details.currency : null;
        return missing && currency ? t("insufficientFunds", { missing: money(missing, currency) }) : t("insufficientFundsPlain");
      }
      case "REAUTH_REQUIRED":
        return t("reauthRequired");
      case "INVALID_CREDENTIALS":
        return t("wrongPassword");
      case "RATE_LIMITED":
        return t("tooManyAttempts");
      case "REQUEST_EXPIRED":
      case "ORDER_EXPIRED":
      case "SESSION_EXPIRED":
      case "PAYMENT_EXPIRED":
      case "TRANSACTION_EXPIRED":
        return t("expired");
      case "REQUEST_PAID":
      case "ORDER_ALREADY_PAID":
      case "SESSION_USED":
        return t("alreadyPaid");
      case "REQUEST_CANCELLED":
        return t("cancelled");
      case "REQUEST_NOT_YET_VALID":
        return t("notYetValid");
      case "INVALID_STATE":
      case "CONFLICT":
        return t("invalidState");
      case "INVALID_AMOUNT":
      case "VALIDATION_ERROR":
        return t("invalidAmount");
      case "CURRENCY_MISMATCH":
      case "UNSUPPORTED_CURRENCY":
        return t("currency");
      case "SETTLEMENT_FAILED":
        return t("settlementFailed");
      case "SETTLEMENT_NOT_SUPPORTED":
        return t("settlementNotSupported");
      case "INVALID_SIGNATURE":
        return t("invalidSignature");
      case "METADATA_UNAVAILABLE":
        return t("merchantUnavailable");
      case "NOT_FOUND":
      case "SESSION_NOT_FOUND":
      case "ORDER_NOT_FOUND":
        return t("notFound");
      case "SPOT_OCCUPIED":
        return t("spotOccupied");
      case "FORBIDDEN":
        return t("forbidden");
      case "SERVICE_UNAVAILABLE":
        return t("busy");
      case "NETWORK":
        return t("network");
      default:
        return failure.status === 401 ? t("sessionEnded") : t("generic");
    }
  };
}
