"use client";

import { signOut } from "next-auth/react";
import { useTranslations } from "next-intl";

export function SignOutButton({ isCompact = false }: { isCompact?: boolean }) {
  const t = useTranslations("auth.signOut");
  return (
    <button type="button" className={isCompact ? "wallet-menu-link wallet-menu-button" : "button button-secondary"} onClick={() => signOut({ callbackUrl: "/login" })}>
      {t("button")}
    </button>
  );
}
