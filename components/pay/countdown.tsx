"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";

/** Seconds left until `expiresAt` (Unix seconds), ticking every second. */
export function useSecondsLeft(expiresAt: number | undefined): number | undefined {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return expiresAt === undefined ? undefined : Math.max(0, Math.ceil(expiresAt - now / 1000));
}

/** "4:05": minutes and seconds read the same in every locale we speak. */
export function formatDuration(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, "0")}`;
}

/**
 * A visible countdown. The timer itself is not a live region (it would talk every second); `onExpired`
 * lets the page announce the end once, in its own live region.
 */
export function Countdown({ expiresAt, label, className = "countdown" }: { expiresAt: number; label?: string; className?: string }) {
  const t = useTranslations("pay");
  const left = useSecondsLeft(expiresAt) ?? 0;
  const text = label ?? t("expiresIn");
  return (
    // Server and browser clocks read a second apart at hydration; the next tick corrects it either way.
    <p className={className} role="timer" aria-label={`${text} ${formatDuration(left)}`} suppressHydrationWarning>
      {text} <strong suppressHydrationWarning>{formatDuration(left)}</strong>
    </p>
  );
}
