"use client";

import { QRCodeSVG } from "qrcode.react";
import type { SpotJson } from "@/lib/spots/spot-view";

/** The cards to print, and the button that prints them (hidden on paper). */
export function QrSheet({ merchantName, spots }: { merchantName: string; spots: SpotJson[] }) {
  const place = spots[0]?.location.title ?? "";
  return (
    <>
      <div className="row-head no-print">
        <h1>QR codes for {place || merchantName}</h1>
        <button className="button" type="button" onClick={() => window.print()}>
          Print
        </button>
      </div>
      <p className="muted small no-print">
        One card per spot. Put each where the customer sits; the code never changes, so it is printed once.
      </p>
      {spots.length === 0 ? (
        <p className="muted">This place has no spots yet.</p>
      ) : (
        <ul className="qr-sheet" aria-label="QR codes">
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
                title={`QR code of ${spot.identifier} at ${spot.location.title}`}
              />
              <p className="qr-card-hint">Scan to check in and pay at your table</p>
              <p className="qr-card-url">{spot.qr}</p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
