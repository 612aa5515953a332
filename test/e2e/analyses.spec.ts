import { expect, test, type Page } from '@playwright/test';
import { expectOpened } from './helpers.ts';

// One page for the whole file: the engine starts once, and each template runs on the same sample.
test.describe.configure({ mode: 'serial' });

let page: Page;

const queryPanel = () => page.getByRole('tabpanel', { name: 'Query' });
const analysis = (title: string) => queryPanel().getByRole('region', { name: title, exact: true });

async function runTemplate(label: string) {
  await page.getByLabel('Template').selectOption({ label });
  await page.getByRole('button', { name: 'Run query' }).click();
}

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  await page.goto('./');
  await page.getByRole('button', { name: 'Open sample' }).click();
  await expectOpened(page, 'sample.db');
});

test.afterAll(async () => {
  await page.close();
});

test('per-trial compares the trials: findings first, then the ranking and the pairs with verdicts', async () => {
  const compare = analysis("test_acc by trial: Welch's t-test, Holm");
  await expect(compare.getByRole('heading', { level: 3 })).toHaveText("test_acc by trial: Welch's t-test, Holm");
  const findings = compare.getByRole('list', { name: 'Findings' }).getByRole('listitem');
  await expect(findings.first()).toBeVisible();
  await expect(findings.first()).toHaveCSS('font-weight', '600');

  const ranking = compare.getByRole('region', { name: 'Ranking', exact: true });
  await expect(ranking.getByRole('heading', { level: 4 })).toHaveText('Ranking');
  await expect(ranking.getByRole('columnheader', { name: /^rank/ })).toBeVisible();
  await expect(ranking.getByRole('row').nth(1).getByRole('cell').first()).toHaveText('1');

  const pairs = compare.getByRole('region', { name: 'Pairs', exact: true });
  await expect(pairs.getByRole('columnheader', { name: /^verdict/ })).toHaveText(/verdict\s*string/);
  // Every pair has a verdict, and a verdict is read whole: wrapped, never cut short.
  const verdicts = pairs.locator('td[title*=" on test_acc"]');
  expect(await verdicts.count()).toBeGreaterThan(0);
  await expect(verdicts.first()).toHaveCSS('white-space', 'normal');
});

test('"Why runs fail" shows the failure rates per trial', async () => {
  await runTemplate('Why runs fail');
  const failures = analysis('Failures by trial');
  const rates = failures.getByRole('region', { name: 'Rates', exact: true });
  await expect(rates.getByRole('columnheader', { name: /^rate/ })).toHaveText(/rate\s*number/);
  expect(await rates.getByRole('row').count()).toBeGreaterThan(1);
  await expect(analysis("test_acc by trial: Welch's t-test, Holm")).toHaveCount(0);
});

test('training curves show a summary per trial, and the long band table is collapsed', async () => {
  await runTemplate('Validation loss per trial and epoch');
  const curves = analysis('Training curves of val_loss by trial');
  const summary = curves.getByRole('region', { name: 'Summary', exact: true });
  await expect(summary.getByRole('columnheader', { name: /^convergence_epoch/ })).toBeVisible();
  await expect(curves.getByRole('region', { name: 'Best epoch per run', exact: true })).toBeVisible();

  const band = curves.getByRole('region', { name: 'Band', exact: true });
  const showAll = band.getByText(/^Show all [\d,]+ rows$/);
  const total = Number((await showAll.innerText()).replace(/\D/g, ''));
  expect(total).toBeGreaterThan(20);
  await expect(band.getByRole('row')).toHaveCount(20 + 1);
  await showAll.click();
  await expect(band.getByRole('row')).toHaveCount(total + 1);
});
