"use client";

import { useEffect, useState } from "react";

const localFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const utcFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/**
 * A time in the reader's own time zone. The server does not know it, so the first render (server and
 * hydration) says UTC and the browser then rewrites it in local time.
 */
export function LocalTime({ iso }: { iso: string }) {
  const date = new Date(iso);
  const [text, setText] = useState(() => `${utcFormat.format(date)} UTC`);
  useEffect(() => setText(localFormat.format(new Date(iso))), [iso]);
  return <time dateTime={date.toISOString()}>{text}</time>;
}
