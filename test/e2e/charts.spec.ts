import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { cellStatus, expectTemplateNotebookDone, notebookCell } from './helpers.ts';

// One page for the file: the chart notebook is opened once and each test reads or changes it.
test.describe.configure({ mode: 'serial' });

let page: Page;

const cell = (name: string, kind: string, source: string) => ({ id: name, name, kind, source, collapsed: false });

/** Every kind of chart over the sample: each mark, chosen from the input's shape or written. */
const CHARTS = {
  curve_band: 'input: curves_convergence',
  per_run: 'input: curves\nmark: runs',
  box_runs: 'input: accuracy',
  whisker: 'input: significance',
  failure_bars: 'input: causes\ntable: rates',
  scatter: 'input: by_lr',
  heat: 'input: per_label',
  hist: 'input: accuracy_values',
  area_chart: 'input: trial_curves\nmark: area\nx: epoch\ny: mean\ncolor: trial',
  rules: 'input: by_lr\nmark: rule\nx: lr\ny: mean',
};
const MARKS: Record<keyof typeof CHARTS, string> = {
  curve_band: 'line', per_run: 'runs', box_runs: 'box', whisker: 'whisker', failure_bars: 'bar', scatter: 'dot', heat: 'heatmap', hist: 'histogram', area_chart: 'area', rules: 'rule',
};

const NOTEBOOK = {
  format: 'trialbook-notebook',
  version: 1,
  title: 'Charts',
  cells: [
    cell('curves', 'query', 'runs: { status: [completed] }\nmetrics: { names: [val_loss], level: epoch }\n'),
    cell('trial_curves', 'query', 'runs: { status: [completed] }\nmetrics: { names: [val_loss], level: epoch }\ngroup_by: [trial, epoch]\naggregate: [mean]\n'),
    cell('curves_convergence', 'analysis', 'input: trial_curves\ncurves: { by: trial }\n'),
    cell('accuracy', 'query', 'runs: { status: [completed] }\nmetrics: { names: [test_acc] }\nexclude_outliers: { metric: test_acc, method: iqr, within: trial }\n'),
    cell('significance', 'analysis', 'input: accuracy\ncompare: { by: trial }\n'),
    cell('every_run', 'query', 'runs: { status: any }\nmetrics: { names: [test_acc] }\ngroup_by: [trial]\naggregate: [runs]\n'),
    cell('causes', 'analysis', 'input: every_run\nfailures: { by: [trial] }\n'),
    cell('by_lr', 'sql', "SELECT p.value_num AS lr, avg(m.value) AS mean FROM metrics m JOIN runs r USING (run_id) JOIN params p ON p.trial_id = r.trial_id AND p.key = 'lr' WHERE m.metric = 'test_acc' AND m.level = 'results' GROUP BY ALL ORDER BY lr"),
    cell('per_label', 'sql', "SELECT t.trial, l.label, avg(l.value) AS mean FROM label_metrics l JOIN runs r USING (run_id) JOIN trials t ON t.trial_id = r.trial_id WHERE l.metric = 'test_acc' GROUP BY ALL ORDER BY t.trial, l.label"),
    cell('accuracy_values', 'sql', "SELECT value FROM metrics WHERE metric = 'test_acc' AND level = 'results'"),
    ...Object.entries(CHARTS).map(([name, source]) => cell(name, 'chart', source)),
  ],
};

const chart = (name: string) => notebookCell(page, name).getByRole('figure', { name: `Chart of ${name}` });
const summary = (name: string) => page.getByLabel(`Chart summary of Chart of ${name}`, { exact: true });

/** Points moved into the page and in full, from a per-run chart's summary. */
async function pointsOf(name: string): Promise<{ moved: number; total: number; columns: number }> {
  const text = (await summary(name).textContent()) ?? '';
  const match = text.match(/([\d,]+) of ([\d,]+) points moved into the page \(M4 at ([\d,]+) pixel columns\)/);
  expect(match, text).not.toBeNull();
  const number = (group: string) => Number(group.replaceAll(',', ''));
  return { moved: number(match![1]), total: number(match![2]), columns: number(match![3]) };
}

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto('./');
  await page.getByRole('button', { name: 'Open sample', exact: true }).click();
  await expectTemplateNotebookDone(page);
  await page.getByLabel('Open notebook…').setInputFiles({ name: 'charts.trialbook.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(NOTEBOOK)) });
  for (const name of Object.keys(CHARTS)) await expect(cellStatus(page, name)).toHaveText(/^\[\d+\] Done in /, { timeout: 60_000 });
});

