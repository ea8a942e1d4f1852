"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { CopyButton } from "@/components/ui/copy-button";
import { Field } from "@/components/ui/field";
import { apiFetch, ApiError } from "@/lib/api-client";

type TokenRow = { id: string; name: string; prefix: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };

/**
 * Create, list and revoke personal access tokens. A new token is shown once with Copy buttons; "Revoke"
 * asks to confirm in place, and revoking the token that is shown removes it from the page.
 */
export function TokensClient({ initialTokens }: { initialTokens: TokenRow[] }) {
  const t = useTranslations("wallet.tokens");
  const format = useFormatter();
  const [tokens, setTokens] = useState(initialTokens);
  const [created, setCreated] = useState<{ id: string; name: string; token: string }>();
  const [confirming, setConfirming] = useState<string>();
  const [error, setError] = useState<string>();
  const [announcement, setAnnouncement] = useState("");
  const [isBusy, setBusy] = useState(false);
  const createdRef = useRef<HTMLHeadingElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const focusAfter = useRef<string | null>(null);

  const when = (iso: string | null) => (iso ? format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "short" }) : t("never"));

  useEffect(() => {
    if (created) createdRef.current?.focus();
  }, [created]);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  useEffect(() => {
    // After a revoke or a cancelled confirmation, focus goes back to that row (its heading), never to <body>.
    if (focusAfter.current) {
      document.getElementById(focusAfter.current)?.focus();
      focusAfter.current = null;
    }
  });

  async function refresh() {
    setTokens((await apiFetch<{ tokens: TokenRow[] }>("/api/wallet/tokens")).tokens);
  }

  async function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get("name") ?? "");
    setBusy(true);
    setError(undefined);
    try {
      const result = await apiFetch<{ id: string; token: string }>("/api/wallet/tokens", { method: "POST", body: JSON.stringify({ name }) });
      setCreated({ id: result.id, name: name.trim(), token: result.token });
      form.reset();
      await refresh();
    } catch (failure) {
      setError(failure instanceof ApiError && failure.code === "VALIDATION_ERROR" ? t("errors.nameRequired") : t("errors.create"));
    } finally {
      setBusy(false);
    }
  }

  async function revoke(row: TokenRow) {
    setError(undefined);
    setBusy(true);
    try {
      await apiFetch(`/api/wallet/tokens/${row.id}`, { method: "DELETE" });
      if (created?.id === row.id) setCreated(undefined);
      setConfirming(undefined);
      await refresh();
      setAnnouncement(t("revoked", { name: row.name }));
      focusAfter.current = `token-${row.id}`;
    } catch {
      setError(t("errors.revoke"));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="stack">
      <p role="status" className="visually-hidden">
        {announcement}
      </p>
      {error ? <Alert>{error}</Alert> : null}
      {created ? (
        <section className="card stack" aria-labelledby="new-token-heading">
          <h2 id="new-token-heading" ref={createdRef} tabIndex={-1} className="money-section-title">
            {t("newTokenHeading", { name: created.name })}
          </h2>
          <p id="new-token-hint">{t("newTokenHint")}</p>
          <pre className="token" data-testid="new-token">
            {created.token}
          </pre>
          <div className="money-copy" style={{ justifyContent: "flex-start" }}>
            <CopyButton text={created.token} label={t("copyToken")} what={t("tokenWhat")} describedBy="new-token-hint" />
            <CopyButton text={`Authorization: Bearer ${created.token}`} label={t("copyHeader")} what={t("headerWhat")} />
          </div>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              // The section goes away: focus moves on to the form below, never to <body>.
              setCreated(undefined);
              focusAfter.current = "token-name";
            }}
          >
            {t("hideToken")}
          </button>
        </section>
      ) : null}
      <form className="card stack" method="post" onSubmit={onCreate}>
        <Field id="token-name" name="name" label={t("nameLabel")} placeholder={t("namePlaceholder")} required maxLength={100} />
        <button className="button" type="submit" disabled={isBusy}>
          {t("create")}
        </button>
      </form>
      <section aria-labelledby="tokens-heading" className="stack">
        <h2 id="tokens-heading">{t("listHeading")}</h2>
        {tokens.length === 0 ? (
          <p className="muted">{t("empty")}</p>
        ) : (
          <ul className="history card token-list" aria-label={t("listLabel")}>
            {tokens.map((row) => (
              <li key={row.id} className="token-row">
                <div className="token-row-main">
                  <div id={`token-${row.id}`} tabIndex={-1}>
                    {row.name} <code className="muted small">{row.prefix}…</code>
                  </div>
                  <div className="muted small">{t("usage", { created: when(row.createdAt), used: when(row.lastUsedAt) })}</div>
                  {confirming === row.id ? (
                    <div className="token-confirm" role="group" aria-labelledby={`token-confirm-${row.id}`}>
                      <p id={`token-confirm-${row.id}`} className="small">
                        {t("confirmText", { name: row.name })}
                      </p>
                      <div className="actions">
                        <button ref={confirmRef} type="button" className="button button-danger" disabled={isBusy} onClick={() => void revoke(row)}>
                          {t("confirmRevoke", { name: row.name })}
                        </button>
                        <button
                          type="button"
                          className="button button-secondary"
                          disabled={isBusy}
                          onClick={() => {
                            setConfirming(undefined);
                            focusAfter.current = `revoke-${row.id}`;
                          }}
                        >
                          {t("keep")}
                        </button>
                      </div>
                    </div>
                  ) : null}
                </div>
                {row.revokedAt ? (
                  <span className="muted small">{t("revokedLabel")}</span>
                ) : confirming === row.id ? null : (
                  <button
                    id={`revoke-${row.id}`}
                    className="button button-secondary button-small"
                    type="button"
                    onClick={() => setConfirming(row.id)}
                    aria-label={t("revokeLabel", { name: row.name })}
                  >
                    {t("revoke")}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
