/** Client-side helpers for calling our own JSON API from components (SWR fetcher, error envelope). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export async function apiFetch<T>(url: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers: { "content-type": "application/json", ...init?.headers } });
  } catch {
    throw new ApiError(0, "NETWORK", "Could not reach the server. Check your connection.");
  }
  const body = (await response.json().catch(() => null)) as
    | (T & { error?: { code: string; message: string; details?: Record<string, unknown> } })
    | null;
  if (!response.ok) {
    throw new ApiError(response.status, body?.error?.code ?? "HTTP_ERROR", body?.error?.message ?? `Request failed (${response.status}).`, body?.error?.details);
  }
  return body as T;
}

export function jsonFetcher<T>(url: string): Promise<T> {
  return apiFetch<T>(url);
}
