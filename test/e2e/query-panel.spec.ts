import { readFileSync } from 'node:fs';
import { expect, test, type Download, type Locator, type Page } from '@playwright/test';
import { expectOnlyOwnOrigin, expectOpened, recordRequests } from './helpers.ts';

// One page for the whole file: the engine starts once, and each step builds on the last.
test.describe.configure({ mode: 'serial' });

let page: Page;
let requests: string[];

// What `npx trialbook run static/sample.db per-trial` prints for the sample.
const PER_TRIAL_ROWS = 12;
const FILE_NAME = 'per-trial-test-accuracy-with-95-confidence-intervals';

const queryPanel = () => page.getByRole('tabpanel', { name: 'Query' });
// The query's own table comes first; the tables of its analyses follow it.
const result = () => queryPanel().getByRole('region', { name: 'Query result' });

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  requests = recordRequests(page);
  await page.goto('./');
  await page.getByRole('button', { name: 'Open sample' }).click();
  await expectOpened(page, 'sample.db');
});

test.afterAll(async () => {
  await page.close();
});

/** The text of each cell in a column, found by its header's name. */
async function column(table: Locator, name: string): Promise<string[]> {
  const headers = await table.getByRole('columnheader').allInnerTexts();
  const index = headers.findIndex((header) => header.split('\n')[0].trim() === name);
  expect(index, `column ${name} in ${headers.join(' | ')}`).toBeGreaterThanOrEqual(0);
  return table.getByRole('row').locator(`td:nth-child(${index + 1})`).allInnerTexts();
}

async function download(name: string): Promise<{ download: Download; bytes: Buffer }> {
  const [saved] = await Promise.all([page.waitForEvent('download'), queryPanel().getByRole('group', { name: 'Download' }).getByRole('button', { name, exact: true }).click()]);
  return { download: saved, bytes: readFileSync(await saved.path()) };
}

