// Load and first answer in Chromium: the built app (dist/) served from a local folder, a file
// picked through "Open file…", as a user would. Each run starts from a fresh page.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { summarize, type Timing } from './measure.ts';

export interface ChromiumFigure {
  input: string;
  metricRows: number;
  /** Picking the file → the snapshot's overview shown; absent when the app reported an error instead. */
  load?: Timing;
  /**
   * Picking the file → the notebook's template analysis complete: every cell run (overview,
   * per-trial with IQR exclusion, CIs and Welch comparison, failures, training curves, charts).
   */
  analysis?: Timing;
  /** Results written before the notebook (issue 6) timed the per-trial template's first answer instead. */
  firstAnswer?: Timing;
  error?: string;
  /** The renderer's peak resident memory (page, DuckDB and reader workers), Linux only. */
  peakRssBytes: number | null;
}

export const DIST = resolve(import.meta.dirname, '../dist');
const TYPES: Record<string, string> = {
  '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.db': 'application/octet-stream', '.yaml': 'text/yaml',
};

/**
 * Serves dist/ on a free port (never the e2e tests' fixed ones). Without COOP/COEP, as a plain
 * static host does; `isolated` adds them (as `npm start` does), so that a page opened at
 * `?engine=threaded` can run DuckDB's threaded build.
 */
export function serve({ isolated = false }: { isolated?: boolean } = {}): Promise<Server> {
  const isolation = isolated ? { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' } : {};
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
    let file = join(DIST, path);
    if (!file.startsWith(DIST) || !existsSync(file)) return void response.writeHead(404).end();
    if (statSync(file).isDirectory()) file = join(file, 'index.html');
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', ...isolation });
    createReadStream(file).pipe(response);
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

export async function measureChromium(inputs: { path: string; name: string; input: string; metricRows: number }[], runs: number): Promise<ChromiumFigure[]> {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('dist/ has no build: run `npm run build` (npm run bench does)');
  const server = await serve();
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const figures: ChromiumFigure[] = [];
    for (const input of inputs) {
      const page = await browser.newPage();
      const loads: number[] = [];
      const answers: number[] = [];
      let error: string | undefined;
      for (let run = 0; run <= runs && !error; run++) {
        const outcome = await loadAndAnswer(page, url, input.path, input.name);
        if ('error' in outcome) {
          error = outcome.error;
          break;
        }
        const { load, answer } = outcome;
        // Run 0 warms the browser's caches (wasm compilation) and is not counted.
        if (run > 0) {
          loads.push(load);
          answers.push(answer);
        }
        process.stderr.write('.');
      }
      const peakRssBytes = await rendererPeak(browser);
      figures.push(error ? { input: input.input, metricRows: input.metricRows, error, peakRssBytes } : { input: input.input, metricRows: input.metricRows, load: summarize(loads), analysis: summarize(answers), peakRssBytes });
      await page.close();
    }
    return figures;
  } finally {
    await browser.close();
    server.close();
  }
}

/**
 * One first visit: the engine started (start), the file picked → overview (load) → template
 * notebook complete (answer), ms; and the engine line the page showed ("DuckDB 1.4.3 · 2 threads").
 */
export async function loadAndAnswer(page: Page, url: string, path: string, name: string): Promise<{ start: number; load: number; answer: number; engine: string } | { error: string }> {
  // Every run is a first visit: no notebook or recent snapshot kept from the run before. Cleared
  // with no page of the app open, so no autosave can write it back.
  await page.goto('about:blank');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.clearDataForOrigin', { origin: new URL(url).origin, storageTypes: 'indexeddb,local_storage' });
  await cdp.detach();
  const visited = Date.now();
  await page.goto(url);
  // The engine starts with the page; a user who drops a file right away waits for it too, but
  // that is start-up, not loading.
  await page.getByText('Query engine ready.').waitFor({ timeout: 120_000 });
  const start = Date.now() - visited;
  const engine = (await page.getByText(/^DuckDB \d+\.\d+\.\d+ · /).innerText()).trim();
  const picker = page.getByLabel('Open file…');
  const started = Date.now();
  await picker.setInputFiles(path);
  const opened = page.getByRole('heading', { level: 2, name: `Opened: ${name}` });
  const failed = page.getByRole('alert');
  await opened.or(failed).first().waitFor({ timeout: 600_000 });
  if (await failed.count()) return { error: (await failed.first().innerText()).replace(/\s+/g, ' ').trim() };
  await page.getByRole('progressbar').waitFor({ state: 'detached', timeout: 600_000 });
  const load = Date.now() - started;
  // Opening a snapshot runs the template notebook by itself; done when no cell waits or runs.
  await page.waitForFunction(
    () => {
      const texts = [...document.querySelectorAll('[aria-label^="Status of cell"]')].map((status) => status.textContent ?? '');
      return texts.some((text) => /Done in/.test(text)) && !texts.some((text) => /Not run yet|Waiting to run|Running/.test(text));
    },
    undefined,
    { timeout: 600_000, polling: 50 },
  );
  const failedCells = await page.getByRole('status', { name: /^Status of cell/ }).filter({ hasText: /Failed|Waiting for/ }).count();
  if (failedCells) return { error: `${failedCells} template cells failed` };
  return { start, load, answer: Date.now() - started, engine };
}

/** VmHWM of the renderer processes: the most memory the tab held at once. */
export async function rendererPeak(browser: Browser): Promise<number | null> {
  if (process.platform !== 'linux') return null;
  const session = await browser.newBrowserCDPSession();
  const { processInfo } = (await session.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
  const peaks = processInfo.filter((p) => p.type === 'renderer').map((p) => {
    const status = readFileSync(`/proc/${p.id}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
  });
  return peaks.length ? Math.max(...peaks) : null;
}
