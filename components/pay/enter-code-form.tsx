import { useTranslations } from "next-intl";

/**
 * "Enter code" + "Open": a short code (AB-CDE-FGH) typed by hand opens its pay page. A plain GET form to
 * /pay?code=…, so it works before (and without) JavaScript; the pay page checks the code and says what is
 * wrong with it.
 */
export function EnterCodeForm({ defaultValue, error, autoFocus = false }: { defaultValue?: string; error?: string; autoFocus?: boolean }) {
  const t = useTranslations("pay.enterCode");
  return (
    <form className="stack enter-code" action="/pay" method="get">
      <div className="field">
        <label htmlFor="enter-code">{t("label")}</label>
        <input
          id="enter-code"
          name="code"
          className="code-input"
          defaultValue={defaultValue}
          placeholder="AB-CDE-FGH"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          inputMode="text"
          maxLength={40}
          required
          autoFocus={autoFocus}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "enter-code-error enter-code-hint" : "enter-code-hint"}
        />
        {error ? (
          <p id="enter-code-error" className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        <p id="enter-code-hint" className="muted small" style={{ margin: 0 }}>
          {t("hint")}
        </p>
      </div>
      <button className="button button-block" type="submit">
        {t("open")}
      </button>
    </form>
  );
}
