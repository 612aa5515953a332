import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { tableFromIPC, type Table } from 'apache-arrow';
import * as parquet from 'parquet-wasm/node';
import { plainRows } from '../../src/result/values.ts';
import { expectNotebookSettled, expectOpened, expectRanSince, expectTemplateNotebookDone, notebookCell, runNumber, runSqlCell, setEditorText } from './helpers.ts';

// One page for the file: the engine starts once, and the sample's notebook serves every test.
test.describe.configure({ mode: 'serial' });

let page: Page;

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  await page.goto('./');
  await page.getByRole('button', { name: 'Open sample', exact: true }).click();
  await expectOpened(page, 'sample.db');
  await expectTemplateNotebookDone(page);
});

test.afterAll(async () => {
  await page.close();
});

/** Presses a download button of a cell (in its table's row, when given) and reads the file. */
async function download(cell: string, button: string, table?: string): Promise<{ name: string; bytes: Buffer }> {
  let group = notebookCell(page, cell).getByRole('group', { name: `Download ${cell}`, exact: true });
  if (table) group = group.getByRole('group', { name: `Download ${table}`, exact: true });
  const [saved] = await Promise.all([page.waitForEvent('download'), group.getByRole('button', { name: button, exact: true }).click()]);
  return { name: saved.suggestedFilename(), bytes: readFileSync(await saved.path()) };
}

/** RFC 4180: fields split by commas, quoted fields with doubled quotes and line breaks, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') row.push(field), (field = '');
    else if (char === '\r' && text[i + 1] === '\n') {
      rows.push([...row, field]);
      (row = []), (field = ''), i++;
    } else field += char;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** A table's rows as the CSV writes them: NULL empty, nested values JSON. */
function csvRows(table: Table): string[][] {
  const names = table.schema.fields.map((field) => field.name);
  return plainRows(table).map((row) => names.map((name) => (row[name] === null ? '' : typeof row[name] === 'object' ? JSON.stringify(row[name]) : String(row[name]))));
}

const gridRowCount = async (grid: Locator) => Number(await grid.getAttribute('aria-rowcount')) - 1;
const gridColumns = async (grid: Locator) => (await grid.getByRole('columnheader').locator('.name').allInnerTexts()).map((name) => name.trim());

test('a query cell downloads every row as CSV, Parquet and Arrow, named after its metric and groups', async () => {
  const cell = notebookCell(page, 'per_trial');
  const grid = cell.getByRole('grid', { name: 'Result of per_trial', exact: true });
  const summary = await cell.getByRole('status').filter({ hasText: / rows? in / }).innerText();
  const count = Number(/^([\d,]+) rows? in /.exec(summary.trim())![1].replaceAll(',', ''));
  expect(count).toBeGreaterThan(0);
  expect(await gridRowCount(grid)).toBe(count);
  const columns = await gridColumns(grid);

  const csv = await download('per_trial', 'CSV');
  // The sample has several experiments: the name is the metric and the grouping.
  expect(csv.name).toBe('test_acc-by-trial.csv');
  const [header, ...rows] = parseCsv(csv.bytes.toString('utf8'));
  expect(header).toEqual(columns);
  expect(rows).toHaveLength(count);

  const file = await download('per_trial', 'Parquet');
  expect(file.name).toBe('test_acc-by-trial.parquet');
  const fromParquet = tableFromIPC(parquet.readParquet(new Uint8Array(file.bytes)).intoIPCStream());
  expect(fromParquet.schema.fields.map((field) => field.name)).toEqual(columns);
  expect(csvRows(fromParquet)).toEqual(rows);

  const arrow = await download('per_trial', 'Arrow');
  expect(arrow.name).toBe('test_acc-by-trial.arrow');
  expect(csvRows(tableFromIPC(new Uint8Array(arrow.bytes)))).toEqual(rows);

  // JSON keeps the result's whole form: rows, the runs left out and how they were made.
  const json = await download('per_trial', 'JSON');
  expect(json.name).toBe('test_acc-by-trial.json');
  const parsed = JSON.parse(json.bytes.toString('utf8')) as { rows: unknown[]; excluded: unknown[]; meta: { sql: string } };
  expect(parsed.rows).toHaveLength(count);
  expect(parsed.excluded.length).toBeGreaterThan(0);
  expect(parsed.meta.sql).toMatch(/^WITH /);
});

test('an analysis downloads each of its tables from a row of its own', async () => {
  const cell = notebookCell(page, 'per_trial_significance');
  const downloads = cell.getByRole('group', { name: 'Download per_trial_significance', exact: true });
  await expect(downloads.getByRole('group', { name: /^Download / })).toHaveText([/ranking/, /pairs/]);
  const button = downloads.getByRole('group', { name: 'Download ranking', exact: true }).getByRole('button', { name: 'CSV', exact: true });
  await expect(button).toHaveAttribute('title', /ranking table/);

  const grid = cell.getByRole('grid', { name: 'Ranking table', exact: true });
  const csv = await download('per_trial_significance', 'CSV', 'ranking');
  expect(csv.name).toBe('test_acc-by-trial-compare-ranking.csv');
  const [header, ...rows] = parseCsv(csv.bytes.toString('utf8'));
  expect(header).toEqual(await gridColumns(grid));
  expect(rows).toHaveLength(await gridRowCount(grid));

  const file = await download('per_trial_significance', 'Parquet', 'pairs');
  expect(file.name).toBe('test_acc-by-trial-compare-pairs.parquet');
  const pairs = tableFromIPC(parquet.readParquet(new Uint8Array(file.bytes)).intoIPCStream());
  expect(pairs.numRows).toBe(await gridRowCount(cell.getByRole('grid', { name: 'Pairs table', exact: true })));
  // Typed columns, not text: the p-values are numbers.
  expect(pairs.schema.fields.filter((field) => String(field.type) === 'Float64').length).toBeGreaterThan(0);
});

