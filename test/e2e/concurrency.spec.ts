import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { cellStatus, expectNotebookSettled, expectOpened, expectTemplateNotebookDone, notebookCell, setEditorText, TRACKER_EXAMPLE_PATH } from './helpers.ts';

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
