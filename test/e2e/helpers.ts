import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';
import { nodeReaderModules } from '../../src/ingest/node-readers.ts';

export const ORIGIN = 'http://127.0.0.1:4173';
export const SAMPLE_PATH = 'static/sample.db';
/** The real snapshot in shared/, which sits beside the repository here and in CI. */
export const TRACKER_EXAMPLE_PATH = fileURLToPath(new URL('../../../shared/fixtures/tracker-example.db', import.meta.url));

/** The counts the overview must show, computed from the SQLite file itself with sql.js. */
export interface ExpectedCounts {
  experiments: { title: string; trials: number; runs: number }[];
  byStatus: Record<string, number>;
  runs: number;
}

// The status rule of the canonical model, restated: explicit failure words win, then a RESULTS row.
const FAILURE = /\b(failed|error|cancelled|canceled|timeout|stopped|aborted)\b/i;

export async function expectedCounts(path: string): Promise<ExpectedCounts> {
  // sql.js is one module per process; Trialbook's loader must be the one that starts it.
  const SQL = (await nodeReaderModules.sqlite()).sql;
  const db = new SQL.Database(readFileSync(path));
  try {
    const rows = (sql: string) => db.exec(sql)[0]?.values ?? [];
    const experiments = rows(`
      SELECT e.title,
             (SELECT count(*) FROM TRIAL t WHERE t.experiment_id = e.id),
             (SELECT count(*) FROM TRIAL_RUN r JOIN TRIAL t ON t.id = r.trial_id WHERE t.experiment_id = e.id)
      FROM EXPERIMENT e ORDER BY e.id`).map(([title, trials, runs]) => ({ title: String(title), trials: Number(trials), runs: Number(runs) }));
    const byStatus: Record<string, number> = { completed: 0, failed: 0, incomplete: 0 };
    const runs = rows('SELECT r.status, EXISTS (SELECT 1 FROM RESULTS x WHERE x.trial_run_id = r.id) FROM TRIAL_RUN r');
    for (const [raw, hasResults] of runs) {
      const status = FAILURE.test(String(raw ?? '')) ? 'failed' : Number(hasResults) ? 'completed' : 'incomplete';
      byStatus[status]++;
    }
    return { experiments, byStatus, runs: runs.length };
  } finally {
    db.close();
  }
}

/** Every request the page makes, so a test can assert that none leaves the page's origin. */
export function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  return urls;
}

/** data: and blob: URLs are read inside the browser; everything else must go to the page's origin. */
export function expectOnlyOwnOrigin(urls: string[]) {
  const network = urls.filter((url) => !/^(data|blob):/.test(url));
  expect(network.length).toBeGreaterThan(0);
  const foreign = network.filter((url) => new URL(url).origin !== ORIGIN);
  expect(foreign, `requests outside ${ORIGIN}`).toEqual([]);
}

export const overview = (page: Page) => page.getByRole('region', { name: /^Opened:/ });

/** Waits until the overview shows these file names, and no load is in progress. */
export async function expectOpened(page: Page, files: string) {
  await expect(page.getByRole('heading', { level: 2, name: `Opened: ${files}` })).toBeVisible({ timeout: 90_000 });
  await expect(page.getByRole('progressbar')).toHaveCount(0);
}

/** Checks the overview against counts computed from the file. */
export async function expectOverviewCounts(page: Page, expected: ExpectedCounts) {
  const panel = overview(page);
  const experiments = panel.getByRole('table', { name: 'Experiments' });
  await expect(experiments.getByRole('row')).toHaveCount(expected.experiments.length + 1);
  for (const experiment of expected.experiments) {
    const rowName = new RegExp(`^${escapeRegExp(experiment.title)} #\\d+$`);
    const row = experiments.getByRole('row').filter({ has: page.getByRole('rowheader', { name: rowName }) });
    await expect(row).toHaveCount(1);
    const cells = row.getByRole('cell');
    const headers = (await experiments.getByRole('columnheader').allInnerTexts()).map((text) => text.trim());
    await expect(cells.nth(headers.indexOf('Trials') - 1)).toHaveText(formatCount(experiment.trials));
    await expect(cells.nth(headers.indexOf('Runs') - 1)).toHaveText(formatCount(experiment.runs));
  }
  const statuses = panel.getByRole('list', { name: 'Runs by status' });
  for (const [status, count] of Object.entries(expected.byStatus)) {
    await expect(statuses.getByRole('listitem').filter({ hasText: new RegExp(`\\b${status}\\b`) })).toHaveText(new RegExp(`^\\s*${formatCount(count)} ${status}\\b`));
  }
  await expect(panel.getByRole('definition').nth(2)).toHaveText(formatCount(expected.runs));
}

/** Drops files on the page the way a browser does: a drop event carrying a DataTransfer. */
export async function dropFiles(page: Page, files: { name: string; bytes: Uint8Array }[]) {
  const encoded = files.map((file) => ({ name: file.name, base64: Buffer.from(file.bytes).toString('base64') }));
  const dataTransfer = await page.evaluateHandle((list) => {
    const transfer = new DataTransfer();
    for (const { name, base64 } of list) {
      const binary = atob(base64);
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      transfer.items.add(new File([bytes], name));
    }
    return transfer;
  }, encoded);
  await page.dispatchEvent('body', 'dragenter', { dataTransfer });
  await page.dispatchEvent('body', 'drop', { dataTransfer });
}

