import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { dropFiles, expectOpened, expectOverviewCounts, loadError, overview, runSqlCell, SAMPLE_PATH } from './helpers.ts';
import { buildTrackerLikeSnapshot, TRACKER_LIKE_COUNTS } from './tracker-snapshot.ts';

// One page for the whole file: the engine starts once, and each step builds on the last.
test.describe.configure({ mode: 'serial' });

let page: Page;
let tracker: Uint8Array;
const text = (name: string, content: string) => ({ name, bytes: new TextEncoder().encode(content) });
const PARAMS_JSON = JSON.stringify({ perceptron: { lr: 0.1, optimizer: { name: 'sgd' } }, batch_gradient: { lr: 0.01, optimizer: { name: 'sgd' } }, ghost: { lr: 1 } });

const paramsTable = () => overview(page).getByRole('table', { name: /^Params/ });
const paramRow = (key: string, source: string) =>
  paramsTable().getByRole('row').filter({ has: page.getByRole('rowheader', { name: key, exact: true }) }).filter({ hasText: source });

test.beforeAll(async ({ browser }) => {
  tracker = await buildTrackerLikeSnapshot();
  page = await browser.newPage();
  await page.goto('./');
});

test.afterAll(async () => {
  await page.close();
});

test('tracker.db and a params.json dropped together: the overview lists the params with their source', async () => {
  await dropFiles(page, [{ name: 'tracker.db', bytes: tracker }, text('params.json', PARAMS_JSON)]);
  await expectOpened(page, 'tracker.db, params.json');
  await expectOverviewCounts(page, TRACKER_LIKE_COUNTS);
  await expect(paramsTable().getByRole('row')).toHaveCount(3);
  await expect(paramRow('lr', 'params.json').getByRole('cell')).toHaveText(['2', '2', 'params.json']);
  await expect(paramRow('optimizer.name', 'params.json').getByRole('cell')).toHaveText(['1', '2', 'params.json']);
  await expect(overview(page)).not.toContainText('parsed from trial names');
  // The entry for a trial the snapshot does not have is a warning, not a silent drop.
  await expect(overview(page).getByRole('list', { name: /warning/ })).toContainText('params.json: 1 entry names a trial the snapshot does not have (ghost)');
});

test('the params are in the params table, for SQL and queries', async () => {
  const cell = await runSqlCell(page, "SELECT t.trial, p.value, p.value_num, p.source FROM params p JOIN trials t USING (trial_id) WHERE p.key = 'lr' ORDER BY t.trial");
  await expect(cell.getByRole('grid', { name: 'Result of sql' }).getByRole('gridcell')).toHaveText(['batch_gradient', '0.01', '0.01', 'params.json', 'perceptron', '0.1', '0.1', 'params.json']);
});

test('params files alone are refused, and the snapshot stays open', async () => {
  await dropFiles(page, [text('params.json', PARAMS_JSON)]);
  const alert = loadError(page);
  await expect(alert).toContainText('Could not open params.json.');
  await expect(alert).toContainText('params files need a snapshot: drop them together with tracker.db');
  await expect(alert).toContainText('(tracker.db, params.json) is still open');
  await page.getByRole('button', { name: 'Dismiss this error' }).click();
});

test('a broken params file fails the load with its name and line, and the snapshot stays open', async () => {
  await dropFiles(page, [{ name: 'other.db', bytes: tracker }, text('perceptron.yaml', 'lr: 0.1\noptimizer: [sgd\n')]);
  const alert = loadError(page);
  await expect(alert).toContainText('Could not open other.db, perceptron.yaml.');
  await expect(alert).toContainText(/perceptron\.yaml is not valid YAML: line \d+, column \d+/);
  await expect(page.getByRole('heading', { level: 2, name: 'Opened: tracker.db, params.json' })).toBeVisible();
  await expect(paramRow('lr', 'params.json')).toHaveCount(1);
  await page.getByRole('button', { name: 'Dismiss this error' }).click();
});

test('without params files, params parsed from trial names are labelled as parsed', async () => {
  await dropFiles(page, [{ name: 'sample.db', bytes: new Uint8Array(readFileSync(SAMPLE_PATH)) }]);
  await expectOpened(page, 'sample.db');
  await expect(overview(page).getByRole('heading', { name: /^Params/ })).toContainText('parsed from trial names');
  await expect(paramsTable().getByRole('row')).toHaveCount(2);
  await expect(paramRow('lr', 'parsed from trial names').getByRole('cell')).toHaveText(['3', '3', 'parsed from trial names']);
});
