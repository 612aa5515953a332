import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { cellStatus, expectNotebookSettled, expectOpened, expectTemplateNotebookDone, notebookCell, runNumber, setEditorText, TEMPLATE_CELLS } from './helpers.ts';

// One page for the file: each step builds on the notebook the last one left.
test.describe.configure({ mode: 'serial' });

let page: Page;

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  await page.goto('./');
});

test.afterAll(async () => {
  await page.close();
});

/** The title of the notebook autosave last stored, read from IndexedDB as the app wrote it. */
function storedNotebookTitle(target: Page): Promise<string | null> {
  return target.evaluate(
    () =>
      new Promise<string | null>((resolve) => {
        const open = indexedDB.open('trialbook');
        open.onerror = () => resolve(null);
        open.onsuccess = () => {
          const request = open.result.transaction('notebook').objectStore('notebook').get('current');
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result ? (JSON.parse(request.result.doc) as { title: string }).title : null);
          };
          request.onerror = () => resolve(null);
        };
      }),
  );
}

async function runNumbers(names: string[]): Promise<Record<string, number | null>> {
  return Object.fromEntries(await Promise.all(names.map(async (name) => [name, await runNumber(page, name)] as const)));
}

test('opening the sample starts a notebook from the templates and runs every cell', async () => {
  await page.getByRole('button', { name: 'Open sample', exact: true }).click();
  await expectOpened(page, 'sample.db');
  await expectTemplateNotebookDone(page);
  await expect(page.getByRole('textbox', { name: 'Notebook title', exact: true })).toHaveValue('Analysis of sample.db');
  await expect(notebookCell(page, 'intro').getByRole('heading', { name: 'sample.db' })).toBeVisible();
  // Each kind shows its output: a query's grid, an analysis's findings, a chart's SVG.
  await expect(notebookCell(page, 'per_trial').getByRole('grid', { name: 'Result of per_trial' })).toHaveAttribute('aria-rowcount', '13');
  await expect(notebookCell(page, 'per_trial_significance').getByRole('list', { name: 'Findings' })).toContainText('randaugment beats no_aug');
  await expect(notebookCell(page, 'training_curves_chart').locator('svg [aria-label="line"] path')).toHaveCount(12);
  await expect(notebookCell(page, 'failure_analysis_chart').locator('svg [aria-label="bar"] rect')).toHaveCount(12);
});

test('changing the metric in the form re-runs the query and exactly the cells that read it', async () => {
  const before = await runNumbers(TEMPLATE_CELLS);
  const query = notebookCell(page, 'per_trial');
  await query.getByRole('button', { name: 'Form view of cell per_trial', exact: true }).click();
  await query.getByRole('group', { name: 'Form of cell per_trial' }).getByLabel('Metric').selectOption('test_loss');
  await expectNotebookSettled(page);
  const after = await runNumbers(TEMPLATE_CELLS);
  const rerun = TEMPLATE_CELLS.filter((name) => after[name] !== before[name]);
  expect(rerun).toEqual(['per_trial', 'per_trial_significance', 'per_trial_runs', 'per_trial_chart']);
  // Ran in dependency order, after everything that ran before.
  expect(after.per_trial! < after.per_trial_significance! && after.per_trial_significance! < after.per_trial_chart!).toBe(true);
  await expect(page.getByRole('textbox', { name: 'Query spec of cell per_trial', exact: true })).toContainText('names: [ test_loss ]');
  // The outlier rule follows the metric, and the analysis (no metric of its own) compares the new one.
  await expect(page.getByRole('textbox', { name: 'Query spec of cell per_trial', exact: true })).toContainText('metric: test_loss, method: iqr');
  await expect(notebookCell(page, 'per_trial_significance').getByRole('list', { name: 'Findings' })).toContainText('on test_loss');
  await expect(cellStatus(page, 'per_trial_significance')).toHaveText(/Done in/);
});

test('Shift+Enter in an editor runs that cell and its readers', async () => {
  const before = await runNumbers(['training_curves', 'training_curves_convergence', 'training_curves_chart', 'overview']);
  const editor = page.getByRole('textbox', { name: 'Query spec of cell training_curves', exact: true });
  await setEditorText(page, 'Query spec of cell training_curves', 'metrics: { names: [train_loss], level: epoch }\ngroup_by: [trial, epoch]\naggregate: [runs, mean, std, ci95]\n');
  await editor.press('Shift+Enter');
  await expectNotebookSettled(page);
  const after = await runNumbers(['training_curves', 'training_curves_convergence', 'training_curves_chart', 'overview']);
  expect(after.training_curves).toBeGreaterThan(before.training_curves!);
  expect(after.training_curves_convergence).toBeGreaterThan(before.training_curves_convergence!);
  expect(after.training_curves_chart).toBeGreaterThan(before.training_curves_chart!);
  expect(after.overview).toBe(before.overview);
  // Shift+Enter ran the cell; it did not add a line to the spec (three lines and the final newline).
  await expect(editor.locator('.cm-line')).toHaveCount(4);
});

