import { readFileSync } from 'node:fs';
import { expect, test, type Download, type Locator, type Page } from '@playwright/test';
import {
  cellStatus,
  editorText,
  expectOnlyOwnOrigin,
  expectOpened,
  expectRanSince,
  expectTemplateNotebookDone,
  notebookCell,
  recordRequests,
  rerunCell,
  runNumber,
  setEditorText,
} from './helpers.ts';

// One page for the whole file: the engine starts once, and each step builds on the last.
test.describe.configure({ mode: 'serial' });

let page: Page;
let requests: string[];
/** The per_trial cell's spec as the templates wrote it, to put back after breaking it. */
let template: string;

// What `npx trialbook run static/sample.db per-trial` prints for the sample.
const PER_TRIAL_ROWS = 12;
const FILE_NAME = 'test_acc-by-trial';
const EDITOR = 'Query spec of cell per_trial';

const cell = () => notebookCell(page, 'per_trial');
const grid = (name = 'per_trial') => notebookCell(page, name).getByRole('grid', { name: `Result of ${name}`, exact: true });
// The query's own result, headed by the spec's title.
const result = () => cell().getByRole('region', { name: 'Per-trial test accuracy with 95% confidence intervals', exact: true });
/** The result's summary line ("12 rows in 9 ms"), apart from the grid's own row count. */
const summary = () => result().getByRole('status').filter({ hasText: / in / });

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  requests = recordRequests(page);
  await page.goto('./');
  await page.getByRole('button', { name: 'Open sample' }).click();
  await expectOpened(page, 'sample.db');
  await expectTemplateNotebookDone(page);
  template = await editorText(page, EDITOR);
});

test.afterAll(async () => {
  await page.close();
});

/** The text of each rendered cell in a column of a grid, found by its header's name. */
async function column(table: Locator, name: string): Promise<string[]> {
  const headers = (await table.getByRole('columnheader').allInnerTexts()).map((header) => header.trim());
  const index = headers.indexOf(name);
  expect(index, `column ${name} in ${headers.join(' | ')}`).toBeGreaterThanOrEqual(0);
  const rows = await table.getByRole('row').filter({ has: page.getByRole('gridcell') }).all();
  return Promise.all(rows.map((row) => row.getByRole('gridcell').nth(index).innerText()));
}

/** Every rendered row of a grid as {column: text}, for comparing two grids whose columns differ. */
async function records(table: Locator): Promise<Record<string, string>[]> {
  const headers = (await table.getByRole('columnheader').allInnerTexts()).map((header) => header.trim());
  const rows = await table.getByRole('row').filter({ has: page.getByRole('gridcell') }).all();
  return Promise.all(rows.map(async (row) => Object.fromEntries((await row.getByRole('gridcell').allInnerTexts()).map((text, index) => [headers[index], text]))));
}

async function download(name: string): Promise<{ download: Download; bytes: Buffer }> {
  const [saved] = await Promise.all([page.waitForEvent('download'), result().getByRole('group', { name: 'Download' }).getByRole('button', { name, exact: true }).click()]);
  return { download: saved, bytes: readFileSync(await saved.path()) };
}

test('the sample opens with the per_trial query cell already run', async () => {
  await expect(cellStatus(page, 'per_trial')).toHaveText(/^\[\d+\] Done in \d+(\.\d+)? m?s$/);
  // The template's description heads its cells.
  await expect(notebookCell(page, 'per_trial_notes')).toContainText('Runs whose value lies outside the IQR fences');
  // The query part of queries/per-trial.yaml (its analyze: entries have cells of their own).
  expect(template).toMatch(/^group_by: \[trial\]$/m);
  expect(template).not.toMatch(/^analyze:/m);
  await expect(grid()).toHaveAttribute('aria-rowcount', String(PER_TRIAL_ROWS + 1));
  // Twelve rows fit in view: all of them are in the page.
  await expect(grid().getByRole('row')).toHaveCount(PER_TRIAL_ROWS + 1);
  await expect(summary()).toHaveText(new RegExp(`^${PER_TRIAL_ROWS} rows in \\d+(\\.\\d+)? m?s$`));
  const trials = await column(grid(), 'trial');
  const means = await column(grid(), 'mean');
  expect(means[trials.indexOf('randaugment')]).toBe('0.94122');
  expect(trials[0]).toBe('randaugment');
  await expect(result().getByRole('list', { name: 'Values kept at each step' })).toContainText(`${PER_TRIAL_ROWS} result rows`);
});