export const formatCount = (n: number) => n.toLocaleString('en-US');

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A notebook cell by its name: the section headed "<Kind> cell <name>". */
export const notebookCell = (page: Page, name: string) => page.getByRole('region', { name: new RegExp(` cell ${escapeRegExp(name)}$`) });

export const cellStatus = (page: Page, name: string) => page.getByRole('status', { name: `Status of cell ${name}`, exact: true });

/** Every cell's status line, by name, as the page shows them now. */
export async function cellStatuses(page: Page): Promise<Record<string, string>> {
  const statuses: Record<string, string> = {};
  for (const status of await page.getByRole('status', { name: /^Status of cell / }).all()) {
    statuses[(await status.getAttribute('aria-label'))!.replace('Status of cell ', '')] = (await status.innerText()).trim();
  }
  return statuses;
}

/** The run number ([n]) a cell's status shows; null before it ran. */
export async function runNumber(page: Page, name: string): Promise<number | null> {
  const text = await cellStatus(page, name).innerText();
  const match = /^\[(\d+)\]/.exec(text.trim());
  return match ? Number(match[1]) : null;
}

/** Waits until no cell is queued or running. */
export async function expectNotebookSettled(page: Page) {
  await expect(page.getByRole('status', { name: /^Status of cell / }).filter({ hasText: /Running|Waiting to run/ })).toHaveCount(0, { timeout: 90_000 });
}

/** The template notebook a snapshot starts with: every code cell done. */
export const TEMPLATE_CELLS = ['overview', 'per_trial', 'per_trial_significance', 'per_trial_runs', 'per_trial_chart', 'failure_analysis', 'failure_analysis_causes', 'failure_analysis_chart', 'training_curves', 'training_curves_convergence', 'training_curves_chart', 'training_curves_runs'];

export async function expectTemplateNotebookDone(page: Page) {
  for (const name of TEMPLATE_CELLS) await expect(cellStatus(page, name)).toHaveText(/^\[\d+\] Done in /, { timeout: 90_000 });
}

/** Replaces the text of a CodeMirror editor the way a user would: select all, type. */
export async function setEditorText(page: Page, label: string, text: string) {
  const editor = page.getByRole('textbox', { name: label, exact: true });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(text);
}

/**
 * The whole text of a CodeMirror editor. The page holds only the lines in view, so it is read
 * from the editor's state, which CodeMirror 6.43 keeps on its content element as cmTile.root.view.
 */
export const editorText = (page: Page, label: string) =>
  page.getByRole('textbox', { name: label, exact: true }).evaluate((element) => {
    const view = (element as HTMLElement & { cmTile?: { root?: { view?: { state: { doc: { toString(): string } } } } } }).cmTile?.root?.view;
    if (!view) throw new Error('no CodeMirror view on the editor element (has @codemirror/view changed?)');
    return view.state.doc.toString();
  });

// ---------------------------------------------------------------------------------------------
// Shared by the specs ported to the notebook (open-sample, query-cell, analyses, config, params,
// open-file): running a cell and waiting for that run, and the load error among the cells' alerts.

/** Waits until cell `name` has run again since run number `before` ([n] above it) and settled. */
export async function expectRanSince(page: Page, name: string, before: number) {
  await expect.poll(async () => (await runNumber(page, name)) ?? 0, { timeout: 90_000 }).toBeGreaterThan(before);
  await expect(cellStatus(page, name)).not.toHaveText(/Running|Waiting to run/, { timeout: 90_000 });
}

/** Presses "Run cell <name>" and waits for that run to finish (done or failed). */
export async function rerunCell(page: Page, name: string) {
  await expectNotebookSettled(page);
  const before = (await runNumber(page, name)) ?? 0;
  await page.getByRole('button', { name: `Run cell ${name}`, exact: true }).click();
  await expectRanSince(page, name, before);
}

/**
 * Types `sql` into the SQL cell `name` (added at the end with "Add a SQL cell" when the notebook
 * has none by that name) and runs it with Shift+Enter; resolves with the cell once the run is over.
 */
export async function runSqlCell(page: Page, sql: string, name = 'sql') {
  await expectNotebookSettled(page);
  const cell = notebookCell(page, name);
  if ((await cell.count()) === 0) {
    await page.getByRole('button', { name: 'Add a SQL cell', exact: true }).click();
    await expect(page.getByRole('region', { name: `SQL cell ${name}`, exact: true })).toBeVisible();
  }
  const before = (await runNumber(page, name)) ?? 0;
  await setEditorText(page, `SQL of cell ${name}`, sql);
  await page.keyboard.press('Shift+Enter');
  await expectRanSince(page, name, before);
  return cell;
}

/** The alert of a snapshot that failed to open, apart from the alerts of cells that failed. */
export const loadError = (page: Page) => page.getByRole('alert').filter({ hasText: /^\s*Could not (re)?open / });