test.afterAll(async () => {
  await page.close();
});

test('every chart kind draws an SVG with its marks, the mark chosen from the input where none is written', async () => {
  for (const [name, mark] of Object.entries(MARKS)) {
    const figure = chart(name);
    await expect(figure.locator('svg [aria-label]').first(), name).toBeAttached();
    // Marks Plot drew: lines and areas are paths, dots circles, bars and cells rects, rules lines.
    const drawn = await figure.locator('svg g[aria-label] :is(path, circle, rect, line)').count();
    expect(drawn, `${name} draws marks`).toBeGreaterThan(mark === 'rule' ? 2 : 3);
    await expect(notebookCell(page, name).getByRole('combobox', { name: 'Mark' })).toHaveValue(CHARTS[name as keyof typeof CHARTS].includes('mark:') ? mark : '');
    await expect(notebookCell(page, name).getByRole('combobox', { name: 'Mark' }).locator('option:checked')).toHaveText(CHARTS[name as keyof typeof CHARTS].includes('mark:') ? mark : `auto (${mark})`);
  }
  // The box plot marks the runs the outlier rule excluded, and says how many.
  await expect(summary('box_runs')).toContainText(/✕ marks \d+ runs? the outlier rule excluded/);
  await expect(chart('box_runs').locator('svg g[aria-label="dot"]')).not.toHaveCount(0);
  // The comparison shows the significance verdicts beside it.
  await expect(page.getByRole('complementary', { name: 'Findings beside Chart of whisker' })).toContainText(/beats .* on test_acc by/);
  // Failure rates draw their Wilson intervals as rules over the bars.
  await expect(chart('failure_bars').locator('svg g[aria-label="rule"] line')).not.toHaveCount(0);
  // The curve's confidence band is an area under its lines.
  await expect(chart('curve_band').locator('svg g[aria-label="area"] path')).not.toHaveCount(0);
});

