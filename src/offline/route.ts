/** What the service worker does with one request. */
export type Route =
  /** The app's page: index.html, with the headers that make it cross-origin isolated. */
  | { kind: 'page' }
  /** A file of the build, answered from the precache. */
  | { kind: 'file'; url: string }
  /** Anything else: the browser fetches it as if there were no service worker. */
  | { kind: 'network' };

/** The parts of a Request the decision reads (plain data, so it can be tested in Node). */
export interface RequestFacts {
  url: string;
  method: string;
  mode: string;
  hasRange: boolean;
}

/**
 * Decides from the precache's URLs alone, so nothing outside the build (a hosted `?data=`
 * snapshot, another origin, an API) is ever answered from the cache and goes stale there.
 */
export function routeRequest(request: RequestFacts, scope: string, precached: ReadonlySet<string>): Route {
  // A Range request wants part of a file; the cache holds whole files and would answer 200.
  if (request.method !== 'GET' || request.hasRange) return { kind: 'network' };
  const url = new URL(request.url);
  const root = new URL(scope);
  if (url.origin !== root.origin) return { kind: 'network' };
  if (request.mode === 'navigate') {
    // The page's own query (`?data=…`) is read by the app, so any query gets the same page.
    if (url.pathname === root.pathname || url.pathname === `${root.pathname}index.html`) return { kind: 'page' };
  }
  // The build never asks for its files with a query: one means somebody wants the server's answer.
  if (url.search !== '') return { kind: 'network' };
  const file = `${url.origin}${url.pathname}`;
  return precached.has(file) ? { kind: 'file', url: file } : { kind: 'network' };
}
