"use client";

import { useTranslations } from "next-intl";

/** A spot's status as a badge: waiting (a customer checked in) stands out; English keeps the contract's words. */
export function SpotStatusBadge({ status }: { status: string }) {
  const t = useTranslations("merchantSpotStatus");
  const tone = status === "waiting" ? " status-waiting" : status === "busy" ? " status-busy" : "";
  return <span className={`status-badge${tone}`}>{t.has(status) ? t(status) : status}</span>;
}
