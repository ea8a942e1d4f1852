"use client";

import { useFormatter } from "next-intl";

/** A time in the reader's locale and time zone (next-intl's formatter: the TZ cookie, UTC before the browser told us). */
export function LocalTime({ iso }: { iso: string }) {
  const format = useFormatter();
  const date = new Date(iso);
  return (
    <time dateTime={date.toISOString()} suppressHydrationWarning>
      {format.dateTime(date, { dateStyle: "medium", timeStyle: "short" })}
    </time>
  );
}
