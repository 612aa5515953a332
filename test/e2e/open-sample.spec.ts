import { statSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { expectedCounts, expectOnlyOwnOrigin, expectOpened, expectOverviewCounts, overview, recordRequests, SAMPLE_PATH, type ExpectedCounts } from './helpers.ts';

// One page for the whole file: the engine starts once, and each step builds on the last.
test.describe.configure({ mode: 'serial' });

let page: Page;
let requests: string[];
let expected: ExpectedCounts;

test.beforeAll(async ({ browser }) => {
  expected = await expectedCounts(SAMPLE_PATH);
  page = await browser.newPage();
  requests = recordRequests(page);
  await page.goto('./');
});

test.afterAll(async () => {
  await page.close();
});

test('the page offers every way to open a snapshot, by name', async () => {
  await expect(page.getByRole('heading', { level: 1, name: 'Trialbook' })).toBeVisible();
  await expect(page.getByLabel('Open file…')).toHaveAttribute('type', 'file');
  await expect(page.getByLabel('Open file…')).toHaveAttribute('multiple', '');
  await expect(page.getByRole('button', { name: 'Open sample' })).toBeEnabled();
  // The file picker is reachable from the keyboard: the first Tab lands on it.
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Open file…')).toBeFocused();
});

test('"Open sample" shows download progress, then the sample\'s experiments and run status counts', async () => {
  // Slow the network down only once the engine has loaded, so that the download can be watched.
  // vite preview gzips everything it can, which hides the length; static hosts usually send
  // binary files as they are, so ask for that.
  await expect(page.getByText('Query engine ready')).toBeVisible({ timeout: 90_000 });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': 'identity' } });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: 250_000, uploadThroughput: 250_000 });
  await page.getByRole('button', { name: 'Open sample' }).click();
  const progress = page.getByRole('progressbar');
  const size = statSync(SAMPLE_PATH).size;
  await expect(progress).toHaveAttribute('aria-valuemax', String(size));
  await expect(progress).toHaveAttribute('aria-valuenow', /^[1-9]\d*$/);
  await expect(page.getByText(new RegExp(`^Downloading sample\\.db: \\d+\\.\\d / ${(size / 1e6).toFixed(1).replace('.', '\\.')} MB$`))).toBeVisible();
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await expectOpened(page, 'sample.db');
  await expectOverviewCounts(page, expected);
  await expect(overview(page)).toContainText(/loaded in \d+\.\d+ s/);
  const metrics = overview(page).getByRole('table', { name: 'Metrics' });
  await expect(metrics.getByRole('row', { name: /test_acc results/ })).toHaveCount(1);
});

test('the SQL box runs the suggested query and shows rows and timing', async () => {
  await page.getByRole('tab', { name: 'SQL' }).click();
  const sql = page.getByLabel('SQL query');
  await expect(sql).toHaveValue(/FROM metrics/);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const result = page.getByRole('region', { name: 'Query result' });
  await expect(result.getByRole('columnheader', { name: /^mean/ })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText(/^\d+ rows? in \d+(\.\d)? m?s/);
  expect(await result.getByRole('row').count()).toBeGreaterThan(1);
});

test('a query result matches the overview, and Ctrl+Enter runs it', async () => {
  await page.getByLabel('SQL query').fill("SELECT status, count(*) AS runs FROM runs GROUP BY status ORDER BY status");
  await page.getByLabel('SQL query').press('Control+Enter');
  const result = page.getByRole('region', { name: 'Query result' });
  for (const [status, count] of Object.entries(expected.byStatus).filter(([, count]) => count > 0)) {
    await expect(result.getByRole('row', { name: `${status} ${count}` })).toHaveCount(1);
  }
});

test('timestamps, numbers and NULL are formatted for reading', async () => {
  await page.getByLabel('SQL query').fill("SELECT TIMESTAMP '2026-03-02 09:05:07.25' AS at, 2.0 / 3 AS ratio, 1234567 AS big, NULL AS nothing");
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const row = page.getByRole('region', { name: 'Query result' }).getByRole('row').nth(1);
  await expect(row.getByRole('cell')).toHaveText(['2026-03-02 09:05:07', '0.666667', '1234567', 'NULL']);
  await expect(row.getByRole('cell').nth(1)).toHaveAttribute('title', String(2 / 3));
});

test('a large result renders its first 1,000 rows and says so', async () => {
  await page.getByLabel('SQL query').fill('SELECT * FROM range(2500) AS t(i)');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText(/^2,500 rows in .*; showing the first 1,000/);
  await expect(page.getByRole('region', { name: 'Query result' }).getByRole('row')).toHaveCount(1001);
});

test('bad SQL shows the error in the page, and the app still works afterwards', async () => {
  await page.getByLabel('SQL query').fill('SELECT no_such_column FROM runs');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The query failed.');
  await expect(alert).toContainText('no_such_column');

  await page.getByLabel('SQL query').fill('SELECT count(*) AS n FROM experiments');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Query result' }).getByRole('cell')).toHaveText([String(expected.experiments.length)]);
  await expectOverviewCounts(page, expected);
});

test('SQL cannot reach files or the network', async () => {
  await page.getByLabel('SQL query').fill("SELECT * FROM read_csv('http://example.com/x.csv')");
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('The query failed.');
});

test('the whole session made no request outside the page\'s origin', async () => {
  expectOnlyOwnOrigin(requests);
  expect(requests.some((url) => url.endsWith('/sample.db'))).toBe(true);
});
