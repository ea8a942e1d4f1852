"use client";

import { useTranslations } from "next-intl";
import { QRCodeSVG } from "qrcode.react";
import { CopyButton } from "@/components/ui/copy-button";

/** The personal QR code (black on white with its quiet zone, also in dark mode), the handle in large type, and copy buttons. */
export function ReceiveCard({ handle, url }: { handle: string; url: string }) {
  const t = useTranslations("wallet.receive");
  return (
    <section className="card qr-wrap" aria-labelledby="receive-handle-label">
      <p>{t("showCode")}</p>
      <div className="qr-box" data-testid="receive-qr">
        <QRCodeSVG value={url} size={240} level="M" marginSize={4} bgColor="#ffffff" fgColor="#000000" title={t("qrTitle", { handle: `@${handle}` })} />
      </div>
      <h2 id="receive-handle-label" className="muted small" style={{ fontWeight: 400, margin: 0 }}>
        {t("yourHandle")}
      </h2>
      <p className="money-handle" data-testid="receive-handle">
        @{handle}
      </p>
      <div className="money-copy">
        <CopyButton text={`@${handle}`} label={t("copyHandle")} what={t("handleWhat")} />
      </div>
      <p className="money-link small">
        <span className="muted">{t("orShare")} </span>
        <span className="mono" data-testid="receive-link">
          {url}
        </span>
      </p>
      <div className="money-copy">
        <CopyButton text={url} label={t("copyLink")} what={t("linkWhat")} />
      </div>
    </section>
  );
}
