import { expect, test } from '@playwright/test';
import { dropFiles, expectOpened, expectOverviewCounts } from './helpers.ts';
import { buildTrackerLikeSnapshot, TRACKER_LIKE_COUNTS } from './tracker-snapshot.ts';

// The offline part needs the service worker, which then precaches the app (79 MB) first.
test.use({ serviceWorkers: 'allow' });
test.describe.configure({ timeout: 300_000 });

test('Keep offline stores a dropped snapshot; with the network off it reopens from the list, and Delete removes it', async ({ context, page }) => {
  await page.goto('./');
  await dropFiles(page, [{ name: 'tracker.db', bytes: await buildTrackerLikeSnapshot() }]);
  await expectOpened(page, 'tracker.db');
  await page.getByRole('button', { name: 'Keep offline', exact: true }).click();
  await expect(page.getByText('A copy of tracker.db is kept in this browser')).toBeVisible();
  // The app itself comes from the service worker's cache once it controls the page.
  await page.evaluate(() => navigator.serviceWorker.ready);
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

  await context.setOffline(true);
  await page.reload();
  const list = page.getByRole('region', { name: 'Kept in this browser' });
  await expect(list).toContainText('tracker.db');
  await expect(list).toContainText('opens offline');
  await expect(list).toContainText(/This site uses .+ of the .+ this browser allows it\./);
  await list.getByRole('button', { name: 'Open the kept copy of tracker.db', exact: true }).click();
  await expectOpened(page, 'tracker.db');
  await expectOverviewCounts(page, TRACKER_LIKE_COUNTS);
  await expect(page.getByText('A copy of tracker.db is kept in this browser')).toBeVisible();

  await page.getByRole('button', { name: 'Delete the copy', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Keep offline', exact: true })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('region', { name: 'Recent snapshots' })).toContainText('tracker.db');
  await expect(page.getByRole('region', { name: 'Kept in this browser' })).toHaveCount(0);
  await context.setOffline(false);
});
