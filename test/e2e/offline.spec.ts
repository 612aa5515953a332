import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, relative, resolve, sep } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { expectedCounts, expectOpened, expectOverviewCounts, expectTemplateNotebookDone, SAMPLE_PATH, TRACKER_EXAMPLE_PATH } from './helpers.ts';

/**
 * The service worker, the manifest and deployment under a sub-path. Most tests serve the built
 * app themselves, the way a plain static host does (GitHub Pages: no COOP/COEP headers, an app
 * in a sub-folder), so that a test can take the server away or change what it serves.
 */

// The service worker is what these tests are about, whatever the config says for the others.
test.use({ serviceWorkers: 'allow' });

// Most tests visit twice, with an 80 MB precache and a threaded engine start besides the load:
// on two busy cores that can pass the default two minutes.
test.describe.configure({ timeout: 360_000 });

/** The build under test: the one `vite preview` serves (TRIALBOOK_DIST when a config builds elsewhere). */
const DIST = resolve(process.env.TRIALBOOK_DIST ?? 'dist');
const PREFIX = '/deep/sub/path/';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.db': 'application/octet-stream',
};

interface Site {
  /** The app's address: origin and PREFIX. */
  app: string;
  /** Every path the server was asked for. */
  requested: string[];
  /** Snapshots served beside the build (a name under PREFIX), to any origin; no-store, so only a service worker could keep one. */
  hosted: Map<string, Uint8Array>;
  /** Changes a file of the build as it is served, to play a new deployment. */
  transform: (name: string, bytes: Buffer) => Buffer;
  close(): Promise<void>;
}

