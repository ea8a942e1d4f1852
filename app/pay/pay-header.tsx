import { useTranslations } from "next-intl";

/** The header of the pay pages (`/pay/{id}`, `/pay?code=…`, `/s/{token}`, the checkout), opened from a QR code by any phone camera. */
export function PayHeader({ secureLabel }: { secureLabel?: "payment" | "checkout" } = {}) {
  const t = useTranslations("pay.header");
  return (
    <header className="checkout-header">
      <a className="checkout-brand" href="/wallet">
        {t("brand")}
      </a>
      <span className="checkout-secure">
        <svg aria-hidden="true" width="14" height="14" viewBox="0 0 16 16" fill="currentColor">
          <path d="M8 1a3.5 3.5 0 0 0-3.5 3.5V6H4a1.5 1.5 0 0 0-1.5 1.5v6A1.5 1.5 0 0 0 4 15h8a1.5 1.5 0 0 0 1.5-1.5v-6A1.5 1.5 0 0 0 12 6h-.5V4.5A3.5 3.5 0 0 0 8 1Zm2 5H6V4.5a2 2 0 1 1 4 0V6Z" />
        </svg>
        {secureLabel === "checkout" ? t("secureCheckout") : t("securePayment")}
      </span>
    </header>
  );
}
