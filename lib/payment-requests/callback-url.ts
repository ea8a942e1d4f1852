/**
 * A merchant's callbackUrl, checked when the request is created (the worker checks every address again
 * when it connects: lib/opencharge/outbound-http.ts). The rules of our other outbound URLs: absolute
 * https (http only with OPENCHARGE_ALLOW_HTTP=1), a host, no credentials, no whitespace, control
 * characters or backslashes, and no private, loopback or link-local IP address unless
 * OPENCHARGE_ALLOW_HTTP=1. Kept verbatim: the merchant may have put its own parameters in it.
 */
import { AppError } from "@/lib/errors";
import { assertOutboundUrlAllowed, OutboundRequestError } from "@/lib/opencharge/outbound-http";

export const MAX_CALLBACK_URL_LENGTH = 2048;

export function parseCallbackUrl(value: string, options: { allowHttp: boolean }): string {
  const refuse = (reason: string) =>
    new AppError("VALIDATION_ERROR", `Invalid body field "callbackUrl": ${reason}.`, {
      details: { issues: [{ path: "callbackUrl", message: reason }] },
    });
  if (value.length > MAX_CALLBACK_URL_LENGTH) throw refuse(`it is longer than ${MAX_CALLBACK_URL_LENGTH} characters`);
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must be refused
  if (/[\s\\\u0000-\u001f\u007f]/.test(value)) throw refuse("it must not contain whitespace, control characters or backslashes");
  // "//" right after the scheme: URL parsers forgive "https:example.com", other parsers read it differently.
  if (!(options.allowHttp ? /^https?:\/\//i : /^https:\/\//i).test(value)) {
    throw refuse(`it must be an absolute ${options.allowHttp ? "https:// or http://" : "https://"} URL`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw refuse("it is not a valid URL");
  }
  if (url.username || url.password) throw refuse("it must not contain credentials");
  if (!url.hostname) throw refuse("it must name a host");
  try {
    assertOutboundUrlAllowed(url, options.allowHttp);
  } catch (error) {
    if (error instanceof OutboundRequestError) throw refuse("it names a private, loopback or link-local address");
    throw error;
  }
  return value;
}