async function serveBuild(): Promise<Site> {
  const site: Omit<Site, 'app' | 'close'> = { requested: [], hosted: new Map(), transform: (_name, bytes) => bytes };
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url!, 'http://localhost').pathname);
    site.requested.push(path);
    if (`${path}/` === PREFIX) return void response.writeHead(301, { Location: PREFIX }).end();
    const name = path.startsWith(PREFIX) ? path.slice(PREFIX.length) || 'index.html' : null;
    const hosted = name === null ? undefined : site.hosted.get(name);
    if (hosted) {
      return void response.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' }).end(hosted);
    }
    const file = name === null ? null : join(DIST, name);
    let bytes: Buffer;
    try {
      if (!file || !file.startsWith(DIST + sep)) throw new Error('outside the build');
      bytes = site.transform(name!, readFileSync(file));
    } catch {
      return void response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
    // What GitHub Pages sends: browsers may reuse any file for 10 minutes without asking.
    response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'max-age=600' }).end(bytes);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return Object.assign(site, {
    app: `http://127.0.0.1:${port}${PREFIX}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((done) => server.close(() => done()));
    },
  });
}

let sites: Site[] = [];

async function site(): Promise<Site> {
  const started = await serveBuild();
  sites.push(started);
  return started;
}

test.afterEach(async () => {
  await Promise.all(sites.map((started) => started.close().catch(() => undefined)));
  sites = [];
});

/** Waits until the service worker has precached the build and controls the page. */
async function expectControlled(page: Page) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/**
 * expectOpened allows 90 s for a load. Here a first visit shares two cores with the precache
 * (80 MB), and an isolated visit starts the threaded engine first (up to a minute on busy cores).
 */
async function expectOpenedPatiently(page: Page, files: string) {
  await expect(page.getByRole('heading', { level: 2, name: `Opened: ${files}` })).toBeVisible({ timeout: 240_000 });
  await expectOpened(page, files);
}

/** Every cache of the page's origin with the URLs it holds. */
const cachedUrls = (page: Page) =>
  page.evaluate(async () => {
    const all: Record<string, string[]> = {};
    for (const name of await caches.keys()) all[name] = (await (await caches.open(name)).keys()).map((request) => request.url).sort();
    return all;
  });

function buildFiles(): string[] {
  return readdirSync(DIST, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(DIST, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

test('a second visit works with the network off: page, engine, sample and notebook come from the cache', async ({ page, context }) => {
  const served = await site();
  await page.goto(served.app);
  await expectControlled(page);
  // Everything the build wrote is cached, except the service worker itself (the browser keeps it)
  // and the threaded DuckDB build, which only runs when asked for.
  const caches = await cachedUrls(page);
  const precached = buildFiles().filter((file) => file !== 'sw.js' && !/duckdb-(browser-)?coi[.-]/.test(file));
  expect(precached.some((file) => /duckdb-eh-.*\.wasm$/.test(file))).toBe(true);
  expect(Object.values(caches)).toEqual([precached.map((file) => served.app + file)]);

  // What makes this honest: the server is gone, not only emulated away (Playwright's offline
  // mode may not reach a service worker's own fetches), so nothing can come from the network.
  // Checked: with a service worker that precaches but does not answer fetches, this reload fails
  // with net::ERR_INTERNET_DISCONNECTED; with one that leaves COEP off the worker scripts, the
  // engine never starts (the browser blocks the workers of an isolated page).
  await served.close();
  await context.setOffline(true);
  await page.reload();
  // The cached page carries the headers the server never sent.
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await page.getByRole('button', { name: 'Open sample' }).click();
  await expectOpenedPatiently(page, 'sample.db');
  await expectOverviewCounts(page, await expectedCounts(SAMPLE_PATH));
  await expectTemplateNotebookDone(page);
});

test('the app served from a sub-path loads everything from there and its service worker covers that path', async ({ page }) => {
  const served = await site();
  await page.goto(served.app.slice(0, -1));
  expect(page.url()).toBe(served.app);
  await page.getByRole('button', { name: 'Open sample' }).click();
  await expectOpenedPatiently(page, 'sample.db');
  await expectOverviewCounts(page, await expectedCounts(SAMPLE_PATH));
  expect(await page.evaluate(() => navigator.serviceWorker.ready.then((registration) => registration.scope))).toBe(served.app);
  // Nothing asked for outside the sub-path: no absolute URL anywhere in the build.
  expect(served.requested.filter((path) => !path.startsWith(PREFIX) && `${path}/` !== PREFIX)).toEqual([]);
  const names = new Set(served.requested.map((path) => path.slice(PREFIX.length)));
  for (const expected of [/^sw\.js$/, /^sample\.db$/, /^assets\/duckdb-.*\.wasm$/, /^assets\/duckdb-browser-.*worker.*\.js$/, /^assets\/worker-.*\.js$/, /^assets\/sql-wasm-.*\.wasm$/]) {
    expect([...names].some((name) => expected.test(name)), `a request for ${expected}`).toBe(true);
  }
});

for (const where of ['this site', 'another site'] as const) {
  test(`a hosted snapshot on ${where} is fetched from its server on every visit, never from the cache`, async ({ page }) => {
    const served = await site();
    const host = where === 'this site' ? served : await site();
    host.hosted.set('hosted.db', readFileSync(SAMPLE_PATH));
    await page.goto(`${served.app}?data=${encodeURIComponent(`${host.app}hosted.db`)}`);
    await expectOpenedPatiently(page, 'hosted.db');
    await expectOverviewCounts(page, await expectedCounts(SAMPLE_PATH));
    await expectControlled(page);

    host.hosted.set('hosted.db', readFileSync(TRACKER_EXAMPLE_PATH));
    const answer = page.waitForResponse((response) => response.url() === `${host.app}hosted.db`);
    await page.reload();
    expect((await answer).fromServiceWorker()).toBe(false);
    // The controlled page is cross-origin isolated, and still reads a snapshot from a host that allows it (CORS).
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await expectOpenedPatiently(page, 'hosted.db');
    await expectOverviewCounts(page, await expectedCounts(TRACKER_EXAMPLE_PATH));
  });
}

test('a new build replaces the old one on the next visit, and the old cache is deleted', async ({ page, context }) => {
  const served = await site();
  await page.goto(served.app);
  await expectControlled(page);
  const [oldCache] = Object.keys(await cachedUrls(page));

  // The next deployment: another page and, as the build writes it, another version in sw.js.
  served.transform = (name, bytes) => {
    if (name === 'index.html') return Buffer.from(bytes.toString().replace('<head>', '<head><meta name="build" content="next">'));
    if (name === 'sw.js') return Buffer.from(bytes.toString().replace(/"version":"(\w+)"/, '"version":"$1-next"'));
    return bytes;
  };
  await page.reload();
  await expect(page.locator('meta[name=build]')).toHaveAttribute('content', 'next');
  await expect.poll(async () => Object.keys(await cachedUrls(page)), { timeout: 60_000 }).toEqual([expect.not.stringMatching(`^${oldCache}$`)]);

  await served.close();
  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('meta[name=build]')).toHaveAttribute('content', 'next');
});

test('the page links a manifest that makes it installable, with its icons at their stated sizes', async ({ page, baseURL }) => {
  await page.goto(baseURL!);
  const manifestUrl = await page.locator('link[rel="manifest"]').evaluate((link: HTMLLinkElement) => link.href);
  expect(new URL(manifestUrl).origin).toBe(new URL(baseURL!).origin);
  const response = await page.request.get(manifestUrl);
  expect(response.ok()).toBe(true);
  const manifest = await response.json();
  // The colours are the app's own: its accent and its (light) background.
  const css = readFileSync('src/ui/global.css', 'utf8');
  const colour = (name: string) => new RegExp(`--${name}:\\s*(#[0-9a-f]{6})`).exec(css)![1];
  expect(manifest).toMatchObject({
    name: 'Trialbook',
    short_name: 'Trialbook',
    start_url: './',
    scope: './',
    display: 'standalone',
    theme_color: colour('accent'),
    background_color: colour('bg'),
  });
  const icons: { src: string; sizes: string; type: string; purpose: string }[] = manifest.icons;
  expect(icons.map((icon) => `${icon.type} ${icon.sizes} ${icon.purpose}`)).toEqual(
    expect.arrayContaining(['image/png 192x192 any', 'image/png 512x512 any', 'image/svg+xml any any', expect.stringMatching(/ maskable$/)]),
  );
  for (const icon of icons) await expectIcon(page, new URL(icon.src, manifestUrl).href, icon.type, icon.sizes);
  const appleIcon = await page.locator('link[rel="apple-touch-icon"]').evaluate((link: HTMLLinkElement) => link.href);
  await expectIcon(page, appleIcon, 'image/png', '180x180');
});

async function expectIcon(page: Page, url: string, type: string, sizes: string) {
  const response = await page.request.get(url);
  expect(response.ok(), url).toBe(true);
  const bytes = await response.body();
  if (type === 'image/svg+xml') {
    expect(bytes.toString('utf8'), url).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>.*<\/svg>\s*$/s);
    return;
  }
  expect(type).toBe('image/png');
  // The PNG signature, then the IHDR chunk with width and height.
  expect(bytes.subarray(0, 8).toString('hex'), url).toBe('89504e470d0a1a0a');
  expect(bytes.subarray(12, 16).toString('latin1'), url).toBe('IHDR');
  expect(`${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`, url).toBe(sizes);
}