test('the excluded runs are listed with the rule each crossed', async () => {
  const excluded = result().getByRole('list', { name: /^Excluded runs/ });
  await expect(excluded.getByRole('listitem')).toHaveCount(3);
  const run3 = excluded.getByRole('listitem').filter({ hasText: /^\s*Run 3\s/ });
  await expect(run3).toContainText('lr_sweep / lr=0.1');
  await expect(run3).toContainText('upper IQR fence');
});

test('a spec with a typo shows every problem at its path, and the last result stays, dimmed', async () => {
  const before = (await runNumber(page, 'per_trial'))!;
  await setEditorText(page, EDITOR, 'metrics: { names: [tst_acc] }\ngroup_by: [trail]\n');
  await expect(cellStatus(page, 'per_trial')).toContainText('edited since');
  await page.getByRole('button', { name: 'Run cell per_trial', exact: true }).click();
  await expectRanSince(page, 'per_trial', before);
  await expect(cellStatus(page, 'per_trial')).toHaveText(/^\[\d+\] Failed$/);
  const problems = cell().getByRole('alert');
  await expect(problems).toContainText('per_trial has 2 problems:');
  await expect(problems.getByRole('listitem').filter({ hasText: 'metrics.names[0]' })).toContainText("did you mean 'test_acc'");
  await expect(problems.getByRole('listitem').filter({ hasText: 'group_by[0]' })).toHaveCount(1);
  await expect(problems.locator('code').first()).toHaveText('metrics.names[0]');
  const editor = page.getByRole('textbox', { name: EDITOR, exact: true });
  await expect(editor).toHaveAttribute('aria-invalid', 'true');
  // In the editor, each problem is marked where it is: the misspelt metric and group.
  await expect(editor.locator('.cm-lintRange-error')).toHaveText(['tst_acc', 'trail']);
  // The last result stays, marked as such and dimmed.
  await expect(grid()).toHaveAttribute('aria-rowcount', String(PER_TRIAL_ROWS + 1));
  await expect(grid().getByRole('row')).toHaveCount(PER_TRIAL_ROWS + 1);
  await expect(summary()).toContainText('(result of the last query that ran)');
  await expect.poll(() => result().evaluate((element) => Number(getComputedStyle(element).opacity))).toBeLessThan(1);
});

test('a YAML syntax error points at its line; the template text runs clean again', async () => {
  const before = (await runNumber(page, 'per_trial'))!;
  await setEditorText(page, EDITOR, 'metrics: { names: [test_acc]\n');
  await page.keyboard.press('Shift+Enter');
  await expectRanSince(page, 'per_trial', before);
  await expect(cell().getByRole('alert').locator('code').first()).toHaveText(/^line \d+, column \d+$/);

  const again = (await runNumber(page, 'per_trial'))!;
  await setEditorText(page, EDITOR, template);
  await page.keyboard.press('Shift+Enter');
  await expectRanSince(page, 'per_trial', again);
  await expect(cellStatus(page, 'per_trial')).toHaveText(/^\[\d+\] Done in /);
  await expect(cell().getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('textbox', { name: EDITOR, exact: true })).not.toHaveAttribute('aria-invalid', 'true');
  await expect(summary()).not.toContainText('last query that ran');
  await expect.poll(() => result().evaluate((element) => Number(getComputedStyle(element).opacity))).toBe(1);
  // Tab is left to the browser: the keyboard can always leave the editor, and nothing is typed.
  const text = await editorText(page, EDITOR);
  await expect(page.getByRole('textbox', { name: EDITOR, exact: true })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('textbox', { name: EDITOR, exact: true })).not.toBeFocused();
  expect(await editorText(page, EDITOR)).toBe(text);
});

