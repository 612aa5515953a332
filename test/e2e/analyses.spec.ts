import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectedCounts, expectOpened, expectTemplateNotebookDone, notebookCell, SAMPLE_PATH, type ExpectedCounts } from './helpers.ts';

// One page for the whole file: the engine starts once, and the template notebook runs every analysis on the sample.
test.describe.configure({ mode: 'serial' });

let page: Page;
let expected: ExpectedCounts;

const COMPARE = "test_acc by trial: Welch's t-test, Holm";
/** An analysis' result (headed by its title) in the analysis cell `cell`. */
const analysis = (cell: string, title: string) => notebookCell(page, cell).getByRole('region', { name: title, exact: true });
/** One of an analysis' tables: a region headed by its title, holding a grid "<title> table". */
const table = (parent: Locator, title: string) => parent.getByRole('region', { name: title, exact: true }).getByRole('grid', { name: `${title} table`, exact: true });

/** The text of each rendered cell in a column of a grid, found by its header's name. */
async function column(grid: Locator, name: string): Promise<string[]> {
  const headers = (await grid.getByRole('columnheader').allInnerTexts()).map((header) => header.trim());
  const index = headers.indexOf(name);
  expect(index, `column ${name} in ${headers.join(' | ')}`).toBeGreaterThanOrEqual(0);
  const rows = await grid.getByRole('row').filter({ has: page.getByRole('gridcell') }).all();
  return Promise.all(rows.map((row) => row.getByRole('gridcell').nth(index).innerText()));
}

test.beforeAll(async ({ browser }) => {
  expected = await expectedCounts(SAMPLE_PATH);
  page = await browser.newPage();
  await page.goto('./');
  await page.getByRole('button', { name: 'Open sample' }).click();
  await expectOpened(page, 'sample.db');
  await expectTemplateNotebookDone(page);
});

test.afterAll(async () => {
  await page.close();
});

test('per_trial_significance compares the trials: findings first, then the ranking and the pairs with verdicts', async () => {
  await expect(notebookCell(page, 'per_trial_significance')).toContainText('Over the runs of per_trial');
  const compare = analysis('per_trial_significance', COMPARE);
  await expect(compare.getByRole('heading', { level: 3 })).toHaveText(COMPARE);
  const findings = compare.getByRole('list', { name: 'Findings' }).getByRole('listitem');
  await expect(findings.first()).toBeVisible();
  await expect(findings.first()).toHaveCSS('font-weight', '600');
  await expect(findings.first()).toHaveText(/^lr=0\.01 beats lr=0\.1 on test_acc by 0\.0367 /);

  const ranking = table(compare, 'Ranking');
  await expect(compare.getByRole('region', { name: 'Ranking', exact: true }).getByRole('heading', { level: 4 })).toHaveText('Ranking');
  await expect(ranking.getByRole('columnheader', { name: 'Sort by rank', exact: true })).toBeVisible();
  await expect(ranking.getByRole('row').nth(1).getByRole('gridcell').first()).toHaveText('1');
  // One rank per trial of the sample: the twelve trials of its four experiments.
  await expect(ranking).toHaveAttribute('aria-rowcount', '13');

  const pairs = table(compare, 'Pairs');
  await expect(pairs.getByRole('columnheader', { name: 'Sort by verdict', exact: true })).toHaveText('verdict');
  // Every pair has a verdict, and a verdict is there whole: in the cell's text and its title.
  const verdicts = await column(pairs, 'verdict');
  expect(verdicts.length).toBeGreaterThan(0);
  for (const verdict of verdicts) expect(verdict).toMatch(/^(.+ beats .+|no significant difference between .+) on test_acc /);
  const first = pairs.getByRole('gridcell', { name: verdicts[0], exact: true });
  await expect(first).toHaveAttribute('title', verdicts[0]);
});

test('failure_analysis_causes shows the failure rates per trial', async () => {
  const failures = analysis('failure_analysis_causes', 'Failures by trial');
  const rates = table(failures, 'Rates');
  await expect(rates.getByRole('columnheader', { name: 'Sort by rate', exact: true })).toHaveText('rate');
  expect(await rates.getByRole('row').count()).toBeGreaterThan(1);
  // Every run of the sample, whatever its status, counted once: the failed ones as the overview counts them.
  const runs = (await column(rates, 'runs')).map(Number);
  const failed = (await column(rates, 'failed')).map(Number);
  expect(runs.reduce((a, b) => a + b, 0)).toBe(expected.runs);
  expect(failed.reduce((a, b) => a + b, 0)).toBe(expected.byStatus.failed);
  const rate = (await column(rates, 'rate')).map(Number);
  rate.forEach((value, index) => expect(value).toBeCloseTo(failed[index] / runs[index], 5));
  await expect(failures.getByRole('list', { name: 'Findings' }).getByRole('listitem').first()).toContainText(`${expected.byStatus.failed} of ${expected.runs} runs failed`);
  // Each analysis shows in its own cell only.
  await expect(notebookCell(page, 'failure_analysis_causes').getByRole('region', { name: COMPARE, exact: true })).toHaveCount(0);
});

test('training_curves_convergence shows a summary per trial, and the long band table renders only the rows in view', async () => {
  const curves = analysis('training_curves_convergence', 'Training curves of val_loss by trial');
  const summary = table(curves, 'Summary');
  await expect(summary.getByRole('columnheader', { name: 'Sort by convergence_epoch', exact: true })).toBeVisible();
  await expect(summary).toHaveAttribute('aria-rowcount', '13');
  await expect(table(curves, 'Best epoch per run')).toBeVisible();

  const band = table(curves, 'Band');
  const total = Number(await band.getAttribute('aria-rowcount')) - 1;
  // A band row per trial and epoch: 12 trials of 25 epochs.
  expect(total).toBe(12 * 25);
  const rendered = await band.getByRole('row').count();
  expect(rendered).toBeGreaterThan(1);
  expect(rendered).toBeLessThan(total / 4);
  // Its last row is there to reach from the keyboard.
  await band.getByRole('gridcell').first().click();
  await page.keyboard.press('ControlOrMeta+End');
  await expect(band.getByRole('row').last()).toHaveAttribute('aria-rowindex', String(total + 1));
  await expect(band.getByRole('row').last().getByRole('gridcell').last()).toBeFocused();
});