test('a SQL cell downloads all its rows, also those the grid does not fetch', async () => {
  const cell = await runSqlCell(page, 'SELECT range AS i FROM range(250000)');
  await expect(cell.getByText('showing the first 200,000')).toBeVisible();
  const csv = await download('sql', 'CSV');
  expect(csv.name).toBe('sql.csv');
  const lines = csv.bytes.toString('utf8').split('\r\n');
  expect(lines[0]).toBe('i');
  expect(lines.at(-1)).toBe('');
  expect(lines).toHaveLength(250_000 + 2);
  expect(lines.at(-2)).toBe('249999');
});

/** Writes the spec into chart cell `chart` (added at the end the first time) and runs it. */
async function drawChart(spec: string): Promise<Locator> {
  await expectNotebookSettled(page);
  const cell = notebookCell(page, 'chart');
  if ((await cell.count()) === 0) await page.getByRole('button', { name: 'Add a Chart cell', exact: true }).click();
  const before = (await runNumber(page, 'chart')) ?? 0;
  await setEditorText(page, 'Chart spec of cell chart', spec);
  await page.keyboard.press('Shift+Enter');
  await expectRanSince(page, 'chart', before);
  await expect(cell.locator('.plot svg').first()).toBeVisible();
  return cell;
}

/** The attributes of a file's root <svg> element. */
function rootAttributes(svg: string): Record<string, string> {
  const tag = /^<svg\b[^>]*>/.exec(svg)![0];
  return Object.fromEntries([...tag.matchAll(/\s([\w:-]+)="([^"]*)"/g)].map(([, name, value]) => [name, value]));
}

test('a chart downloads as one standalone SVG, its colour legend inside, and as PNG', async () => {
  await drawChart('input: per_trial\nmark: dot\nx: mean\ny: trial\ncolor: experiment\ntitle: Mean per trial\n');

  const svg = await download('chart', 'SVG');
  expect(svg.name).toBe('mean-per-trial.svg');
  const text = svg.bytes.toString('utf8');
  expect(text.startsWith('<svg')).toBe(true);
  expect(text.match(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g)).toHaveLength(1);
  expect(text).toMatch(/<(path|circle)\b/);
  // Nothing is left for a page to resolve: colours, size and font are given.
  expect(text).not.toMatch(/currentcolor|var\(--/i);
  const root = rootAttributes(text);
  const width = Number(root.width);
  const height = Number(root.height);
  expect(width).toBeGreaterThan(0);
  expect(height).toBeGreaterThan(0);
  expect(root.viewBox).toBe(`0 0 ${root.width} ${root.height}`);
  expect(root['font-family']).toBeTruthy();
  // The cell's title heads the picture.
  expect(text).toMatch(/<text[^>]*>Mean per trial<\/text>/);
  // A background the size of the picture, then one legend swatch per experiment drawn.
  expect(text).toMatch(/<rect width="100%" height="100%" fill="(rgb|#|color)/);
  const [header, ...rows] = parseCsv((await download('chart', 'CSV')).bytes.toString('utf8'));
  const experiments = new Set(rows.map((row) => row[header.indexOf('experiment')]));
  expect(experiments.size).toBeGreaterThan(1);
  const legend = /<g aria-label="colour legend"[^>]*>(.*?)<\/g>/s.exec(text)?.[1] ?? '';
  expect(legend.match(/<rect\b/g)).toHaveLength(experiments.size);
  for (const experiment of experiments) expect(legend).toContain(`>${experiment}</text>`);

  const png = await download('chart', 'PNG');
  expect(png.name).toBe('mean-per-trial.png');
  expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  // IHDR holds the width and height, big-endian: twice the SVG's.
  expect(png.bytes.readUInt32BE(16)).toBe(Math.round(width * 2));
  expect(png.bytes.readUInt32BE(20)).toBe(Math.round(height * 2));
});

test('a chart without a title is named by its axes and mark; a continuous colour scale becomes a gradient', async () => {
  const cell = await drawChart('input: per_trial\nmark: dot\nx: trial\ny: mean\ncolor: std\n');
  await expect(cell.getByRole('group', { name: 'Download chart', exact: true }).getByRole('button')).toHaveText(['SVG', 'PNG', 'CSV', 'JSON']);
  const svg = await download('chart', 'SVG');
  expect(svg.name).toBe('mean-by-trial-dot.svg');
  const text = svg.bytes.toString('utf8');
  const legend = /<g aria-label="colour legend"[^>]*>(.*?)<\/g>/s.exec(text)?.[1] ?? '';
  expect(legend).toMatch(/<linearGradient id="([\w-]+)"/);
  expect(legend).toContain(`fill="url(#${/<linearGradient id="([\w-]+)"/.exec(legend)![1]})"`);
  expect(legend.match(/<stop\b/g)!.length).toBeGreaterThan(2);
  // The ends of the scale are labelled.
  expect(legend.match(/<text\b/g)).toHaveLength(2);

  const json = await download('chart', 'JSON');
  expect(json.name).toBe('mean-by-trial-dot.json');
  const drawn = JSON.parse(json.bytes.toString('utf8')) as Record<string, unknown>[];
  const csv = parseCsv((await download('chart', 'CSV')).bytes.toString('utf8'));
  expect(drawn.length).toBeGreaterThan(0);
  expect(csv.length - 1).toBe(drawn.length);
});