test('an error in one cell shows there; the cells reading it wait, and the others keep working', async () => {
  await setEditorText(page, 'Query spec of cell per_trial', 'metrics: { names: [test_acc], levle: results }\ngroup_by: [trail]\n');
  // Checked at a pause in typing, before anything runs: marked in the editor at their places.
  const editor = page.getByRole('textbox', { name: 'Query spec of cell per_trial', exact: true });
  await expect(editor).toHaveAttribute('aria-invalid', 'true');
  await expect(editor.locator('.cm-lintRange-error').filter({ hasText: 'trail' })).toHaveCount(1);
  await expect(cellStatus(page, 'per_trial')).toHaveText(/Done in .* · edited since; Shift\+Enter runs it/);
  await page.getByRole('button', { name: 'Run cell per_trial', exact: true }).click();
  const cell = notebookCell(page, 'per_trial');
  await expect(cellStatus(page, 'per_trial')).toHaveText(/Failed/);
  const problems = cell.getByRole('alert').filter({ hasText: 'per_trial has 2 problems' });
  await expect(problems).toContainText("metrics.levle unknown field; did you mean 'level'?");
  await expect(problems).toContainText('group_by[0]');
  await expect(editor).toHaveAccessibleDescription(/per_trial has 2 problems/);
  // The last good result stays on screen, dimmed, until the spec is fixed.
  await expect(cell.getByRole('grid', { name: 'Result of per_trial' })).toBeVisible();
  await expect(cellStatus(page, 'per_trial_significance')).toHaveText(/Waiting for per_trial, which failed\./);
  await expect(cellStatus(page, 'per_trial_runs')).toHaveText(/Waiting for per_trial, which failed\./);
  await expect(cellStatus(page, 'per_trial_chart')).toHaveText(/Waiting for per_trial_significance/);
  const overview = (await runNumber(page, 'overview'))!;
  await page.getByRole('button', { name: 'Run cell overview', exact: true }).click();
  await expect.poll(() => runNumber(page, 'overview')).toBeGreaterThan(overview);
  await expect(cellStatus(page, 'overview')).toHaveText(/Done in/);
});

test('a SQL cell reads other cells by name; a cycle and a missing input are errors on their cells', async () => {
  await setEditorText(page, 'Query spec of cell per_trial', 'metrics: { names: [test_acc], level: results }\ngroup_by: [trial]\naggregate: [count, mean]\norder_by: [-mean]\n');
  await page.getByRole('button', { name: 'Run cell per_trial', exact: true }).click();
  await expectNotebookSettled(page);
  await page.getByRole('button', { name: 'Add a SQL cell', exact: true }).click();
  const editor = page.getByRole('textbox', { name: 'SQL of cell sql', exact: true });
  await expect(editor).toBeFocused();
  await setEditorText(page, 'SQL of cell sql', 'SELECT trial, round(mean, 4) AS mean FROM per_trial ORDER BY mean DESC LIMIT 3');
  await editor.press('Shift+Enter');
  const grid = notebookCell(page, 'sql').getByRole('grid', { name: 'Result of sql' });
  await expect(grid).toHaveAttribute('aria-rowcount', '4');
  await expect(grid.getByRole('row').nth(1)).toContainText('randaugment');
  await expect(grid.getByRole('row').nth(1)).toContainText('0.9412');

  // Renaming the query: the SQL that read it fails with DuckDB's own words, in its cell only.
  await page.getByRole('button', { name: 'Add a SQL cell', exact: true }).click();
  await setEditorText(page, 'SQL of cell sql_2', 'SELECT * FROM sql');
  await setEditorText(page, 'SQL of cell sql', 'SELECT * FROM sql_2');
  await page.getByRole('button', { name: 'Run cell sql', exact: true }).click();
  await expect(cellStatus(page, 'sql')).toHaveText(/Failed/);
  await expect(notebookCell(page, 'sql').getByRole('alert')).toContainText('these cells read each other in a circle: sql → sql_2 → sql');

  await page.getByRole('button', { name: 'Add a Chart cell', exact: true }).click();
  await setEditorText(page, 'Chart spec of cell chart', 'input: per_tria\nmark: dot\nx: mean\ny: trial\n');
  await page.getByRole('button', { name: 'Run cell chart', exact: true }).click();
  await expect(notebookCell(page, 'chart').getByRole('alert')).toContainText("input: no cell is named 'per_tria'; did you mean 'per_trial'?");
  await expect(cellStatus(page, 'overview')).toHaveText(/Done in/);
});

