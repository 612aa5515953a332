import { expect, test, type Page } from '@playwright/test';
import { createNodeEngine, load } from '../fixtures/engine.ts';
import { flatParquetWithNotes, serveFile, type FileServer, type RangeMode } from '../fixtures/hosted-parquet.ts';
import { readOverview } from '../../src/snapshot/overview.ts';
import { formatBytes } from '../../src/ui/format.ts';
import { expectOpened, expectOverviewCounts, overview, type ExpectedCounts } from './helpers.ts';

// A flat metrics file whose unused notes column is most of its bytes, hosted on another origin.
const bytes = flatParquetWithNotes();

/** What the overview must count: the same file loaded whole by Trialbook in Node. */
async function countsInNode(): Promise<ExpectedCounts> {
  const engine = await createNodeEngine();
  try {
    await load(engine, { name: 'flat.parquet', bytes });
    const { experiments, runs } = await readOverview(engine);
    return { experiments: experiments.map(({ title, trials, runs }) => ({ title, trials, runs })), byStatus: runs.by_status, runs: runs.total };
  } finally {
    await engine.close();
  }
}

let expected: ExpectedCounts;
let server: FileServer | undefined;
test.beforeAll(async () => {
  expected = await countsInNode();
});
test.afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function openHosted(page: Page, mode: RangeMode) {
  server = await serveFile(bytes, { mode });
  await page.goto(`./?data=${encodeURIComponent(server.url('flat.parquet'))}`);
  await expectOpened(page, 'flat.parquet');
  await expectOverviewCounts(page, expected);
  return server;
}

test('a hosted flat Parquet file is read by range requests, fetching only the columns Trialbook uses', async ({ page }) => {
  const served = await openHosted(page, 'ranges');
  const gets = served.requests.filter((request) => request.method === 'GET');
  expect(gets.length).toBeGreaterThan(2);
  expect(gets.every((request) => /^bytes=\d+-\d+$/.test(request.range ?? ''))).toBe(true);
  expect(served.bytesServed()).toBeLessThan(bytes.length / 4);
  const read = served.bytesServed() - 8;
  await expect(overview(page)).toContainText(`Read ${formatBytes(read)} of flat.parquet’s ${formatBytes(bytes.length)} by range requests (${gets.length - 1} requests).`);
});

test('a host without range support gets the whole file downloaded, and the page says so', async ({ page }) => {
  const served = await openHosted(page, 'whole');
  expect(served.requests.filter((request) => request.method === 'GET')).toHaveLength(1);
  expect(served.bytesServed()).toBe(bytes.length);
  await expect(overview(page)).toContainText(`The server does not support range requests, so the whole of flat.parquet (${formatBytes(bytes.length)}) was downloaded.`);
});

test('Cancel loading stops the range requests under way', async ({ page }) => {
  // Each answer waits, so the column chunks are still being asked for when Cancel is pressed.
  server = await serveFile(bytes, { mode: 'ranges', delayMs: 5_000 });
  await page.goto(`./?data=${encodeURIComponent(server.url('flat.parquet'))}`);
  await expect.poll(() => server!.requests.length, { timeout: 90_000 }).toBeGreaterThan(2);
  await page.getByRole('button', { name: 'Cancel loading' }).click();
  await expect(page.getByRole('alert')).toContainText(`Stopped loading ${server.url('flat.parquet')}.`);
  const chunkRequests = server.requests.slice(2);
  await expect.poll(() => chunkRequests.every((request) => request.aborted && request.bytes === 0)).toBe(true);
});
