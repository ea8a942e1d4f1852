"use client";

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

export function formatDuration(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, "0")}`;
}

export function Countdown({ expiresAt, label = "Expires in" }: { expiresAt: number; label?: string }) {
  const left = useSecondsLeft(expiresAt) ?? 0;
  return (
    <p className="countdown" role="timer" aria-label={`${label} ${formatDuration(left)}`}>
      {label} <strong>{formatDuration(left)}</strong>
    </p>
  );
}
