import { readdirSync, readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { makeCell, type NotebookDocument } from '../../../src/notebook/document.ts';
import { notebookToJSON } from '../../../src/notebook/file-format.ts';
import { dataAddresses, readShareLink, shareLink, ShareLinkError } from '../../../src/notebook/share-link.ts';
import { templateNotebook } from '../../../src/notebook/templates.ts';

const PAGE = 'https://example.org/trialbook/';
const files = readdirSync('queries').map((file) => ({ name: file.replace(/\.yaml$/, ''), text: readFileSync(`queries/${file}`, 'utf8') }));

/** The template notebook plus the cells a user adds in a working session: 25 cells in all. */
function realisticNotebook(): NotebookDocument {
  const doc = templateNotebook(files, 'tracker.db', null);
  const extra = [
    makeCell('markdown', 'findings', '## Findings\n\nThe **lr=0.01** trial wins on `test_acc`; its lead over lr=0.1 is significant (Welch, p < 0.01). Batch size matters less than the learning rate.'),
    makeCell('sql', 'slow_runs', 'SELECT r.run_id, t.trial, r.duration_s\nFROM runs r JOIN trials t USING (trial_id)\nWHERE r.status = \'completed\' AND r.duration_s > (SELECT quantile_cont(duration_s, 0.9) FROM runs)\nORDER BY r.duration_s DESC'),
    makeCell('query', 'val_loss_last', 'metric: val_loss\nlevel: epoch\nper_run: last\nexclude_outliers: { method: iqr, k: 1.5 }\ngroup_by: [trial]\naggregates: [mean, median, std, count]\n'),
    makeCell('analysis', 'val_loss_compare', 'input: val_loss_last\ncompare: { by: trial, alpha: 0.05, correction: holm }\n'),
    makeCell('chart', 'val_loss_chart', 'input: val_loss_compare\ntable: ranking\nmark: whisker\ny_scale: log\ntitle: Final validation loss per trial\n'),
    makeCell('sql', 'epochs_to_best', 'SELECT run_id, arg_min(epoch, value) AS best_epoch, min(value) AS best\nFROM metrics WHERE metric = \'val_loss\' AND level = \'epoch\'\nGROUP BY run_id ORDER BY best'),
    makeCell('chart', 'epochs_chart', 'input: epochs_to_best\nmark: dot\nx: best_epoch\ny: best\n'),
    makeCell('markdown', 'next_steps', '### Next\n\n- rerun lr=0.01 with 5 seeds\n- check the failed runs on node 7'),
  ];
  return { title: 'Analysis of tracker.db', cells: [...doc.cells, ...extra] };
}

const sameCells = (doc: NotebookDocument) => JSON.parse(notebookToJSON(doc)) as unknown;

describe('share links', () => {
  it('carry the notebook in the fragment and the hosted data in ?data=, and read back to the same cells', async () => {
    const doc = realisticNotebook();
    const link = await shareLink(`${PAGE}?data=old.db#old`, { doc, data: ['https://data.example.org/runs/tracker.db'], snapshot: 'tracker.db' });
    const url = new URL(link);
    expect(url.origin + url.pathname).toBe(PAGE);
    expect(url.searchParams.getAll('data')).toEqual(['https://data.example.org/runs/tracker.db']);
    expect(url.hash).toMatch(/^#notebook=1\.[A-Za-z0-9_-]+$/);
    // Nothing of the notebook is in the part a server sees.
    expect(url.search).not.toContain('per_trial');
    const read = await readShareLink(link);
    expect(read?.data).toEqual(['https://data.example.org/runs/tracker.db']);
    expect(read?.snapshot).toBe('tracker.db');
    expect(sameCells(read!.doc)).toEqual(sameCells(doc));
  });

  it('stay under 8 KB for a realistic notebook of more than 20 cells', async () => {
    const doc = realisticNotebook();
    expect(doc.cells.length).toBeGreaterThan(20);
    const link = await shareLink(PAGE, { doc, data: ['https://data.example.org/runs/tracker.db'], snapshot: 'tracker.db' });
    expect(link.length).toBeLessThan(8 * 1024);
    // Compression is what makes that true: the notebook's own text is several times larger.
    expect(notebookToJSON(doc).length).toBeGreaterThan(2 * link.length);
  });

  it('made by version 1 (frozen here) still open, collapsed cells and unicode intact', async () => {
    const link =
      'https://example.org/trialbook/?data=https%3A%2F%2Fexample.org%2Fdata%2Ftracker.db#notebook=1.bZHPSsNAEMZfZRhvkgpe9yJaKxQshSqINCVsNlO7dDMbZzfWUvoUXn0HT9486Zv4JJKIaQ4e59_3-2Zmh-wj5d6vUe1w6aXUERVGsdo12UFXTvCJJFjPqE4TjDY6QoXnrN022AB-CVG0WZOcFDkmaMi5gGq-Q9Zl02k5iscE15YLVFhqWRd-w5hg8LWYpuUI7lbWrKClw8bzWcopf74PwoaoSuDrg7_ejC8Ivl9fcJ902hVJ1g4d9B9rkm1fnJ4rElsSx6Bg7iRrRRcplxTFGgWRQsy0MSk7eiKnQCjULoaUH8TXVZZvFcxbyiLlPj2nEA_g8Oj62JvR9Wh4C8dwNZtOoDMK09nlaAYX91CSZrgc3QzhejwZ38JpczzvnK4CFaii1PTfpplZaelh_8IObLmqozoQU25OriDX0thf7BMMrKuw8r8P7363_wE';
    const read = await readShareLink(link);
    expect(read?.data).toEqual(['https://example.org/data/tracker.db']);
    expect(read?.snapshot).toBe('tracker.db');
    expect(read?.doc.title).toBe('Analysis of tracker.db');
    expect(read?.doc.cells.map(({ name, kind, collapsed }) => `${kind}:${name}${collapsed ? ' (collapsed)' : ''}`)).toEqual([
      'markdown:intro',
      'query:per_trial',
      'sql:best (collapsed)',
      'chart:per_trial_chart',
    ]);
    expect(read?.doc.cells[0].source).toBe('# Which trial won?\n\nµ-sweep, ünïcode ✓');
    expect(read?.doc.cells[3].source).toBe('input: per_trial\nmark: bar\n');
  });

  it('read nothing from an address without a notebook', async () => {
    expect(await readShareLink(`${PAGE}?data=https://example.org/t.db`)).toBeNull();
    expect(await readShareLink(`${PAGE}#section`)).toBeNull();
  });

  const fragment = (payload: unknown, version = 1) => `${PAGE}#notebook=${version}.${Buffer.from(deflateRawSync(Buffer.from(JSON.stringify(payload)))).toString('base64url')}`;
  const refused = async (link: string, words: RegExp) => {
    const error = await readShareLink(link).then(() => null, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(ShareLinkError);
    expect((error as Error).message).toMatch(words);
  };

  it('from a newer Trialbook say so instead of opening wrongly', async () => {
    await refused(`${PAGE}#notebook=2.AAAA`, /newer Trialbook \(link version 2; this one reads up to 1\)/);
    const newerFile = { notebook: { format: 'trialbook-notebook', version: 99, cells: [] } };
    await refused(fragment(newerFile), /newer Trialbook \(version 99\)/);
  });

  it('that are damaged, cut short or not notebooks are refused in words', async () => {
    const link = await shareLink(PAGE, { doc: realisticNotebook(), data: [], snapshot: null });
    await refused(link.slice(0, link.length - 40), /damaged: it may have been cut short/);
    await refused(`${PAGE}#notebook=1.not*base64`, /damaged/);
    await refused(`${PAGE}#notebook=one.abc`, /damaged/);
    await refused(fragment({ something: 'else' }), /holds no notebook/);
    await refused(fragment({ notebook: { format: 'trialbook-notebook', version: 1, cells: [{ name: 'x', kind: 'python', source: '' }] } }), /unknown kind "python"/);
  });

  it('cannot unpack into more than a notebook could be', async () => {
    // 8 MB of spaces deflate to a few kB: a link small enough to send, too big to open.
    const bomb = `${PAGE}#notebook=1.${deflateRawSync(Buffer.from(`{"notebook":${' '.repeat(8 * 1024 * 1024)}1}`)).toString('base64url')}`;
    expect(bomb.length).toBeLessThan(20_000);
    await refused(bomb, /more than 4 MB/);
  });

  it('carry hostile text as text: a link holds data, never code', async () => {
    const hostile = '<img src=x onerror="alert(1)"><script>alert(2)</script>[x](javascript:alert(3))';
    const doc = { title: hostile, cells: [makeCell('markdown', 'note', hostile), makeCell('sql', 'q', `SELECT '${hostile.replaceAll("'", "''")}'`)] };
    const read = await readShareLink(await shareLink(PAGE, { doc, data: [], snapshot: hostile }));
    expect(read?.doc.title).toBe(hostile);
    expect(read?.doc.cells[0].source).toBe(hostile);
    expect(read?.snapshot).toBe(hostile);
  });

  it('name data over http(s) only, made absolute against the page', () => {
    const page = new URL(`${PAGE}?data=./sample.db&data=https://other.example/x.parquet&data=`);
    expect(dataAddresses(page).map((address) => [address.written, address.url.href])).toEqual([
      ['./sample.db', 'https://example.org/trialbook/sample.db'],
      ['https://other.example/x.parquet', 'https://other.example/x.parquet'],
    ]);
    for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/plain,hi']) {
      expect(() => dataAddresses(new URL(`${PAGE}?data=${encodeURIComponent(bad)}`))).toThrow(/not an http\(s\) address/);
    }
  });
});
