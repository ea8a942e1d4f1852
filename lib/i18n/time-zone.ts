/** The cookie in which the browser tells the server its IANA time zone, so server-rendered times are local. */
export const TIME_ZONE_COOKIE = "TZ";

export function isTimeZone(value: unknown): value is string {
  if (typeof value !== "string" || value.length === 0 || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