test('the sample opens on the Query tab with the per-trial template already run', async () => {
  await expect(page.getByRole('tab', { name: 'Query' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByLabel('Template')).toHaveValue('per-trial');
  await expect(queryPanel()).toContainText('Runs whose value lies outside the IQR fences');
  await expect(page.getByLabel('Query spec (YAML)')).toHaveValue(/^group_by: \[trial\]$/m);
  await expect(result().getByRole('row')).toHaveCount(PER_TRIAL_ROWS + 1);
  await expect(queryPanel().getByRole('status')).toHaveText(new RegExp(`^${PER_TRIAL_ROWS} rows in \\d+(\\.\\d+)? m?s$`));
  const trials = await column(result(), 'trial');
  const means = await column(result(), 'mean');
  expect(means[trials.indexOf('randaugment')]).toBe('0.94122');
  expect(trials[0]).toBe('randaugment');
  await expect(queryPanel().getByRole('list', { name: 'Values kept at each step' })).toContainText(`${PER_TRIAL_ROWS} result rows`);
});

test('the excluded runs are listed with the rule each crossed', async () => {
  const excluded = queryPanel().getByRole('list', { name: /^Excluded runs/ });
  await expect(excluded.getByRole('listitem')).toHaveCount(3);
  const run3 = excluded.getByRole('listitem').filter({ hasText: /^\s*Run 3\s/ });
  await expect(run3).toContainText('lr_sweep / lr=0.1');
  await expect(run3).toContainText('upper IQR fence');
});

test('a spec with a typo shows every problem at its path, and the last result stays', async () => {
  const editor = page.getByLabel('Query spec (YAML)');
  await editor.fill('metrics: { names: [tst_acc] }\ngroup_by: [trail]\n');
  await expect(page.getByLabel('Template')).toHaveValue('');
  await page.getByRole('button', { name: 'Run query' }).click();
  const problems = queryPanel().getByRole('alert');
  await expect(problems.getByRole('listitem').filter({ hasText: 'metrics.names[0]' })).toContainText("did you mean 'test_acc'");
  await expect(problems.getByRole('listitem').filter({ hasText: 'group_by[0]' })).toHaveCount(1);
  await expect(problems.locator('code').first()).toHaveText('metrics.names[0]');
  await expect(editor).toHaveAttribute('aria-invalid', 'true');
  await expect(editor).toHaveAccessibleDescription(/metrics\.names\[0\]/);
  await expect(result().getByRole('row')).toHaveCount(PER_TRIAL_ROWS + 1);
  await expect(queryPanel().getByRole('status')).toContainText('(result of the last query that ran)');
});

test('a YAML syntax error points at its line, and Ctrl+Enter runs', async () => {
  const editor = page.getByLabel('Query spec (YAML)');
  await editor.fill('metrics: { names: [test_acc]\n');
  await editor.press('Control+Enter');
  await expect(queryPanel().getByRole('alert').locator('code').first()).toHaveText(/^line \d+, column \d+$/);
});

test('choosing a template again replaces the text and clears the problems; Tab indents in the editor', async () => {
  await page.getByLabel('Template').selectOption('per-trial');
  await expect(queryPanel().getByRole('alert')).toHaveCount(0);
  const editor = page.getByLabel('Query spec (YAML)');
  await expect(editor).toHaveAttribute('aria-invalid', 'false');
  await editor.press('Control+End');
  await editor.press('Tab');
  await expect(editor).toBeFocused();
  await expect(editor).toHaveValue(/\n {2}$/);
  await editor.press('Control+A');
  await editor.press('Tab');
  await expect(editor).toHaveValue(/^ {2}title: .*\n {2}description: >-\n {4}Final/);
  await editor.press('Escape');
  await editor.press('Tab');
  await expect(editor).not.toBeFocused();
  await page.getByLabel('Template').selectOption('per-trial');
  await page.getByRole('button', { name: 'Run query' }).click();
  await expect(queryPanel().getByRole('status')).not.toContainText('last query that ran');
});

test('Show SQL reveals the compiled SQL, which the SQL tab can edit and run', async () => {
  const toggle = page.getByRole('button', { name: 'Show SQL' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const compiled = page.getByLabel('Compiled SQL');
  await expect(compiled).toHaveValue(/^WITH scope_runs AS/);
  await expect(compiled).toHaveAttribute('readonly', '');
  await expect(compiled).toHaveAccessibleDescription(/t-interval bounds are computed/);
  const sql = await compiled.inputValue();

  await page.getByRole('button', { name: 'Copy to SQL box' }).click();
  await expect(page.getByRole('tab', { name: 'SQL' })).toHaveAttribute('aria-selected', 'true');
  const box = page.getByLabel('SQL query');
  await expect(box).toBeFocused();
  await expect(box).toHaveValue(sql);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const sqlResult = page.getByRole('tabpanel', { name: 'SQL' }).getByRole('region', { name: 'Query result' });
  await expect(sqlResult.getByRole('row')).toHaveCount(PER_TRIAL_ROWS + 1);
  expect(await column(sqlResult, 'trial')).toContain('randaugment');
});

test('the compiled SQL follows the editor, and a spec without intervals has no note', async () => {
  await page.getByRole('tab', { name: 'Query' }).click();
  await page.getByLabel('Template').selectOption({ label: 'Best epoch per run (validation loss)' });
  await expect(page.getByLabel('Compiled SQL')).toHaveValue(/'val_loss'/);
  await expect(page.getByLabel('Compiled SQL')).not.toHaveAccessibleDescription(/t-interval/);
  await page.getByLabel('Template').selectOption('per-trial');
  await expect(page.getByLabel('Compiled SQL')).toHaveValue(/'test_acc'/);
  await page.getByRole('button', { name: 'Show SQL' }).click();
  await expect(page.getByLabel('Compiled SQL')).toHaveCount(0);
});

test('the tabs move with the arrow keys', async () => {
  await page.getByRole('tab', { name: 'Query' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'SQL' })).toBeFocused();
  await expect(page.getByRole('tab', { name: 'SQL' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('tab', { name: 'Query' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByLabel('Query spec (YAML)')).toBeVisible();
});

test('the result downloads as CSV, JSON, Parquet and Arrow, named after the query', async () => {
  const csv = await download('CSV');
  expect(csv.download.suggestedFilename()).toBe(`${FILE_NAME}.csv`);
  const lines = csv.bytes.toString('utf8').split('\r\n').filter((line) => line !== '');
  expect(lines[0]).toMatch(/^experiment,trial,metric,count,mean,/);
  expect(lines).toHaveLength(PER_TRIAL_ROWS + 1);
  expect(lines[1]).toMatch(/^augmentation,randaugment,test_acc,5,0\.94122/);

  const json = await download('JSON');
  expect(json.download.suggestedFilename()).toBe(`${FILE_NAME}.json`);
  const parsed = JSON.parse(json.bytes.toString('utf8'));
  expect(parsed.rows).toHaveLength(PER_TRIAL_ROWS);
  expect(parsed.excluded.map((run: { run_id: number }) => run.run_id)).toContain(3);
  expect(parsed.meta.sql).toMatch(/^WITH scope_runs AS/);

  const parquet = await download('Parquet');
  expect(parquet.download.suggestedFilename()).toBe(`${FILE_NAME}.parquet`);
  expect(parquet.bytes.subarray(0, 4).toString('latin1')).toBe('PAR1');

  const arrow = await download('Arrow');
  expect(arrow.download.suggestedFilename()).toBe(`${FILE_NAME}.arrow`);
  expect(arrow.bytes.subarray(0, 6).toString('latin1')).toBe('ARROW1');
});

test('no request left the page\'s origin', async () => {
  expectOnlyOwnOrigin(requests);
});
