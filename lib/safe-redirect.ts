/** Only same-site relative paths may be used as post-login destinations (no open redirects). */
export function safeCallbackPath(value: unknown, fallback = "/wallet"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) {
    return fallback;
  }
  return value;
}
