import { statSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import {
  cellStatus,
  editorText,
  expectedCounts,
  expectNotebookSettled,
  expectOnlyOwnOrigin,
  expectOpened,
  expectOverviewCounts,
  expectRanSince,
  expectTemplateNotebookDone,
  notebookCell,
  overview,
  recordRequests,
  rerunCell,
  runNumber,
  runSqlCell,
  SAMPLE_PATH,
  setEditorText,
  type ExpectedCounts,
} from './helpers.ts';

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

/** The summary above a SQL cell's grid: "12 rows in 8 ms", and more when it shows fewer rows than it got. */
const summary = (cell: Locator) => cell.getByText(/^[\d,]+ rows? in /);
const resultGrid = (cell: Locator, name = 'sql') => cell.getByRole('grid', { name: `Result of ${name}`, exact: true });

test('a new SQL cell suggests a query of the cell above, runs it and shows rows and timing', async () => {
  await expectTemplateNotebookDone(page);
  await page.getByRole('button', { name: 'Add a SQL cell', exact: true }).click();
  const cell = notebookCell(page, 'sql');
  await expect(cell).toHaveAccessibleName('SQL cell sql');
  // It reads the nearest table above it, and the editor has the focus to change that.
  const editor = page.getByRole('textbox', { name: 'SQL of cell sql', exact: true });
  await expect(editor).toBeFocused();
  expect(await editorText(page, 'SQL of cell sql')).toMatch(/^SELECT \*\s+FROM training_curves\s+LIMIT 100$/);
  await expect(cellStatus(page, 'sql')).toHaveText('Not run yet');
  await page.getByRole('button', { name: 'Run cell sql', exact: true }).click();
  await expect(cellStatus(page, 'sql')).toHaveText(/^\[\d+\] Done in \d+(\.\d)? m?s$/);
  await expect(summary(cell)).toHaveText(/^100 rows in \d+(\.\d)? m?s$/);
  await expect(resultGrid(cell).getByRole('columnheader', { name: 'Sort by mean', exact: true })).toBeVisible();
  await expect(resultGrid(cell)).toHaveAttribute('aria-rowcount', '101');
  expect(await resultGrid(cell).getByRole('row').count()).toBeGreaterThan(1);
});

test('a SQL result matches the overview; Shift+Enter runs the cell, Ctrl+Enter every cell', async () => {
  const cell = await runSqlCell(page, 'SELECT status, count(*) AS runs FROM runs GROUP BY status ORDER BY status');
  for (const [status, count] of Object.entries(expected.byStatus).filter(([, count]) => count > 0)) {
    await expect(resultGrid(cell).getByRole('row', { name: `${status} ${count}`, exact: true })).toHaveCount(1);
  }
  // Ctrl+Enter in an editor runs the whole notebook: the template cells run again too.
  const before = (await runNumber(page, 'per_trial'))!;
  await setEditorText(page, 'SQL of cell sql', "SELECT count(*) AS failed FROM runs WHERE status = 'failed'");
  await page.keyboard.press('Control+Enter');
  await expectRanSince(page, 'per_trial', before);
  await expectNotebookSettled(page);
  await expectTemplateNotebookDone(page);
  await expect(resultGrid(cell).getByRole('gridcell')).toHaveText([String(expected.byStatus.failed)]);
});

test('timestamps, numbers and NULL are formatted for reading', async () => {
  const cell = await runSqlCell(page, "SELECT TIMESTAMP '2026-03-02 09:05:07.25' AS at, 2.0 / 3 AS ratio, 1234567 AS big, NULL AS nothing");
  const row = resultGrid(cell).getByRole('row').nth(1);
  await expect(row.getByRole('gridcell')).toHaveText(['2026-03-02 09:05:07', '0.666667', '1,234,567', '—']);
  // The full value is a hover (and a copy) away.
  await expect(row.getByRole('gridcell').nth(0)).toHaveAttribute('title', /^2026-03-02[T ]09:05:07\.25/);
  await expect(row.getByRole('gridcell').nth(1)).toHaveAttribute('title', String(2 / 3));
});

test('a large result keeps its first 200,000 rows, says so, and the grid holds all of those', async () => {
  const cell = await runSqlCell(page, 'SELECT * FROM range(300000) AS t(i)');
  await expect(summary(cell)).toHaveText(/^300,000 rows in .*; showing the first 200,000/);
  const grid = resultGrid(cell);
  // The header row and every row shown, though only the rows in view are in the page.
  await expect(grid).toHaveAttribute('aria-rowcount', String(200_000 + 1));
  await expect(grid.getByRole('gridcell').first()).toHaveText('0');
  expect(await grid.getByRole('row').count()).toBeLessThan(100);
  // The last row shown is there to reach: Ctrl+End moves to it.
  await grid.getByRole('gridcell').first().click();
  await page.keyboard.press('Control+End');
  const last = grid.getByRole('row').filter({ has: page.getByRole('gridcell', { name: '199,999', exact: true }) });
  await expect(last).toHaveAttribute('aria-rowindex', String(200_000 + 1));
  await expect(last.getByRole('gridcell')).toBeFocused();
  await expect(grid.getByRole('gridcell', { name: '200,000', exact: true })).toHaveCount(0);
});

test('bad SQL shows the error in its cell, and the other cells still work', async () => {
  const cell = await runSqlCell(page, 'SELECT no_such_column FROM runs');
  await expect(cellStatus(page, 'sql')).toHaveText(/^\[\d+\] Failed$/);
  const alert = cell.getByRole('alert');
  await expect(alert).toContainText('sql failed.');
  await expect(alert).toContainText('no_such_column');
  // Only this cell failed.
  await expect(page.getByRole('alert')).toHaveCount(1);
  await rerunCell(page, 'per_trial');
  await expect(cellStatus(page, 'per_trial')).toHaveText(/^\[\d+\] Done in /);
  await expect(notebookCell(page, 'per_trial').getByRole('grid', { name: 'Result of per_trial' })).toHaveAttribute('aria-rowcount', '13');

  await runSqlCell(page, 'SELECT count(*) AS n FROM experiments');
  await expect(cellStatus(page, 'sql')).toHaveText(/^\[\d+\] Done in /);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(resultGrid(cell).getByRole('gridcell')).toHaveText([String(expected.experiments.length)]);
  await expectOverviewCounts(page, expected);
});

test('SQL cannot reach files or the network', async () => {
  for (const sql of ["SELECT * FROM read_csv('http://example.com/x.csv')", "SELECT * FROM read_csv('/etc/passwd')"]) {
    const cell = await runSqlCell(page, sql);
    await expect(cellStatus(page, 'sql')).toHaveText(/^\[\d+\] Failed$/);
    await expect(cell.getByRole('alert')).toContainText('sql failed.');
    await expect(cell.getByRole('alert')).toContainText(/disabled by configuration|Permission Error/);
  }
});

test('the whole session made no request outside the page\'s origin', async () => {
  expectOnlyOwnOrigin(requests);
  expect(requests.some((url) => url.endsWith('/sample.db'))).toBe(true);
});
