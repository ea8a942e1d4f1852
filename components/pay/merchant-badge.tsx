import { useTranslations } from "next-intl";

/** Only an https image of a sane length is loaded; anything else (http, data:, javascript:) shows the initial. */
export function safeIconUrl(icon: string | null | undefined): string | null {
  if (!icon || icon.length > 2000) return null;
  try {
    const url = new URL(icon);
    return url.protocol === "https:" && !url.username && !url.password ? url.toString() : null;
  } catch {
    return null;
  }
}

/**
 * The merchant's name with their icon (from their signed metadata; a generated initial only as the
 * fallback) and, for an Opencharge order, "Verified merchant" in plain words with the details on demand.
 */
export function MerchantBadge({
  name,
  icon,
  sub,
  verifiedOcid,
  nameId,
  as: Heading = "div",
}: {
  name: string;
  icon?: string | null;
  sub?: React.ReactNode;
  /** The OCID whose signature on the order was checked; absent = no verification mark. */
  verifiedOcid?: number;
  nameId?: string;
  as?: "div" | "h1" | "h2";
}) {
  const t = useTranslations("pay.merchant");
  const src = safeIconUrl(icon);
  return (
    <div className="merchant">
      {src ? (
        // eslint-disable-next-line @next/next/no-img-element -- a remote icon from the merchant's metadata: fixed size, no referrer
        <img src={src} alt={t("iconAlt", { name })} width={40} height={40} className="merchant-icon" referrerPolicy="no-referrer" loading="lazy" decoding="async" crossOrigin="anonymous" />
      ) : (
        <span className="merchant-icon merchant-icon-fallback" aria-hidden="true">
          {name.slice(0, 1).toUpperCase()}
        </span>
      )}
      <div className="merchant-text">
        <Heading className="merchant-name" id={nameId}>
          {name}
        </Heading>
        {sub ? <div className="muted small">{sub}</div> : null}
        {verifiedOcid !== undefined ? (
          <details className="verified small">
            <summary>
              <span aria-hidden="true">✓ </span>
              {t("verified")}
            </summary>
            <p className="muted">{t("verifiedDetails", { ocid: verifiedOcid })}</p>
          </details>
        ) : null}
      </div>
    </div>
  );
}
