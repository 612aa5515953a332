import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { cellStatus, expectOpened, expectTemplateNotebookDone, notebookCell, TRACKER_EXAMPLE_PATH } from './helpers.ts';

test('a snapshot without the templates\' metrics gets a complete analysis of the metrics it has; a reload lists it to reopen', async ({ page }) => {
  await page.goto('./');
  await page.getByLabel('Open file…').setInputFiles({ name: 'tracker-example.db', mimeType: 'application/octet-stream', buffer: readFileSync(TRACKER_EXAMPLE_PATH) });
  await expectOpened(page, 'tracker-example.db');
  await expectTemplateNotebookDone(page);
  // It logs train_loss and val_acc per epoch, not val_loss: the curves are of train_loss.
  await expect(page.getByRole('textbox', { name: 'Query spec of cell training_curves', exact: true })).toContainText('names: [ train_loss ]');
  await expect(notebookCell(page, 'training_curves_notes').getByRole('heading', { level: 2 })).toHaveText('train_loss per trial and epoch');
  await expect(notebookCell(page, 'training_curves_chart').locator('svg [aria-label="line"] path')).toHaveCount(2);
  await expect(notebookCell(page, 'per_trial').getByRole('grid', { name: 'Result of per_trial' })).toHaveAttribute('aria-rowcount', '3');
  for (const name of ['per_trial_significance', 'failure_analysis_causes', 'training_curves_convergence']) await expect(cellStatus(page, name)).toHaveText(/Done in/);

  await expect.poll(() => page.evaluate(() => new Promise<number>((resolve) => {
    const open = indexedDB.open('trialbook');
    open.onsuccess = () => {
      const count = open.result.transaction('recent').objectStore('recent').count();
      count.onsuccess = () => resolve(count.result);
    };
  }))).toBe(1);
  await page.reload();
  // A picked file cannot be read again without the user: the notebook waits, and says for what.
  await expect(page.getByRole('note')).toHaveText(/This notebook was last run on tracker-example\.db\. Open it to run its cells again\./);
  const recent = page.getByRole('region', { name: 'Recent snapshots' });
  await expect(recent.getByRole('listitem')).toHaveCount(1);
  await expect(recent).toContainText('picked from disk: use Open file… to open it again');
  await expect(cellStatus(page, 'per_trial')).toHaveText('Not run yet');
  await expect(page.getByRole('button', { name: 'Run all', exact: true })).toBeDisabled();
  await recent.getByRole('button', { name: 'Forget tracker-example.db', exact: true }).click();
  await expect(recent).toHaveCount(0);
  await page.getByLabel('Open file…').setInputFiles({ name: 'tracker-example.db', mimeType: 'application/octet-stream', buffer: readFileSync(TRACKER_EXAMPLE_PATH) });
  await expectTemplateNotebookDone(page);
});

test('another page of the same browser restores the notebook and reopens its hosted snapshot by itself', async ({ page }) => {
  await page.goto('./');
  await page.getByRole('button', { name: 'Open sample' }).click();
  await expectTemplateNotebookDone(page);
  // A fresh page of the same browser: the notebook is restored and its hosted snapshot reopens by itself.
  const again = await page.context().newPage();
  await again.goto('./');
  await expectOpened(again, 'sample.db');
  await expectTemplateNotebookDone(again);
  await again.close();
});
