"use client";

import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useCallback } from "react";
import { ApiError } from "@/lib/api-client";
import { money } from "./format";

/** Known API error codes the merchant pages explain in plain, translated words (never the raw API message). */
const EXPLAINED = new Set([
  "NETWORK",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "VALIDATION_ERROR",
  "INVALID_JSON",
  "INVALID_AMOUNT",
  "UNSUPPORTED_CURRENCY",
  "INSUFFICIENT_FUNDS",
  "HANDLE_TAKEN",
  "CONFLICT",
  "INVALID_STATE",
  "IDEMPOTENCY_CONFLICT",
  "REQUEST_EXPIRED",
  "REQUEST_PAID",
  "REQUEST_CANCELLED",
  "SPOT_OCCUPIED",
  "RATE_LIMITED",
  "SERVICE_UNAVAILABLE",
  "INTERNAL_ERROR",
]);

/**
 * What a failed call to our API means for the person at the till, in their language: a known code gets its
 * own sentence (merchantErrors.<CODE>), anything else the caller's `fallback` (which says what did not work).
 */
export function useApiErrorText() {
  const t = useTranslations("merchantErrors");
  return useCallback(
    (failure: unknown, fallback: string): string => {
      if (!(failure instanceof ApiError)) return fallback;
      if (failure.status === 401) return t("UNAUTHENTICATED");
      if (EXPLAINED.has(failure.code)) return t(failure.code as "NETWORK");
      return fallback;
    },
    [t],
  );
}

/** Money in the reader's locale; an empty currency shows the number alone. */
export function useMoney() {
  const locale = useLocale();
  return useCallback((amount: string, currency: string) => money(locale, amount, currency), [locale]);
}

/** A date and time in the reader's locale and time zone (the same on the server and in the browser). */
export function useWhen() {
  const format = useFormatter();
  const td = useTranslations("merchantDashboard");
  return useCallback(
    (iso: string | null) => (iso ? format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "medium" }) : td("never")),
    [format, td],
  );
}
