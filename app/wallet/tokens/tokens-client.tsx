"use client";

import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { apiFetch, ApiError } from "@/lib/api-client";

type TokenRow = { id: string; name: string; prefix: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const when = (iso: string | null) => (iso ? `${dateFormat.format(new Date(iso))} UTC` : "never");

export function TokensClient({ initialTokens }: { initialTokens: TokenRow[] }) {
  const [tokens, setTokens] = useState(initialTokens);
  const [created, setCreated] = useState<{ name: string; token: string }>();
  const [error, setError] = useState<string>();
  const [isBusy, setBusy] = useState(false);

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
      const result = await apiFetch<{ token: string }>("/api/wallet/tokens", { method: "POST", body: JSON.stringify({ name }) });
      setCreated({ name, token: result.token });
      form.reset();
      await refresh();
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : "Could not create the token.");
    } finally {
      setBusy(false);
    }
  }

  async function revoke(id: string) {
    setError(undefined);
    try {
      await apiFetch(`/api/wallet/tokens/${id}`, { method: "DELETE" });
      await refresh();
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : "Could not revoke the token.");
    }
  }

  return (
    <div className="stack">
      {error ? <Alert>{error}</Alert> : null}
      {created ? (
        <div className="card stack" role="status">
          <p>
            <strong>Your new token “{created.name}”.</strong> Copy it now: it will not be shown again.
          </p>
          <pre className="token" data-testid="new-token">
            {created.token}
          </pre>
        </div>
      ) : null}
      <form className="card stack" method="post" onSubmit={onCreate}>
        <Field id="token-name" name="name" label="Token name" placeholder="e.g. My phone" required maxLength={100} />
        <button className="button" type="submit" disabled={isBusy}>
          Create token
        </button>
      </form>
      <section aria-labelledby="tokens-heading" className="stack">
        <h2 id="tokens-heading">Your tokens</h2>
        {tokens.length === 0 ? (
          <p className="muted">No tokens yet.</p>
        ) : (
          <ul className="history card" aria-label="Tokens">
            {tokens.map((t) => (
              <li key={t.id}>
                <div>
                  <div>
                    {t.name} <code className="muted small">{t.prefix}…</code>
                  </div>
                  <div className="muted small">
                    Created {when(t.createdAt)} · last used {when(t.lastUsedAt)}
                  </div>
                </div>
                {t.revokedAt ? (
                  <span className="muted small">Revoked</span>
                ) : (
                  <button className="button button-secondary" type="button" onClick={() => void revoke(t.id)} aria-label={`Revoke ${t.name}`}>
                    Revoke
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