test('a running cell can be cancelled, and the engine answers the next cell', async () => {
  await setEditorText(page, 'SQL of cell sql_2', 'SELECT sum(a.range * b.range) AS s FROM range(200000) a, range(200000) b');
  await page.getByRole('button', { name: 'Run cell sql_2', exact: true }).click();
  await expect(cellStatus(page, 'sql_2')).toHaveText(/Running…/);
  await page.getByRole('button', { name: 'Cancel cell sql_2', exact: true }).click();
  await expect(cellStatus(page, 'sql_2')).toHaveText(/Cancelled while it ran\./, { timeout: 10_000 });
  // The cell reading it did not run either; it runs with the next answer.
  await expect(cellStatus(page, 'sql')).toHaveText(/Not run: sql_2 was cancelled\./);
  await setEditorText(page, 'SQL of cell sql_2', 'SELECT 42 AS answer');
  await page.getByRole('button', { name: 'Run cell sql_2', exact: true }).click();
  await expect(notebookCell(page, 'sql_2').getByRole('grid', { name: 'Result of sql_2' })).toContainText('42');
  await expect(notebookCell(page, 'sql').getByRole('grid', { name: 'Result of sql' })).toContainText('42');
});

test('cells are added, moved, duplicated, collapsed and deleted from the keyboard', async () => {
  const names = async () => (await page.getByRole('textbox', { name: /^Name of cell / }).evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value))).slice(-3);
  expect(await names()).toEqual(['sql', 'sql_2', 'chart']);
  await page.getByRole('button', { name: 'Move cell chart up', exact: true }).focus();
  await page.keyboard.press('Enter');
  expect(await names()).toEqual(['sql', 'chart', 'sql_2']);
  await expect(page.getByRole('button', { name: 'Move cell chart up', exact: true })).toBeFocused();
  await page.getByRole('button', { name: 'Duplicate cell sql_2', exact: true }).press('Enter');
  expect(await names()).toEqual(['chart', 'sql_2', 'sql_2_copy']);
  await page.getByRole('button', { name: 'Collapse cell sql_2_copy', exact: true }).press('Enter');
  await expect(page.getByRole('textbox', { name: 'SQL of cell sql_2_copy', exact: true })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Expand cell sql_2_copy', exact: true })).toHaveAttribute('aria-expanded', 'false');
  await page.getByRole('button', { name: 'Delete cell sql_2_copy', exact: true }).press('Enter');
  expect(await names()).toEqual(['sql', 'chart', 'sql_2']);
  // Renaming through the name box: the cell's table goes with it.
  const name = page.getByRole('textbox', { name: 'Name of cell sql_2', exact: true });
  await name.fill('answer');
  await name.press('Enter');
  await expect(page.getByRole('textbox', { name: 'SQL of cell answer', exact: true })).toBeVisible();
  await setEditorText(page, 'SQL of cell sql', 'SELECT answer + 1 AS next FROM answer');
  await page.getByRole('textbox', { name: 'SQL of cell sql', exact: true }).press('Shift+Enter');
  await expect(notebookCell(page, 'sql').getByRole('grid', { name: 'Result of sql' })).toContainText('43');
  // Ctrl+Enter outside the editors runs every cell.
  const before = (await runNumber(page, 'overview'))!;
  await page.getByRole('textbox', { name: 'Notebook title', exact: true }).press('Control+Enter');
  await expectNotebookSettled(page);
  expect(await runNumber(page, 'overview')).toBeGreaterThan(before);
  await expect(cellStatus(page, 'per_trial_significance')).toHaveText(/Done in/);
});

test('a 100,000-row result scrolls in a virtualised grid, sorts, and gives full values on hover', async () => {
  await page.getByRole('button', { name: 'Add a SQL cell', exact: true }).click();
  await setEditorText(page, 'SQL of cell sql_2', 'SELECT range AS i, range / 3 AS third FROM range(100000)');
  await page.getByRole('textbox', { name: 'SQL of cell sql_2', exact: true }).press('Shift+Enter');
  const grid = notebookCell(page, 'sql_2').getByRole('grid', { name: 'Result of sql_2' });
  await expect(grid).toHaveAttribute('aria-rowcount', '100001');
  expect(await grid.getByRole('row').count()).toBeLessThan(80);
  const third = grid.getByRole('row').nth(2).getByRole('gridcell').nth(1);
  await expect(third).toHaveText('0.333333');
  await expect(third).toHaveAttribute('title', String(1 / 3));
  await grid.evaluate((element) => (element.scrollTop = element.scrollHeight));
  await expect(grid.getByRole('row').filter({ hasText: '99,999' })).toHaveCount(1);
  await grid.getByRole('button', { name: 'Sort by i', exact: true }).click();
  await grid.getByRole('button', { name: 'Sort by i', exact: true }).click();
  await grid.evaluate((element) => (element.scrollTop = 0));
  await expect(grid.getByRole('columnheader', { name: /i/ }).first()).toHaveAttribute('aria-sort', 'descending');
  await expect(grid.getByRole('row').nth(1).getByRole('gridcell').first()).toHaveText('99,999');
});

