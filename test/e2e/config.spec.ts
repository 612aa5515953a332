import { expect, test, type Page } from '@playwright/test';
import { CONFIG_STORAGE_KEY } from '../../src/ui/config-store.ts';
import { expectOpened } from './helpers.ts';

// One page for the whole file: each step builds on the config the last one left, reloads included.
test.describe.configure({ mode: 'serial' });

let page: Page;

const HOLM = "test_acc by trial: Welch's t-test, Holm";
const BONFERRONI = "test_acc by trial: Welch's t-test, Bonferroni";
// `exprot` is a typo of a known section: a warning, not an error.
const GOOD = 'processors: { comparisons: { correction: bonferroni } }\nexprot: { json_indent: 4 }\n';
const BAD = 'processors: { comparisons: { alpha: 2 } }\n';

const queryPanel = () => page.getByRole('tabpanel', { name: 'Query' });
const defaults = () => queryPanel().getByRole('group', { name: 'Analysis defaults' });
const compare = (title: string) => queryPanel().getByRole('region', { name: title, exact: true }).getByRole('heading', { level: 3 });

async function openSample() {
  await page.getByRole('button', { name: 'Open sample' }).click();
  await expectOpened(page, 'sample.db');
}

async function pick(name: string, text: string) {
  await defaults().getByLabel('Load analytics_config.yaml…').setInputFiles({ name, mimeType: 'application/yaml', buffer: Buffer.from(text) });
}

/** Runs the per-trial template, optionally with its compare entry given options of its own. */
async function runPerTrial(ownOptions = '') {
  await page.getByLabel('Template').selectOption('per-trial');
  const editor = page.getByLabel('Query spec (YAML)');
  const text = await editor.inputValue();
  expect(text).toContain('- compare: { metric: test_acc, by: trial }');
  if (ownOptions) await editor.fill(text.replace('by: trial }', `by: trial, ${ownOptions} }`));
  await page.getByRole('button', { name: 'Run query' }).click();
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
  await expect(compare(HOLM)).toBeVisible();
  await expect(defaults().getByRole('button', { name: /^Remove/ })).toHaveCount(0);
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

  await runPerTrial();
  await expect(compare(BONFERRONI)).toHaveText(BONFERRONI);
  // A spec's own option wins over the config.
  await runPerTrial('correction: holm');
  await expect(compare(HOLM)).toBeVisible();
});

test('a config with an out-of-range value shows its problems, and the previous config stays', async () => {
  await pick('broken.yaml', BAD);
  const alert = defaults().getByRole('alert');
  await expect(alert).toContainText('broken.yaml was not loaded; it has 1 problem:');
  await expect(alert.locator('code')).toHaveText(['processors.comparisons.alpha']);
  await expect(alert.getByRole('listitem')).toContainText('expected a fraction between 0 and 1');
  await expect(defaults()).toContainText('Defaults: team.yaml');
  await runPerTrial();
  await expect(compare(BONFERRONI)).toBeVisible();
  // A good file clears the problems.
  await pick('team.yaml', GOOD);
  await expect(defaults().getByRole('alert')).toHaveCount(0);
});

test('after a reload the config is still loaded, and applies to the sample', async () => {
  await page.reload();
  await openSample();
  await expect(defaults()).toContainText('Defaults: team.yaml');
  await expect(defaults().getByRole('list', { name: 'Warnings in team.yaml' })).toBeVisible();
  await runPerTrial();
  await expect(compare(BONFERRONI)).toBeVisible();
});

test('Remove forgets the config: the next run uses the built-in defaults, and so does a reload', async () => {
  await defaults().getByRole('button', { name: 'Remove the analysis defaults' }).click();
  await expect(defaults()).not.toContainText('Defaults:');
  await expect(compare(BONFERRONI)).toBeVisible();
  await runPerTrial();
  await expect(compare(HOLM)).toBeVisible();
  await page.reload();
  await openSample();
  await expect(defaults()).not.toContainText('Defaults:');
});

test('a saved config that no longer parses is shown once, then dropped', async () => {
  await page.evaluate(([key, text]) => localStorage.setItem(key, JSON.stringify({ name: 'old.yaml', text })), [CONFIG_STORAGE_KEY, BAD]);
  await page.reload();
  await openSample();
  const alert = defaults().getByRole('alert');
  await expect(alert).toContainText('The saved old.yaml no longer loads and was removed');
  await expect(alert.locator('code')).toHaveText(['processors.comparisons.alpha']);
  await expect(defaults()).not.toContainText('Defaults:');
  await page.reload();
  await openSample();
  await expect(defaults()).toBeVisible();
  await expect(defaults().getByRole('alert')).toHaveCount(0);
});
