"use client";

import { useTranslations } from "next-intl";

const DONE = new Set(["DONE", "ACCEPTED"]);
const ENDED = new Set(["CANCELLED", "EXPIRED", "FAILED", "ERROR"]);

/** A payment request's status as a badge, named in the reader's language (English keeps the API's words). */
export function StatusBadge({ status }: { status: string }) {
  const t = useTranslations("merchantStatus");
  const tone = DONE.has(status) ? " status-done" : ENDED.has(status) ? " status-ended" : "";
  return <span className={`status-badge${tone}`}>{t.has(status) ? t(status) : status}</span>;
}