test('tooltips name the experiment, trial, run and value', async () => {
  const dot = chart('box_runs').locator('svg g[aria-label="dot"] circle').first();
  await dot.scrollIntoViewIfNeeded();
  const box = (await dot.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  // Each mark has its own tip; the one shown has text.
  const tip = chart('box_runs').locator('svg g[aria-label="tip"]').filter({ hasText: /\S/ }).first();
  await expect(tip).toContainText('experiment');
  await expect(tip).toContainText('trial');
  await expect(tip).toContainText('run');
  await expect(tip).toContainText('value');
});

test('per-run curves move at most four points per run and pixel column, and zooming fetches again at the new range', async () => {
  const before = await pointsOf('per_run');
  const runs = Number(((await summary('per_run').textContent()) ?? '').match(/^([\d,]+) runs/)![1].replaceAll(',', ''));
  expect(before.total).toBeGreaterThan(0);
  expect(before.moved).toBeLessThanOrEqual(Math.min(before.total, 4 * before.columns * runs));
  await notebookCell(page, 'per_run').getByRole('button', { name: 'Zoom in' }).click();
  await expect.poll(async () => (await pointsOf('per_run')).moved).toBeLessThan(before.moved);
  // Zoomed to the middle half of the epochs, the axis no longer starts at epoch 0.
  const ticks = await chart('per_run').locator('svg g[aria-label="x-axis tick label"] text').allTextContents();
  expect(Number(ticks[0])).toBeGreaterThan(0);
  // Dragging across the chart zooms to the dragged range.
  const plot = chart('per_run').locator('svg').last();
  const area = (await plot.boundingBox())!;
  await page.mouse.move(area.x + area.width * 0.3, area.y + area.height / 2);
  await page.mouse.down();
  await page.mouse.move(area.x + area.width * 0.5, area.y + area.height / 2, { steps: 5 });
  await page.mouse.up();
  const dragged = await pointsOf('per_run');
  await expect.poll(async () => (await pointsOf('per_run')).moved).toBeLessThanOrEqual(dragged.moved);
  await notebookCell(page, 'per_run').getByRole('button', { name: 'Reset zoom' }).click();
  await expect.poll(async () => (await pointsOf('per_run')).moved).toBe(before.moved);
});

test('a menu beside the chart writes the setting into the cell and draws it again', async () => {
  const settings = notebookCell(page, 'scatter');
  await settings.getByRole('combobox', { name: 'Mark' }).selectOption('bar');
  await expect(page.getByRole('textbox', { name: 'Chart spec of cell scatter', exact: true })).toContainText('mark: bar');
  await expect(chart('scatter').locator('svg g[aria-label="bar"] rect')).not.toHaveCount(0);
  await settings.getByRole('combobox', { name: 'Y scale' }).selectOption('log');
  await expect(page.getByRole('textbox', { name: 'Chart spec of cell scatter', exact: true })).toContainText('y_scale: log');
  await expect(cellStatus(page, 'scatter')).toHaveText(/^\[\d+\] Done in /);
});

test('charts follow the page: narrower window, narrower chart; dark mode, light text', async () => {
  const width = async () => Number(await chart('curve_band').locator('svg').last().getAttribute('width'));
  const wide = await width();
  await page.setViewportSize({ width: 900, height: 900 });
  await expect.poll(width).toBeLessThan(wide);
  await page.setViewportSize({ width: 1280, height: 900 });
  const tickColour = () => chart('curve_band').locator('svg').last().evaluate((svg) => getComputedStyle(svg).color);
  await page.emulateMedia({ colorScheme: 'light' });
  const light = await tickColour();
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(tickColour).not.toBe(light);
  await page.emulateMedia({ colorScheme: 'light' });
});

test('the HTML report opens with JavaScript off and shows every table and chart', async ({ browser }) => {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'HTML report', exact: true }).click()]);
  expect(download.suggestedFilename()).toBe('charts.html');
  const html = readFileSync(await download.path(), 'utf8');
  expect(html).not.toMatch(/<script/i);
  const reader = await browser.newContext({ javaScriptEnabled: false });
  const report = await reader.newPage();
  const requests: string[] = [];
  report.on('request', (request) => requests.push(request.url()));
  await report.setContent(html);
  const charts = Object.keys(CHARTS);
  await expect(report.locator('figure svg')).not.toHaveCount(0);
  for (const name of charts) await expect(report.getByRole('heading', { name: new RegExp(`^${name}\\b`) })).toBeVisible();
  const figures = await report.locator('figure').count();
  expect(figures).toBeGreaterThanOrEqual(charts.length);
  // Every query and SQL cell's table, plus each analysis table.
  expect(await report.locator('table').count()).toBeGreaterThanOrEqual(6);
  await expect(report.locator('table').first()).toBeVisible();
  expect(requests.filter((url) => !url.startsWith('data:') && url !== 'about:blank')).toEqual([]);
  await reader.close();
});

test('the Markdown report is a zip of the text and its charts as SVG files beside it', async () => {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Markdown report', exact: true }).click()]);
  expect(download.suggestedFilename()).toBe('charts-markdown.zip');
  const zip = readFileSync(await download.path());
  expect([...zip.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
  const names = zipNames(zip);
  const markdownFile = names.find((name) => name.endsWith('.md'))!;
  const svgs = names.filter((name) => /^charts\/.+\.svg$/.test(name));
  expect(svgs.length).toBe(Object.keys(CHARTS).length);
  const markdown = zipEntry(zip, markdownFile);
  for (const svg of svgs) expect(markdown).toContain(`](${svg})`);
  expect(zipEntry(zip, svgs[0])).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
});

/** Names of a stored zip's entries, from its local headers. */
function zipNames(zip: Buffer): string[] {
  const names: string[] = [];
  for (let at = 0; zip.readUInt32LE(at) === 0x04034b50; ) {
    const size = zip.readUInt32LE(at + 18);
    const nameLength = zip.readUInt16LE(at + 26);
    const extra = zip.readUInt16LE(at + 28);
    names.push(zip.subarray(at + 30, at + 30 + nameLength).toString('utf8'));
    at += 30 + nameLength + extra + size;
  }
  return names;
}

function zipEntry(zip: Buffer, wanted: string): string {
  for (let at = 0; zip.readUInt32LE(at) === 0x04034b50; ) {
    const size = zip.readUInt32LE(at + 18);
    const nameLength = zip.readUInt16LE(at + 26);
    const extra = zip.readUInt16LE(at + 28);
    const start = at + 30 + nameLength + extra;
    if (zip.subarray(at + 30, at + 30 + nameLength).toString('utf8') === wanted) return zip.subarray(start, start + size).toString('utf8');
    at = start + size;
  }
  throw new Error(`no ${wanted} in the zip`);
}
