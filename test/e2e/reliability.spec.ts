import { expect, test, type Page } from '@playwright/test';
import { buildCorpus, EMOJI_EXPERIMENT, HOSTILE_TRIAL, RTL_TRIAL, type CorpusCase } from '../reliability/corpus.ts';
import { cellStatuses, dropFiles, expectNotebookSettled, expectOpened, expectTemplateNotebookDone, loadError, overview, TEMPLATE_CELLS } from './helpers.ts';

// One page for the whole file: the sample is opened once, and every bad drop must leave it open.
test.describe.configure({ mode: 'serial' });

let page: Page;
let cases: CorpusCase[];
const pageErrors: Error[] = [];
const dialogs: string[] = [];

test.beforeAll(async ({ browser }) => {
  cases = await buildCorpus();
  page = await browser.newPage();
  page.on('pageerror', (error) => pageErrors.push(error));
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto('./');
});

test.afterAll(async () => {
  await page.close();
});

/** What the notebook shows for the template cells, which a refused drop must not change. */
const templateStatuses = async () => Object.fromEntries(Object.entries(await cellStatuses(page)).filter(([name]) => TEMPLATE_CELLS.includes(name)));

test('the sample opens and its template notebook runs', async () => {
  await page.getByRole('button', { name: 'Open sample' }).click();
  await expectOpened(page, 'sample.db');
  await expectTemplateNotebookDone(page);
});

test('every refused case is named in an alert, and the sample and its notebook stay', async () => {
  const before = await templateStatuses();
  for (const c of cases.filter((each) => each.expect === 'refused')) {
    await dropFiles(page, c.files);
    const alert = loadError(page);
    await expect(alert, c.name).toContainText(`Could not open ${c.files.length === 1 ? c.name : ''}`);
    await expect(alert, c.name).toContainText(c.mention!);
    await expect(alert, c.name).toContainText('(sample.db) is still open');
    await expect(page.getByRole('heading', { level: 2, name: 'Opened: sample.db' })).toBeVisible();
    await page.getByRole('button', { name: 'Dismiss this error' }).click();
    await expect(loadError(page)).toHaveCount(0);
  }
  expect(await templateStatuses()).toEqual(before);
  await expectTemplateNotebookDone(page);
  expect(pageErrors).toEqual([]);
});

test('a damaged, newer or wrong file picked as a notebook is refused in words, and the notebook stays', async () => {
  const before = await templateStatuses();
  const bad = [
    { name: 'cut.trialbook.json', buffer: Buffer.from('{"format": "trialbook-notebook", "version": 1, "cells": [{"name": "a", "ki'), says: 'the file is not valid JSON' },
    { name: 'newer.trialbook.json', buffer: Buffer.from(JSON.stringify({ format: 'trialbook-notebook', version: 9, cells: [] })), says: 'made by a newer Trialbook (version 9)' },
    { name: 'tracker.db', buffer: Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4096)]), says: 'is a snapshot (the data), not a notebook' },
  ];
  for (const file of bad) {
    await page.getByLabel('Open notebook…').setInputFiles({ ...file, mimeType: 'application/json' });
    const alert = page.getByRole('alert').filter({ hasText: `Could not open ${file.name}.` });
    await expect(alert, file.name).toContainText(file.says);
    await expect(alert, file.name).toContainText('The notebook on the page is unchanged.');
    await alert.getByRole('button', { name: 'Dismiss this error' }).click();
    await expect(alert).toHaveCount(0);
  }
  expect(await templateStatuses()).toEqual(before);
  expect(pageErrors).toEqual([]);
});

test('hostile and unicode names open, render as text, and the template notebook finishes', async () => {
  const hostile = cases.find((c) => c.name === 'hostile-names.db')!;
  await dropFiles(page, hostile.files);
  await expectOpened(page, 'hostile-names.db');
  await expect(overview(page).getByRole('rowheader', { name: new RegExp(`^${EMOJI_EXPERIMENT} #\\d+$`) })).toBeVisible();
  await expectNotebookSettled(page);
  const statuses = await templateStatuses();
  expect(Object.keys(statuses).sort()).toEqual([...TEMPLATE_CELLS].sort());
  // Each cell finished: done, or failed with its own problem shown; none is left running.
  for (const [name, status] of Object.entries(statuses)) expect(status, name).toMatch(/^\[\d+\] (Done in |Failed)/);
  await expect(page.getByText(HOSTILE_TRIAL).first()).toBeVisible();
  await expect(page.getByText(RTL_TRIAL).first()).toBeVisible();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(dialogs).toEqual([]);
  expect(pageErrors).toEqual([]);
});
