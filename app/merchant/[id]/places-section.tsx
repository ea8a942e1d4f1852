"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useRef, useState, type FormEvent } from "react";
import useSWR from "swr";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { apiFetch, ApiError, jsonFetcher } from "@/lib/api-client";
import type { LocationJson, SpotJson } from "@/lib/spots/spot-view";
import { useApiErrorText } from "../use-merchant-text";
import { SpotStatusBadge } from "./spot-status-badge";

type Location = LocationJson & { spotCount: number };

/**
 * The owner's places and spots on /merchant/{id}: add a location, add spots to it (each gets its static
 * QR code), open the printable QR sheet, and see each spot's status. The till works the spots on the
 * Tables view.
 */
export function PlacesSection({ merchantId, initial }: { merchantId: string; initial: { locations: Location[]; spots: SpotJson[] } }) {
  const t = useTranslations("merchantPlaces");
  const base = `/api/merchants/${merchantId}`;
  const locations = useSWR<{ locations: Location[] }>(`${base}/locations`, jsonFetcher, {
    fallbackData: { locations: initial.locations },
    revalidateOnMount: false,
  });
  const spots = useSWR<{ spots: SpotJson[] }>(`${base}/spots`, jsonFetcher, {
    fallbackData: { spots: initial.spots },
    refreshInterval: 5000,
    revalidateOnFocus: true,
    revalidateOnMount: false,
  });
  const all = locations.data?.locations ?? [];
  const refresh = async () => {
    await Promise.all([locations.mutate(), spots.mutate()]);
  };

  return (
    <section aria-labelledby="places-heading" className="stack section-gap">
      <div className="row-head">
        <h2 id="places-heading">{t("heading")}</h2>
        <Link href={`/merchant/${merchantId}/tables`}>{t("openTables")}</Link>
      </div>
      <p className="muted small">{t("intro")}</p>
      <AddLocationForm base={base} onAdded={refresh} />
      {all.length === 0 ? (
        <p className="muted">{t("none")}</p>
      ) : (
        <ul className="row-list card" aria-label={t("places")}>
          {all.map((location) => (
            <LocationItem
              key={location.id}
              base={base}
              merchantId={merchantId}
              location={location}
              spots={(spots.data?.spots ?? []).filter((s) => s.location.id === location.id)}
              onChange={refresh}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function AddLocationForm({ base, onAdded }: { base: string; onAdded: () => Promise<void> }) {
  const t = useTranslations("merchantPlaces");
  const errorText = useApiErrorText();
  const doneRef = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string>();
  const [titleError, setTitleError] = useState<string>();
  const [done, setDone] = useState<string>();
  const [isBusy, setBusy] = useState(false);

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const title = String(data.get("title") ?? "").trim();
    if (!title) {
      setTitleError(t("titleMissing"));
      document.getElementById("location-title")?.focus();
      return;
    }
    setBusy(true);
    setError(undefined);
    setTitleError(undefined);
    setDone(undefined);
    try {
      const created = await apiFetch<LocationJson>(`${base}/locations`, {
        method: "POST",
        body: JSON.stringify({ title, description: String(data.get("description") ?? ""), address: String(data.get("address") ?? "") }),
      });
      form.reset();
      setDone(t("added", { title: created.title }));
      await onAdded();
      requestAnimationFrame(() => doneRef.current?.focus());
    } catch (failure) {
      setError(errorText(failure, t("addFailed")));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card stack" onSubmit={(e) => void add(e)} noValidate aria-labelledby="add-location-heading">
      <h3 id="add-location-heading">{t("addHeading")}</h3>
      {error ? <Alert>{error}</Alert> : null}
      {done ? (
        <div ref={doneRef} tabIndex={-1} className="merchant-result">
          <Alert kind="success">{done}</Alert>
        </div>
      ) : null}
      <Field id="location-title" name="title" label={t("title")} placeholder={t("titlePlaceholder")} maxLength={100} autoComplete="off" required error={titleError} />
      <Field id="location-description" name="description" label={t("description")} placeholder={t("descriptionPlaceholder")} maxLength={500} autoComplete="off" />
      <Field id="location-address" name="address" label={t("address")} maxLength={300} autoComplete="street-address" />
      <button className="button" type="submit" disabled={isBusy} aria-busy={isBusy}>
        {t("add")}
      </button>
    </form>
  );
}

function LocationItem({
  base,
  merchantId,
  location,
  spots,
  onChange,
}: {
  base: string;
  merchantId: string;
  location: Location;
  spots: SpotJson[];
  onChange: () => Promise<void>;
}) {
  const t = useTranslations("merchantPlaces");
  const errorText = useApiErrorText();
  const [error, setError] = useState<string>();
  const [isBusy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const headingId = `location-${location.id}`;
  const inputId = `spot-identifier-${location.id}`;
  const errorId = `${inputId}-error`;

  async function addSpot(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const identifier = String(new FormData(form).get("identifier") ?? "").trim();
    if (!identifier) {
      setError(t("identifierMissing"));
      inputRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await apiFetch<SpotJson>(`${base}/locations/${location.id}/spots`, { method: "POST", body: JSON.stringify({ identifier }) });
      form.reset();
      await onChange();
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.code === "CONFLICT" ? t("identifierTaken", { identifier }) : errorText(failure, t("addSpotFailed")),
      );
    } finally {
      setBusy(false);
      // Ready for the next table.
      inputRef.current?.focus();
    }
  }

  // Table 2 before table 10; the Tables view orders by status instead.
  const sorted = [...spots].sort((a, b) => a.identifier.localeCompare(b.identifier, "en", { numeric: true, sensitivity: "base" }));
  return (
    <li className="stack" data-testid="location" data-location-id={location.id}>
      <div className="row-head">
        <div>
          <h3 id={headingId} style={{ marginBottom: 0 }}>
            {location.title}
          </h3>
          {location.address || location.description ? (
            <div className="muted small">{[location.description, location.address].filter(Boolean).join(" · ")}</div>
          ) : null}
        </div>
        {spots.length > 0 ? (
          <Link href={`/merchant/${merchantId}/locations/${location.id}/print`} aria-describedby={headingId}>
            {t("print")}
          </Link>
        ) : null}
      </div>
      {sorted.length > 0 ? (
        <ul className="row-list" aria-label={t("spotsAt", { title: location.title })}>
          {sorted.map((spot) => (
            <li key={spot.id} className="spot-row" data-testid="spot" data-spot-id={spot.id}>
              <span className="spot-row-name">{spot.identifier}</span>
              <SpotStatusBadge status={spot.status} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small" style={{ margin: "0.25rem 0 0" }}>
          {t("noSpots")}
        </p>
      )}
      <form className="inline-form spot-add" onSubmit={(e) => void addSpot(e)} noValidate aria-label={t("addSpotAt", { title: location.title })}>
        <div className="field">
          <label htmlFor={inputId}>{t("identifier")}</label>
          <input
            id={inputId}
            ref={inputRef}
            name="identifier"
            placeholder={t("identifierPlaceholder")}
            maxLength={64}
            autoComplete="off"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
          />
          {error ? (
            <p id={errorId} className="field-error">
              {error}
            </p>
          ) : null}
        </div>
        <button className="button button-secondary" type="submit" disabled={isBusy} aria-busy={isBusy}>
          {t("addSpot")}
        </button>
      </form>
    </li>
  );
}