test('markdown renders as text: scripts, handlers and javascript: links are inert', async () => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.getByRole('button', { name: 'Add a Markdown cell', exact: true }).click();
  await setEditorText(page, 'Markdown of cell notes', '# Findings\n\n<img src=x onerror="alert(1)"> <script>alert(2)</script>\n\n[click](javascript:alert(3)) and **bold**');
  await page.getByRole('textbox', { name: 'Markdown of cell notes', exact: true }).press('Shift+Enter');
  const cell = notebookCell(page, 'notes');
  await expect(cell.getByRole('heading', { name: 'Findings' })).toBeVisible();
  await expect(cell.locator('strong')).toHaveText('bold');
  await expect(cell.locator('.markdown script, .markdown img, .markdown [onerror]')).toHaveCount(0);
  await expect(cell.locator('.markdown a')).not.toHaveAttribute('href', /javascript/);
  await cell.locator('.markdown a').click();
  expect(dialogs).toEqual([]);
});

test('a reload finds the notebook as it was, and the sample opens again by itself', async () => {
  await page.getByRole('textbox', { name: 'Notebook title', exact: true }).fill('My sweep analysis');
  // Autosave waits for a pause in typing; wait until IndexedDB holds the new title.
  await expect.poll(() => storedNotebookTitle(page)).toBe('My sweep analysis');
  await expect(page.getByRole('status').filter({ hasText: /^Saved in this browser at/ })).toBeVisible();
  const names = await page.getByRole('textbox', { name: /^Name of cell / }).evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Notebook title', exact: true })).toHaveValue('My sweep analysis');
  expect(await page.getByRole('textbox', { name: /^Name of cell / }).evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value))).toEqual(names);
  await expect(page.getByRole('textbox', { name: 'SQL of cell sql', exact: true })).toHaveText('SELECT answer + 1 AS next FROM answer');
  await expectOpened(page, 'sample.db');
  await expect(notebookCell(page, 'sql').getByRole('grid', { name: 'Result of sql' })).toContainText('43');
  await expect(page.getByRole('region', { name: 'Recent snapshots' })).toHaveCount(0);
});

test('Save notebook writes a .trialbook.json that opens in a fresh browser with the same cells', async ({ browser }) => {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save notebook', exact: true }).click()]);
  expect(download.suggestedFilename()).toBe('my-sweep-analysis.trialbook.json');
  const text = readFileSync(await download.path(), 'utf8');
  const saved = JSON.parse(text) as { format: string; version: number; cells: { name: string; kind: string; source: string }[] };
  expect(saved.format).toBe('trialbook-notebook');
  expect(saved.version).toBe(1);
  // Cells and specs, never data.
  expect(text).not.toContain('0.94122');

  const fresh = await browser.newPage();
  await fresh.goto('./');
  await fresh.getByRole('button', { name: 'Open sample', exact: true }).click();
  await expectTemplateNotebookDone(fresh);
  await fresh.getByLabel('Open notebook…').setInputFiles({ name: 'shared.trialbook.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(fresh.getByRole('textbox', { name: 'Notebook title', exact: true })).toHaveValue('My sweep analysis');
  const names = await fresh.getByRole('textbox', { name: /^Name of cell / }).evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
  expect(names).toEqual(saved.cells.map((cell) => cell.name));
  await expect(fresh.getByRole('textbox', { name: 'SQL of cell sql', exact: true })).toHaveText('SELECT answer + 1 AS next FROM answer');
  await expect(notebookCell(fresh, 'sql').getByRole('grid', { name: 'Result of sql' })).toContainText('43');

  // A file that is not a notebook is refused in words, and the notebook stays.
  await fresh.getByLabel('Open notebook…').setInputFiles({ name: 'tracker.json', mimeType: 'application/json', buffer: Buffer.from('{"experiments": []}') });
  await expect(fresh.getByRole('alert').filter({ hasText: 'Could not open tracker.json.' })).toContainText('not a Trialbook notebook');
  await expect(fresh.getByRole('textbox', { name: 'Notebook title', exact: true })).toHaveValue('My sweep analysis');
  await fresh.close();
});
