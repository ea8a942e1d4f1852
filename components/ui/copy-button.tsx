"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";

/**
 * Copies `text` and says so in a live region beside the button. The Clipboard API needs a secure context
 * (https or localhost); a wallet opened over plain http on a LAN falls back to a selection copy, and when
 * both fail the user is told to copy it by hand.
 */
export function CopyButton({
  text,
  label,
  what,
  isSmall = false,
  describedBy,
}: {
  text: string;
  /** The button's text ("Copy link"), in the reader's language. */
  label: string;
  /** What is copied ("Link"), in the reader's language: said in the live region after copying. */
  what: string;
  isSmall?: boolean;
  describedBy?: string;
}) {
  const t = useTranslations("wallet.copy");
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");

  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 4000);
    return () => clearTimeout(timer);
  }, [state]);

  async function copy() {
    setState((await copyText(text)) ? "copied" : "failed");
  }

  return (
    <>
      <button type="button" className={`button button-secondary${isSmall ? " button-small" : ""}`} onClick={() => void copy()} aria-describedby={describedBy}>
        {label}
      </button>
      <span role="status" className="small muted money-copy-status">
        {state === "copied" ? t("copied", { what }) : state === "failed" ? t("failed", { what }) : ""}
      </span>
    </>
  );
}

async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Refused (permissions, no user gesture): try the old way below.
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  try {
    return document.execCommand("copy");
  } catch {
    return false;
  } finally {
    area.remove();
  }
}
