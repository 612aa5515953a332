import { cacheName, staleCaches } from './cache-names.ts';
import { withIsolationHeaders } from './isolation.ts';
import type { PrecacheManifest } from './precache-manifest.ts';
import { routeRequest } from './route.ts';

// Replaced by the build (vite-plugin.ts) with the JSON of the files it wrote.
declare const __TRIALBOOK_PRECACHE__: PrecacheManifest;

/** How long a page load waits for the server before the cached page is shown. */
const PAGE_TIMEOUT_MS = 3000;

const worker = self as unknown as ServiceWorkerGlobalScope;
const scope = worker.registration.scope;
const { version, files } = __TRIALBOOK_PRECACHE__;
const cache = cacheName(scope, version);
const fileUrl = (file: string) => new URL(file, scope).href;
const precached = new Set(files.map(fileUrl));
const pageUrl = fileUrl('index.html');

worker.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => worker.skipWaiting()));
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(removeOlderBuilds().then(() => worker.clients.claim()));
});

worker.addEventListener('fetch', (event) => {
  const { request } = event;
  const route = routeRequest({ url: request.url, method: request.method, mode: request.mode, hasRange: request.headers.has('range') }, scope, precached);
  if (route.kind === 'page') event.respondWith(page(request));
  else if (route.kind === 'file') event.respondWith(file(route.url, request));
});

async function precache(): Promise<void> {
  // Past the HTTP cache: the server's current files, and no share in the HTTP cache entry the
  // page's worker may be writing for the same 34 MB wasm at that moment. Chromium fails a request
  // joining such an entry when it outgrows the cache (ERR_CACHE_WRITE_FAILURE), and DuckDB then
  // never starts. The price is the engine downloaded twice on a first visit.
  const requests = files.map((name) => new Request(fileUrl(name), { cache: 'no-store' }));
  await (await caches.open(cache)).addAll(requests);
}

async function removeOlderBuilds(): Promise<void> {
  await Promise.all(staleCaches(await caches.keys(), scope, version).map((name) => caches.delete(name)));
}

/**
 * The server's page when it answers quickly (a new build shows at once, with the assets it names
 * fetched from the server), the cached page when it is offline, slow or failing.
 */
async function page(request: Request): Promise<Response> {
  // Revalidated: a page kept by the HTTP cache (GitHub Pages allows 10 minutes) could name
  // assets of a build whose cache the new service worker has just deleted.
  const network = fetch(new Request(request, { cache: 'no-cache' }));
  try {
    const response = await Promise.race([network, timeout(PAGE_TIMEOUT_MS)]);
    if (response.ok) return withIsolationHeaders(response, 'page');
    if (response.type === 'opaqueredirect') return response;
  } catch {
    // Offline or too slow: the cached page below.
  }
  const cached = await caches.match(pageUrl, { cacheName: cache });
  return cached ? withIsolationHeaders(cached, 'page') : network;
}

async function file(url: string, request: Request): Promise<Response> {
  const cached = await caches.match(url, { cacheName: cache });
  return withIsolationHeaders(cached ?? (await fetch(request)), 'file');
}

function timeout(ms: number): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms));
}
