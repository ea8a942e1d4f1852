import { AppError } from "@/lib/errors";

const MAX_URL_LENGTH = 2048;

/**
 * A merchant gateway's redirect URL (urls.success / urls.cancel), checked before we ever send a customer's
 * browser to it: absolute https (http only when OPENCHARGE_ALLOW_HTTP is on, for tests and demos), a host,
 * no credentials, no whitespace or backslashes (which browsers and URL parsers read differently).
 * Returned verbatim: the gateway may have embedded its own parameters (reference §10).
 */
export function parseRedirectUrl(value: unknown, field: string, options: { allowHttp: boolean }): string {
  const refuse = (reason: string) =>
    new AppError("INVALID_REDIRECT_URL", `${field} ${reason}.`, { details: { field } });
  if (typeof value !== "string" || value === "") throw refuse("is required");
  if (value.length > MAX_URL_LENGTH) throw refuse(`is longer than ${MAX_URL_LENGTH} characters`);
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must be refused
  if (/[\s\\\u0000-\u001f\u007f]/.test(value)) throw refuse("must not contain whitespace, control characters or backslashes");
  const schemes = options.allowHttp ? "https:// or http://" : "https://";
  // Requiring "//" right after the scheme refuses forms URL parsers forgive ("https:example.com").
  if (!(options.allowHttp ? /^https?:\/\//i : /^https:\/\//i).test(value)) throw refuse(`must be an absolute ${schemes} URL`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw refuse("is not a valid URL");
  }
  if (url.username || url.password) throw refuse("must not contain credentials");
  if (!url.hostname) throw refuse("must name a host");
  return value;
}