test('Show SQL reveals the compiled SQL, which a new SQL cell runs to the same rows', async () => {
  const toggle = result().getByRole('button', { name: /^(Show|Hide) SQL$/ });
  await expect(toggle).toHaveText('Show SQL');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(toggle).toHaveText('Hide SQL');
  const compiled = result().getByLabel('Compiled SQL');
  await expect(compiled).toHaveValue(/^WITH scope_runs AS/);
  await expect(compiled).toHaveAttribute('readonly', '');
  await expect(compiled).toHaveAccessibleDescription(/t-interval bounds are computed/);
  const sql = await compiled.inputValue();

  await expect(notebookCell(page, 'sql')).toHaveCount(0);
  await result().getByRole('button', { name: 'Copy into a new SQL cell' }).click();
  const sqlCell = notebookCell(page, 'sql');
  await expect(sqlCell).toHaveAccessibleName('SQL cell sql');
  // At the end of the notebook, after the last template cell.
  await expect(page.getByRole('region', { name: / cell [a-z_0-9]+$/ }).last()).toHaveAccessibleName('SQL cell sql');
  // The editor renders only the lines in view: its start is the SQL's start, and its end (scrolled to) the SQL's end.
  const lines = sql.trimEnd().split('\n');
  await expect.poll(async () => (await editorText(page, 'SQL of cell sql')).split('\n').slice(0, 10)).toEqual(lines.slice(0, 10));
  await page.getByRole('textbox', { name: 'SQL of cell sql', exact: true }).click();
  await page.keyboard.press('ControlOrMeta+End');
  await expect.poll(async () => (await editorText(page, 'SQL of cell sql')).trimEnd().split('\n').slice(-10)).toEqual(lines.slice(-10));
  await rerunCell(page, 'sql');
  await expect(cellStatus(page, 'sql')).toHaveText(/^\[\d+\] Done in /);
  await expect(grid('sql')).toHaveAttribute('aria-rowcount', String(PER_TRIAL_ROWS + 1));
  // The same rows in the same order; the SQL leaves out the interval bounds, made in JavaScript.
  const fromQuery = await records(grid());
  const fromSql = await records(grid('sql'));
  expect(fromSql).toHaveLength(PER_TRIAL_ROWS);
  const shared = ['experiment', 'trial', 'metric', 'count', 'mean', 'std', 'median', 'min', 'max'].filter((name) => name in fromSql[0]);
  expect(shared).toEqual(expect.arrayContaining(['trial', 'mean']));
  const pick = (rows: Record<string, string>[]) => rows.map((row) => shared.map((name) => row[name]));
  expect(pick(fromSql)).toEqual(pick(fromQuery));
  expect(await column(grid('sql'), 'trial')).toContain('randaugment');
});

test('the compiled SQL is that of the spec that ran, and a spec without intervals has no note', async () => {
  await page.getByRole('button', { name: 'Add a Query cell', exact: true }).click();
  const query = notebookCell(page, 'query');
  await expect(query).toHaveAccessibleName('Query cell query');
  await setEditorText(page, 'Query spec of cell query', readFileSync('queries/best-epoch.yaml', 'utf8'));
  await page.keyboard.press('Shift+Enter');
  await expect(cellStatus(page, 'query')).toHaveText(/^\[\d+\] Done in /);
  await query.getByRole('button', { name: 'Show SQL' }).click();
  const compiled = query.getByLabel('Compiled SQL');
  await expect(compiled).toHaveValue(/'val_loss'/);
  await expect(compiled).not.toHaveAccessibleDescription(/t-interval/);

  const before = (await runNumber(page, 'query'))!;
  await setEditorText(page, 'Query spec of cell query', 'metrics: { names: [test_acc], level: results }\ngroup_by: [trial]\naggregate: [count, mean, ci95]\n');
  // Edited but not run: the SQL shown is still the one that ran.
  await expect(compiled).toHaveValue(/'val_loss'/);
  await page.keyboard.press('Shift+Enter');
  await expectRanSince(page, 'query', before);
  await expect(compiled).toHaveValue(/'test_acc'/);
  await expect(compiled).toHaveAccessibleDescription(/t-interval bounds are computed/);
  await query.getByRole('button', { name: 'Hide SQL' }).click();
  await expect(query.getByLabel('Compiled SQL')).toHaveCount(0);
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
