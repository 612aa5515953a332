import { copyFileSync, writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { buildTrapSnapshot, NASTY_METRIC, UNICODE_TRIAL } from '../fixtures/trap-snapshot.ts';
import { dropFiles, expectedCounts, expectOnlyOwnOrigin, expectOpened, expectOverviewCounts, loadError, overview, recordRequests, runSqlCell, TRACKER_EXAMPLE_PATH } from './helpers.ts';
import { parquetTablesFrom } from './parquet-export.ts';
import { buildTrackerLikeSnapshot, TRACKER_LIKE_COUNTS } from './tracker-snapshot.ts';

// One page for the whole file: the engine starts once, and each step builds on the last.
test.describe.configure({ mode: 'serial' });

let page: Page;
let requests: string[];
let trackerPath: string;

test.beforeAll(async ({ browser }) => {
  trackerPath = test.info().outputPath('tracker.db');
  writeFileSync(trackerPath, await buildTrackerLikeSnapshot());
  page = await browser.newPage();
  requests = recordRequests(page);
  await page.goto('./');
});

test.afterAll(async () => {
  await page.close();
});

test('a SQLite file picked with "Open file…" shows its counts', async () => {
  expect(await expectedCounts(trackerPath)).toEqual(TRACKER_LIKE_COUNTS);
  await page.getByLabel('Open file…').setInputFiles(trackerPath);
  await expectOpened(page, 'tracker.db');
  await expectOverviewCounts(page, TRACKER_LIKE_COUNTS);
  const metrics = overview(page).getByRole('table', { name: 'Metrics' });
  for (const name of ['test_acc results', 'test_loss results', 'train_loss epoch', 'val_acc epoch']) {
    await expect(metrics.getByRole('row', { name: new RegExp(`^${name}`) })).toHaveCount(1);
  }
});

test('dragging files over the window shows the drop overlay', async () => {
  const dataTransfer = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['x'], 'x.db'));
    return transfer;
  });
  await page.dispatchEvent('body', 'dragenter', { dataTransfer });
  await expect(page.getByText('Drop to open')).toBeVisible();
  await page.dispatchEvent('body', 'dragleave', { dataTransfer });
  await expect(page.getByText('Drop to open')).toHaveCount(0);
});

test('dropping random bytes shows an error and keeps the snapshot already open', async () => {
  const random = new Uint8Array(64 * 1024);
  for (let i = 0; i < random.length; i++) random[i] = (i * 2654435761) >>> 24;
  await dropFiles(page, [{ name: 'noise.bin', bytes: random }]);
  const alert = loadError(page);
  await expect(alert).toContainText('Could not open noise.bin.');
  await expect(alert).toContainText('neither a SQLite database nor a Parquet file');
  await expect(alert).toContainText('(tracker.db) is still open');
  await expectOverviewCounts(page, TRACKER_LIKE_COUNTS);
});

test('dropping a truncated copy of a real snapshot shows an error and keeps the snapshot already open', async () => {
  const whole = await buildTrackerLikeSnapshot();
  await dropFiles(page, [{ name: 'cut-short.db', bytes: whole.subarray(0, Math.floor(whole.length / 3)) }]);
  const alert = loadError(page);
  await expect(alert).toContainText('Could not open cut-short.db.');
  await expect(alert).toContainText('(tracker.db) is still open');
  await expect(page.getByRole('heading', { level: 2, name: 'Opened: tracker.db' })).toBeVisible();
  await expectOverviewCounts(page, TRACKER_LIKE_COUNTS);
  // The data is still there to query, too.
  const cell = await runSqlCell(page, 'SELECT count(*) AS runs FROM runs');
  await expect(cell.getByRole('grid', { name: 'Result of sql' }).getByRole('gridcell')).toHaveText(['10']);
});

test('the error can be dismissed, and a good drop after a bad one loads', async () => {
  await page.getByRole('button', { name: 'Dismiss this error' }).click();
  await expect(loadError(page)).toHaveCount(0);
  await dropFiles(page, [{ name: 'dropped.db', bytes: await buildTrackerLikeSnapshot() }]);
  await expectOpened(page, 'dropped.db');
  await expect(loadError(page)).toHaveCount(0);
  await expectOverviewCounts(page, TRACKER_LIKE_COUNTS);
});

test('the Parquet files of a per-table export, dropped together, open as one snapshot', async () => {
  const files = await parquetTablesFrom(trackerPath);
  expect(files.length).toBeGreaterThan(5);
  await dropFiles(page, files);
  await expectOpened(page, files.map((file) => file.name).join(', '));
  await expect(overview(page)).toContainText('Parquet tables');
  await expectOverviewCounts(page, TRACKER_LIKE_COUNTS);
});

test('a snapshot full of traps (hostile names, odd statuses, orphans) loads as data and queries safely', async () => {
  const path = test.info().outputPath('traps.db');
  writeFileSync(path, await buildTrapSnapshot());
  await page.getByLabel('Open file…').setInputFiles(path);
  await expectOpened(page, 'traps.db');
  await expectOverviewCounts(page, await expectedCounts(path));
  await expect(overview(page).getByRole('table', { name: 'Metrics' }).getByRole('rowheader', { name: NASTY_METRIC, exact: true })).toHaveCount(1);
  await expect(overview(page).getByRole('heading', { name: /warning/ })).toBeVisible();
  // The SQL cell added before stays: a notebook the user wrote is kept for the next snapshot.
  const cell = await runSqlCell(page, `SELECT trial FROM trials WHERE trial LIKE '%"quoted"%'`);
  await expect(cell.getByRole('grid', { name: 'Result of sql' }).getByRole('gridcell')).toHaveText([UNICODE_TRIAL]);
});

test('the Experiment Manager\'s own tracker-example.db shows its documented counts', async () => {
  expect(await expectedCounts(TRACKER_EXAMPLE_PATH)).toEqual(TRACKER_LIKE_COUNTS);
  const path = test.info().outputPath('tracker-example.db');
  copyFileSync(TRACKER_EXAMPLE_PATH, path);
  await page.getByLabel('Open file…').setInputFiles(path);
  await expectOpened(page, 'tracker-example.db');
  await expectOverviewCounts(page, TRACKER_LIKE_COUNTS);
});

test('no request left the page\'s origin', async () => {
  expectOnlyOwnOrigin(requests);
});
