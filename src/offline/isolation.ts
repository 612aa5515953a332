/**
 * Static hosts such as GitHub Pages cannot send headers, so the service worker adds the ones
 * that make the page cross-origin isolated (SharedArrayBuffer, hence threaded DuckDB).
 * COEP is on every file as well as the page: a dedicated worker started by an isolated page
 * must itself be served with COEP, or the browser refuses to run it.
 */
const PAGE_HEADERS: Record<string, string> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

const FILE_HEADERS: Record<string, string> = {
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export type Served = 'page' | 'file';

/** A copy of `response` with the isolation headers; responses from the cache are immutable. */
export function withIsolationHeaders(response: Response, served: Served): Response {
  // Opaque and redirect responses have status 0 and hidden headers: they cannot be rebuilt.
  if (response.status === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(served === 'page' ? PAGE_HEADERS : FILE_HEADERS)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
