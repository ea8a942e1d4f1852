"use client";

import { useTranslations } from "next-intl";
import { QRCodeSVG } from "qrcode.react";
import type { SpotJson } from "@/lib/spots/spot-view";

/** The cards to print, and the button that prints them (hidden on paper). */
export function QrSheet({ merchantName, spots }: { merchantName: string; spots: SpotJson[] }) {
  const t = useTranslations("merchantPrint");
  const place = spots[0]?.location.title ?? "";
  return (
    <>
      <div className="row-head no-print">
        <h1>{t("heading", { place: place || merchantName })}</h1>
        <button className="button" type="button" onClick={() => window.print()}>
          {t("print")}
        </button>
      </div>
      <p className="muted small no-print">{t("intro")}</p>
      {spots.length === 0 ? (
        <p className="muted">{t("none")}</p>
      ) : (
        <ul className="qr-sheet" aria-label={t("cards")}>
          {spots.map((spot) => (
            <li key={spot.id} className="qr-card" data-testid="qr-card">
              <span className="qr-card-place">{spot.location.title}</span>
              <span className="qr-card-identifier">{spot.identifier}</span>
              <QRCodeSVG
                value={spot.qr}
                size={256}
                level="M"
                marginSize={4}
                bgColor="#ffffff"
                fgColor="#000000"
                title={t("qrTitle", { spot: spot.identifier, place: spot.location.title })}
              />
              <p className="qr-card-hint">{t("cardHint")}</p>
              <p className="qr-card-url">{spot.qr}</p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
