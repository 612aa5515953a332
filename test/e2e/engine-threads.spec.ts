import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { expectOpened, expectTemplateNotebookDone, runSqlCell } from './helpers.ts';

/**
 * Which DuckDB build the page runs. `vite preview` sends COOP/COEP (vite.config.ts), so the page
 * is cross-origin isolated and can run the threaded build, which `?engine=threaded` asks for; a
 * host without those headers is played by a proxy in front of the same preview that drops them
 * (from every file, or from some).
 */

const ISOLATION = ['cross-origin-opener-policy', 'cross-origin-embedder-policy'];

// Each test starts an engine (the threaded one starts its thread workers too) and runs the whole
// template notebook: on two busy cores that can pass the default two minutes.
test.describe.configure({ timeout: 240_000 });

interface Proxy {
  url: string;
  close(): Promise<void>;
}

/** Forwards every request to `target`; the answers for paths that are not `isolated` lose the isolation headers. */
async function proxy(target: string, isolated: (path: string) => boolean): Promise<Proxy> {
  const upstream = new URL(target);
  const server = createServer((incoming, outgoing) => {
    const forwarded = request({ host: upstream.hostname, port: upstream.port, path: incoming.url, method: incoming.method, headers: { ...incoming.headers, host: upstream.host } }, (answer) => {
      const headers: IncomingHttpHeaders = { ...answer.headers };
      if (!isolated(incoming.url ?? '/')) for (const name of ISOLATION) delete headers[name];
      outgoing.writeHead(answer.statusCode ?? 502, headers);
      answer.pipe(outgoing);
    });
    forwarded.on('error', () => outgoing.writeHead(502).end());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((done) => server.close(() => done()));
    },
  };
}

/** The engine line under "Query engine ready" on the welcome panel. */
async function engineLine(page: Page): Promise<string> {
  await expect(page.getByText('Query engine ready.')).toBeVisible({ timeout: 90_000 });
  const line = page.getByText(/^DuckDB \d+\.\d+\.\d+ · /);
  await expect(line).toBeVisible();
  return line.innerText();
}

/** Opens the sample, waits for the template notebook, and reads the engine's settings from SQL. */
async function sampleRunsLockedDown(page: Page, threads: number) {
  await page.getByRole('button', { name: 'Open sample', exact: true }).click();
  await expectOpened(page, 'sample.db');
  await expectTemplateNotebookDone(page);
  const cell = await runSqlCell(page, "SELECT current_setting('enable_external_access') AS external_access, current_setting('autoload_known_extensions') AS autoload, current_setting('threads') AS threads");
  const grid = cell.getByRole('grid', { name: 'Result of sql' });
  await expect(grid.getByRole('row').nth(1).getByRole('gridcell')).toHaveText(['false', 'false', String(threads)]);
}

test('on an isolated page, ?engine=threaded runs the threaded build: a snapshot loads and the notebook runs, locked down', async ({ page }) => {
  // The thread count follows the cores the browser reports (capped at 8): 3 here, whatever the machine has.
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => 3 }));
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto('./?engine=threaded');
  expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
  expect(await engineLine(page)).toMatch(/^DuckDB \d+\.\d+\.\d+ · 3 threads$/);
  await sampleRunsLockedDown(page, 3);
  expect(errors).toEqual([]);
});

test('without ?engine=threaded, an isolated page runs the single-threaded build', async ({ page }) => {
  await page.goto('./');
  expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
  expect(await engineLine(page)).toMatch(/^DuckDB \d+\.\d+\.\d+ · single-threaded$/);
});

test('served without COOP/COEP, a page asking for threads runs the single-threaded build, as locked down', async ({ page, baseURL }) => {
  const host = await proxy(baseURL!, () => false);
  try {
    await page.goto(`${host.url}?engine=threaded`);
    expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(false);
    expect(await engineLine(page)).toMatch(/^DuckDB \d+\.\d+\.\d+ · single-threaded$/);
    await sampleRunsLockedDown(page, 1);
  } finally {
    await host.close();
  }
});

test('an isolated page whose threaded build cannot start falls back to the single-threaded one and works', async ({ page, baseURL }) => {
  // A host that isolates its pages but not every script: a thread worker without COEP cannot
  // start, which the threaded build would wait for forever; the page sees it at once instead.
  const host = await proxy(baseURL!, (path) => !/duckdb-browser-coi\.pthread\.worker/.test(path));
  const warnings: string[] = [];
  page.on('console', (message) => void (message.type() === 'warning' && warnings.push(message.text())));
  try {
    await page.goto(`${host.url}?engine=threaded`);
    expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
    expect(await engineLine(page)).toMatch(/ · single-threaded$/);
    expect(warnings.join('\n')).toContain('served without Cross-Origin-Embedder-Policy');
    await sampleRunsLockedDown(page, 1);
  } finally {
    await host.close();
  }
});
