"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";

/**
 * "Print" (the print style sheet hides everything but the receipt) and "Share": the system share sheet
 * where the browser has one, else the receipt's link is copied. The result is said in a live region.
 */
export function ReceiptActions({ title }: { title: string }) {
  const t = useTranslations("wallet.receipt");
  const [message, setMessage] = useState("");

  useEffect(() => {
    if (!message) return;
    const timer = setTimeout(() => setMessage(""), 5000);
    return () => clearTimeout(timer);
  }, [message]);

  async function share() {
    const url = window.location.href;
    if (typeof navigator.share === "function") {
      try {
        await navigator.share({ title, url });
        return;
      } catch (error) {
        if (error instanceof DOMException && error.name === "AbortError") return; // the user closed the sheet
      }
    }
    try {
      await navigator.clipboard.writeText(url);
      setMessage(t("linkCopied"));
    } catch {
      setMessage(t("shareFailed"));
    }
  }

  return (
    <div className="receipt-actions no-print">
      <div className="actions">
        <button type="button" className="button button-secondary" onClick={() => window.print()}>
          {t("print")}
        </button>
        <button type="button" className="button button-secondary" onClick={() => void share()}>
          {t("share")}
        </button>
      </div>
      <p role="status" className="small muted money-copy-status">
        {message}
      </p>
    </div>
  );
}
