import { expect, test } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { expectedCounts, expectOnlyOwnOrigin, expectOpened, expectOverviewCounts, recordRequests, SAMPLE_PATH } from './helpers.ts';
import { parquetTablesFrom } from './parquet-export.ts';
import { buildTrackerLikeSnapshot, TRACKER_LIKE_COUNTS } from './tracker-snapshot.ts';

test('?data=./sample.db loads that snapshot on start', async ({ page }) => {
  const expected = await expectedCounts(SAMPLE_PATH);
  const requests = recordRequests(page);
  await page.goto('./?data=./sample.db');
  await expectOpened(page, 'sample.db');
  await expectOverviewCounts(page, expected);
  expectOnlyOwnOrigin(requests);
});

test('?data= pointing at a missing file says what failed and where', async ({ page }) => {
  const requests = recordRequests(page);
  await page.goto('./?data=./no-such-snapshot.db');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Could not open ./no-such-snapshot.db.');
  await expect(alert).toContainText('not a file. Check the address');
  await expect(alert).toContainText('http://127.0.0.1:4173/no-such-snapshot.db');
  await expect(page.getByRole('button', { name: 'Open sample' })).toBeEnabled();
  expectOnlyOwnOrigin(requests);
});

test('several ?data= parameters load several files as one snapshot', async ({ page }) => {
  // A per-table Parquet export hosted next to the page (served here by the test itself).
  const path = test.info().outputPath('tracker.db');
  writeFileSync(path, await buildTrackerLikeSnapshot());
  const files = await parquetTablesFrom(path);
  const requests = recordRequests(page);
  await page.route(/\/export\/[A-Z_]+\.parquet$/, (route) => {
    const name = new URL(route.request().url()).pathname.split('/').pop();
    const file = files.find((candidate) => candidate.name === name);
    return file ? route.fulfill({ body: Buffer.from(file.bytes), contentType: 'application/octet-stream' }) : route.fulfill({ status: 404 });
  });
  const query = files.map((file) => `data=${encodeURIComponent(`./export/${file.name}`)}`).join('&');
  await page.goto(`./?${query}`);
  await expectOpened(page, files.map((file) => file.name).join(', '));
  await expectOverviewCounts(page, TRACKER_LIKE_COUNTS);
  expectOnlyOwnOrigin(requests);
});
