/**
 * One origin for the browser: cookies, CSRF checks and redirects are all tied to APP_URL's origin, so a
 * page opened under another name for the same machine (http://127.0.0.1:3000 while APP_URL says
 * http://localhost:3000) would fail every form with "cross-site request refused". Such page requests
 * are sent to APP_URL's origin instead.
 *
 * Only loopback names are redirected: behind a reverse proxy the Host the app sees may legitimately differ
 * from the public name (and a redirect there could loop), while two loopback names for one port can only
 * be the same development server reached two ways.
 */
const LOOPBACK_HOSTNAMES = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

export function isLoopbackHostname(hostname: string): boolean {
  return LOOPBACK_HOSTNAMES.has(hostname.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Where a page request for `path` (pathname + search) that arrived with Host `host` should go instead,
 * or null when it is already at APP_URL's origin or is not a loopback alias of it.
 */
export function canonicalRedirect(options: { appUrl: string; host: string | null; path: string }): string | null {
  if (!options.host) return null;
  const app = new URL(options.appUrl);
  let requested: URL;
  try {
    requested = new URL(`${app.protocol}//${options.host}`);
  } catch {
    return null;
  }
  if (requested.host === app.host) return null;
  if (!isLoopbackHostname(requested.hostname) || !isLoopbackHostname(app.hostname)) return null;
  if (effectivePort(requested) !== effectivePort(app)) return null; // another port is another server
  return `${app.origin}${options.path.startsWith("/") ? options.path : `/${options.path}`}`;
}

const effectivePort = (url: URL) => url.port || (url.protocol === "https:" ? "443" : "80");

/** The message of a refused cross-origin form post, saying what a person can do about it. */
export function crossOriginMessage(requestOrigin: string, appOrigin: string): string {
  return `This page was opened at ${requestOrigin}, but this wallet's address is ${appOrigin}. Open ${appOrigin} and try again.`;
}
