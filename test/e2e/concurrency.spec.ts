import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { generateSnapshot } from '../../src/sample/generate.ts';
import { cellStatus, expectNotebookSettled, expectOpened, expectTemplateNotebookDone, notebookCell, runSqlCell, setEditorText, TEMPLATE_CELLS, TRACKER_EXAMPLE_PATH } from './helpers.ts';

const trackerExample = () => ({ name: 'tracker-example.db', mimeType: 'application/octet-stream', buffer: readFileSync(TRACKER_EXAMPLE_PATH) });

test('a file opened while another loads waits its turn; the notebook ends on the last one, unmixed', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto('./');
  await page.getByRole('button', { name: 'Open sample', exact: true }).click();
  await page.getByLabel('Open file…').setInputFiles(trackerExample());
  await expectOpened(page, 'tracker-example.db');
  await expectTemplateNotebookDone(page);
  await expect(page.getByRole('textbox', { name: 'Notebook title', exact: true })).toHaveValue('Analysis of tracker-example.db');
  // tracker-example has one experiment of two trials; the sample has four experiments.
  await expect(notebookCell(page, 'per_trial').getByRole('grid', { name: 'Result of per_trial' })).toHaveAttribute('aria-rowcount', '3');
  await expect(notebookCell(page, 'overview').getByRole('grid', { name: 'Result of overview' }).getByRole('row').filter({ hasText: 'lr_sweep' })).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('cells asked for while another runs queue behind it; a new snapshot stops what was running', async ({ page }) => {
  await page.goto('./');
  await page.getByRole('button', { name: 'Open sample', exact: true }).click();
  await expectTemplateNotebookDone(page);
  await page.getByRole('button', { name: 'Add a SQL cell', exact: true }).click();
  await setEditorText(page, 'SQL of cell sql', 'SELECT sum(a.range * b.range) AS s FROM range(200000) a, range(200000) b');
  await page.getByRole('button', { name: 'Run cell sql', exact: true }).click();
  await expect(cellStatus(page, 'sql')).toHaveText(/Running…/);
  // Asked for while the long statement runs: it waits its turn.
  await page.getByRole('button', { name: 'Run cell overview', exact: true }).click();
  await expect(cellStatus(page, 'overview')).toHaveText(/Waiting to run/);
  // Opening another snapshot stops the run rather than wait for it; the edited notebook stays and
  // runs on the new data, the long cell too (last, as it is last in the notebook).
  await page.getByLabel('Open file…').setInputFiles(trackerExample());
  await expectOpened(page, 'tracker-example.db');
  await expect(cellStatus(page, 'overview')).toHaveText(/Done in/);
  await expect(cellStatus(page, 'sql')).toHaveText(/Running…/);
  await page.getByRole('button', { name: 'Cancel cell sql', exact: true }).click();
  await expectNotebookSettled(page);
  await expect(cellStatus(page, 'sql')).toHaveText(/Cancelled while it ran\./);
  await expect(notebookCell(page, 'overview').getByRole('grid', { name: 'Result of overview' })).toContainText('mnist_baseline');
  await expect(page.getByRole('textbox', { name: 'SQL of cell sql', exact: true })).toBeVisible();
});

test('a load can be cancelled: the snapshot and notebook open before stay, and nothing of it is left in the engine', async ({ page }) => {
  // 400,000 metric values (37 MB): a load long enough to stop.
  const big = await generateSnapshot({ seed: 3, experiments: 2, trialsPerExperiment: 5, failureRate: 0.1, targetMetricRows: 400_000 });
  await page.goto('./');
  await page.getByRole('button', { name: 'Open sample', exact: true }).click();
  await expectTemplateNotebookDone(page);
  await page.getByLabel('Open file…').setInputFiles({ name: 'big.db', mimeType: 'application/octet-stream', buffer: Buffer.from(big) });
  await page.getByRole('button', { name: 'Cancel loading', exact: true }).click();
  const stopped = page.getByRole('alert').filter({ hasText: 'Stopped loading big.db.' });
  await expect(stopped).toContainText('You cancelled it; nothing was replaced.');
  await expect(stopped).toContainText('The snapshot opened before (sample.db) is still open.');
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 2, name: 'Opened: sample.db' })).toBeVisible();
  for (const name of TEMPLATE_CELLS) await expect(cellStatus(page, name)).toHaveText(/Done in/);
  // What the cancelled load had stored went with it.
  await runSqlCell(page, "SELECT count(*) AS staging FROM information_schema.schemata WHERE schema_name LIKE 'staging%'");
  await expect(notebookCell(page, 'sql').getByRole('grid', { name: 'Result of sql' }).getByRole('gridcell')).toHaveText(['0']);
});
