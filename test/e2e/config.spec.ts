import { expect, test, type Page } from '@playwright/test';
import { CONFIG_STORAGE_KEY } from '../../src/ui/config-store.ts';
import { cellStatus, editorText, expectOpened, expectTemplateNotebookDone, notebookCell, rerunCell, runNumber, setEditorText } from './helpers.ts';

// One page for the whole file: each step builds on the config the last one left, reloads included.
test.describe.configure({ mode: 'serial' });

let page: Page;

const HOLM = "test_acc by trial: Welch's t-test, Holm";
const BONFERRONI = "test_acc by trial: Welch's t-test, Bonferroni";
// `exprot` is a typo of a known section: a warning, not an error.
const GOOD = 'processors: { comparisons: { correction: bonferroni } }\nexprot: { json_indent: 4 }\n';
const BAD = 'processors: { comparisons: { alpha: 2 } }\n';
// The analysis cell the per-trial template's `compare:` entry became.
const CELL = 'per_trial_significance';
const EDITOR = `Analysis spec of cell ${CELL}`;

// The defaults are in the notebook's toolbar, above the cells.
const defaults = () => page.getByRole('region', { name: 'Notebook', exact: true }).getByRole('group', { name: 'Analysis defaults' });
const compare = (title: string) => notebookCell(page, CELL).getByRole('region', { name: title, exact: true }).getByRole('heading', { level: 3 });

async function openSample() {
  await page.getByRole('button', { name: 'Open sample' }).click();
  await expectOpened(page, 'sample.db');
  await expectTemplateNotebookDone(page);
}

/** A reload: the notebook autosaved in this browser opens the sample it last ran on by itself, and runs. */
async function reload() {
  await page.reload();
  await expectOpened(page, 'sample.db');
  await expectTemplateNotebookDone(page);
}

async function pick(name: string, text: string) {
  await defaults().getByLabel('Load analytics_config.yaml…').setInputFiles({ name, mimeType: 'application/yaml', buffer: Buffer.from(text) });
}

/** Re-runs the comparison cell (the config applies from the next run), optionally with options of its own. */
async function runCompare(ownOptions = '') {
  await setEditorText(page, EDITOR, `input: per_trial\ncompare: { by: trial${ownOptions ? `, ${ownOptions}` : ''} }\n`);
  await rerunCell(page, CELL);
  await expect(cellStatus(page, CELL)).toHaveText(/^\[\d+\] Done in /);
}

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  await page.goto('./');
  await openSample();
});

test.afterAll(async () => {
  await page.close();
});

test('a loaded config is shown with its warnings and applies from the next run', async () => {
  expect(await editorText(page, EDITOR)).toMatch(/^input: per_trial\ncompare:\n {2}by: trial\n/);
  await expect(compare(HOLM)).toBeVisible();
  await expect(defaults().getByRole('button', { name: /^Remove/ })).toHaveCount(0);
  const ran = await runNumber(page, CELL);
  await pick('team.yaml', GOOD);
  await expect(defaults()).toContainText('Defaults: team.yaml');
  await expect(defaults().getByRole('button', { name: 'Remove the analysis defaults' })).toBeVisible();
  const warnings = defaults().getByRole('list', { name: 'Warnings in team.yaml' }).getByRole('listitem');
  await expect(warnings).toHaveCount(1);
  await expect(warnings.locator('code')).toHaveText('exprot');
  await expect(warnings).toContainText("did you mean 'export'");
  await expect(defaults()).toHaveAccessibleDescription(/re-runs nothing/);
  // Loading re-ran nothing: the result on screen is still the one run without the config.
  await expect(compare(HOLM)).toBeVisible();
  expect(await runNumber(page, CELL)).toBe(ran);

  await runCompare();
  await expect(compare(BONFERRONI)).toHaveText(BONFERRONI);
  // A spec's own option wins over the config.
  await runCompare('correction: holm');
  await expect(compare(HOLM)).toBeVisible();
});

test('a config with an out-of-range value shows its problems, and the previous config stays', async () => {
  await pick('broken.yaml', BAD);
  const alert = defaults().getByRole('alert');
  await expect(alert).toContainText('broken.yaml was not loaded; it has 1 problem:');
  await expect(alert.locator('code')).toHaveText(['processors.comparisons.alpha']);
  await expect(alert.getByRole('listitem')).toContainText('expected a fraction between 0 and 1');
  await expect(defaults()).toContainText('Defaults: team.yaml');
  await runCompare();
  await expect(compare(BONFERRONI)).toBeVisible();
  // A good file clears the problems.
  await pick('team.yaml', GOOD);
  await expect(defaults().getByRole('alert')).toHaveCount(0);
});

test('after a reload the config is still loaded, and applies to the sample', async () => {
  await reload();
  await expect(defaults()).toContainText('Defaults: team.yaml');
  await expect(defaults().getByRole('list', { name: 'Warnings in team.yaml' })).toBeVisible();
  // The run on reopening already used it.
  await expect(compare(BONFERRONI)).toBeVisible();
  await runCompare();
  await expect(compare(BONFERRONI)).toBeVisible();
});

test('Remove forgets the config: the next run uses the built-in defaults, and so does a reload', async () => {
  await defaults().getByRole('button', { name: 'Remove the analysis defaults' }).click();
  await expect(defaults()).not.toContainText('Defaults:');
  await expect(compare(BONFERRONI)).toBeVisible();
  await runCompare();
  await expect(compare(HOLM)).toBeVisible();
  await reload();
  await expect(defaults()).not.toContainText('Defaults:');
  await expect(compare(HOLM)).toBeVisible();
});

test('a saved config that no longer parses is shown once, then dropped', async () => {
  await page.evaluate(([key, text]) => localStorage.setItem(key, JSON.stringify({ name: 'old.yaml', text })), [CONFIG_STORAGE_KEY, BAD]);
  await reload();
  const alert = defaults().getByRole('alert');
  await expect(alert).toContainText('The saved old.yaml no longer loads and was removed');
  await expect(alert.locator('code')).toHaveText(['processors.comparisons.alpha']);
  await expect(defaults()).not.toContainText('Defaults:');
  await reload();
  await expect(defaults()).toBeVisible();
  await expect(defaults().getByRole('alert')).toHaveCount(0);
});
