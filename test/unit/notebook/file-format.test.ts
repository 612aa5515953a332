import { describe, expect, it } from 'vitest';
import { makeCell, type NotebookDocument } from '../../../src/notebook/document.ts';
import { NOTEBOOK_FILE_LIMIT, NOTEBOOK_FORMAT, NOTEBOOK_VERSION, NotebookFileError, notebookFileName, notebookFromJSON, notebookToJSON, readNotebookFile } from '../../../src/notebook/file-format.ts';

/**
 * A version 1 file exactly as Trialbook wrote it. Frozen on purpose: if a change to the format
 * stops this from opening, files users already saved stop opening too.
 */
const VERSION_1_FILE = `{
  "format": "trialbook-notebook",
  "version": 1,
  "title": "Learning rate sweep",
  "cells": [
    {
      "name": "intro",
      "kind": "markdown",
      "source": "# Sweep\\nWhich **learning rate** wins?"
    },
    {
      "name": "per_trial",
      "kind": "query",
      "source": "metrics:\\n  names: [val_loss]\\nper_run: best\\ngroup_by: [trial]\\n",
      "collapsed": true
    },
    {
      "name": "slow_runs",
      "kind": "sql",
      "source": "SELECT * FROM runs WHERE duration_s > 600"
    }
  ]
}
`;

const document: NotebookDocument = {
  title: 'Learning rate sweep',
  cells: [
    makeCell('markdown', 'intro', '# Sweep\nWhich **learning rate** wins?'),
    makeCell('query', 'per_trial', 'metrics:\n  names: [val_loss]\nper_run: best\ngroup_by: [trial]\n', true),
    makeCell('sql', 'slow_runs', 'SELECT * FROM runs WHERE duration_s > 600'),
  ],
};

/** What a document holds once the session-only ids are set aside. */
function withoutIds(doc: NotebookDocument) {
  return { title: doc.title, cells: doc.cells.map(({ id: _id, ...cell }) => cell) };
}

function openError(text: string): string {
  try {
    notebookFromJSON(text);
  } catch (error) {
    expect(error).toBeInstanceOf(NotebookFileError);
    return (error as Error).message;
  }
  throw new Error('the file was accepted');
}

/** A version 1 file with the given changes, for the error cases. */
function file(changes: Record<string, unknown>): string {
  return JSON.stringify({ ...JSON.parse(VERSION_1_FILE), ...changes });
}

function fileWithCell(cell: unknown): string {
  return file({ cells: [{ name: 'intro', kind: 'markdown', source: '' }, cell] });
}

describe('notebook file format', () => {
  it('writes the version 1 format: no ids, collapsed only when true', () => {
    expect(NOTEBOOK_FORMAT).toBe('trialbook-notebook');
    expect(NOTEBOOK_VERSION).toBe(1);
    expect(notebookToJSON(document)).toBe(VERSION_1_FILE);
  });

  it('reads back what it wrote', () => {
    expect(withoutIds(notebookFromJSON(notebookToJSON(document)))).toEqual(withoutIds(document));
  });

  it('opens a version 1 file as it was first written', () => {
    expect(withoutIds(notebookFromJSON(VERSION_1_FILE))).toEqual({
      title: 'Learning rate sweep',
      cells: [
        { name: 'intro', kind: 'markdown', source: '# Sweep\nWhich **learning rate** wins?', collapsed: false },
        { name: 'per_trial', kind: 'query', source: 'metrics:\n  names: [val_loss]\nper_run: best\ngroup_by: [trial]\n', collapsed: true },
        { name: 'slow_runs', kind: 'sql', source: 'SELECT * FROM runs WHERE duration_s > 600', collapsed: false },
      ],
    });
  });

  it('gives every opened cell a fresh id', () => {
    const first = notebookFromJSON(VERSION_1_FILE).cells.map((cell) => cell.id);
    const second = notebookFromJSON(VERSION_1_FILE).cells.map((cell) => cell.id);
    const existing = document.cells.map((cell) => cell.id);
    expect(new Set([...first, ...second, ...existing]).size).toBe(9);
  });

  it('ignores fields it does not know, in the file and in its cells', () => {
    const text = file({ author: 'someone', cells: [{ name: 'a', kind: 'sql', source: 'SELECT 1', height: 300 }] });
    expect(withoutIds(notebookFromJSON(text))).toEqual({ title: 'Learning rate sweep', cells: [{ name: 'a', kind: 'sql', source: 'SELECT 1', collapsed: false }] });
  });

  it('takes a missing title as an empty one', () => {
    const { title: _title, ...rest } = JSON.parse(VERSION_1_FILE);
    expect(notebookFromJSON(JSON.stringify(rest)).title).toBe('');
  });
});

describe('notebook file errors', () => {
  it('an empty file', () => {
    expect(openError('  \n')).toBe('This notebook file is empty. Open a .trialbook.json file saved by Trialbook.');
  });

  it('not JSON, with where the error is', () => {
    expect(openError('{\n  "format": "trialbook-notebook",\n}')).toBe(
      'This is not a Trialbook notebook: the file is not valid JSON (the error is at line 3, column 1). ' +
        'It may be damaged or cut short. Fix it in a text editor, or open the notebook file you saved from Trialbook.',
    );
    expect(openError('{"format": "trialbook-notebook", "cells": [')).toMatch(/^This is not a Trialbook notebook: the file is not valid JSON\b.*It may be damaged or cut short\./);
  });

  it('JSON that is not an object', () => {
    expect(openError('[1, 2]')).toBe(
      'This is not a Trialbook notebook: the file holds a list, not an object with "format": "trialbook-notebook". Open a .trialbook.json file saved by Trialbook.',
    );
    expect(openError('42')).toMatch(/^This is not a Trialbook notebook: the file holds 42, not an object/);
  });

  it('a different format, or none', () => {
    expect(openError(file({ format: 'jupyter' }))).toBe(
      'This is not a Trialbook notebook: its "format" is "jupyter", where a notebook has "format": "trialbook-notebook". Open a .trialbook.json file saved by Trialbook.',
    );
    expect(openError('{"cells": []}')).toBe(
      'This is not a Trialbook notebook: it has no "format" field, where a notebook has "format": "trialbook-notebook". Open a .trialbook.json file saved by Trialbook.',
    );
  });

  it('a file from a newer Trialbook', () => {
    expect(openError(file({ version: 3 }))).toBe('This notebook was made by a newer Trialbook (version 3); this one reads versions up to 1. Update Trialbook to open it.');
  });

  it('a version that is not a whole number from 1 up', () => {
    const fix = 'Fix it in a text editor, or open the notebook file you saved from Trialbook.';
    expect(openError(file({ version: 0 }))).toBe(`This notebook file has "version": 0; a version is a whole number from 1 up (this Trialbook writes 1). ${fix}`);
    expect(openError(file({ version: 1.5 }))).toBe(`This notebook file has "version": 1.5; a version is a whole number from 1 up (this Trialbook writes 1). ${fix}`);
    expect(openError(file({ version: '1' }))).toBe(`This notebook file has "version": "1"; a version is a whole number from 1 up (this Trialbook writes 1). ${fix}`);
    expect(openError(file({ version: undefined }))).toBe(`This notebook file has no "version" field; a version is a whole number from 1 up (this Trialbook writes 1). ${fix}`);
  });

  it('cells that are not a list', () => {
    const fix = 'Fix it in a text editor, or open the notebook file you saved from Trialbook.';
    expect(openError(file({ cells: { intro: 'text' } }))).toBe(`This notebook file has "cells": an object, not a list of cells. ${fix}`);
    expect(openError(file({ cells: undefined }))).toBe(`This notebook file has no "cells" list. ${fix}`);
  });

  it('a title that is not text', () => {
    expect(openError(file({ title: 7 }))).toBe('This notebook\'s "title" is 7, not text. Fix it in a text editor, or open the notebook file you saved from Trialbook.');
  });

  it('a bad cell, named by its place (from 1) and its name', () => {
    const fix = 'Fix it in a text editor, or open the notebook file you saved from Trialbook.';
    expect(openError(fileWithCell('SELECT 1'))).toBe(`Cell 2 is "SELECT 1", not an object with a name, a kind and a source. ${fix}`);
    expect(openError(fileWithCell({ name: 'per_trial', kind: 'plot', source: '' }))).toBe(
      `Cell 2 ("per_trial") has an unknown kind "plot"; the kinds are markdown, sql, query, analysis, chart. ${fix}`,
    );
    expect(openError(fileWithCell({ name: 'per_trial', source: '' }))).toBe(`Cell 2 ("per_trial") has no "kind"; the kinds are markdown, sql, query, analysis, chart. ${fix}`);
    expect(openError(fileWithCell({ kind: 'sql', source: '' }))).toBe(`Cell 2 has no "name". ${fix}`);
    expect(openError(fileWithCell({ name: 3, kind: 'sql', source: '' }))).toBe(`Cell 2 has "name": 3, not text. ${fix}`);
    expect(openError(fileWithCell({ name: 'per_trial', kind: 'sql' }))).toBe(`Cell 2 ("per_trial") has no "source". ${fix}`);
    expect(openError(fileWithCell({ name: 'per_trial', kind: 'sql', source: ['SELECT 1'] }))).toBe(`Cell 2 ("per_trial") has "source": a list, not text. ${fix}`);
  });
});

describe('a picked file that is not a notebook', () => {
  it('a snapshot picked as a notebook is named as one, whatever its size or name', async () => {
    const sqlite = new Blob([new TextEncoder().encode('SQLite format 3\0'), new Uint8Array(4096)]);
    await expect(readNotebookFile(sqlite, 'tracker.trialbook.json')).rejects.toThrow(
      'tracker.trialbook.json is a snapshot (the data), not a notebook. Open it with "Open file…" or drop it on the page',
    );
    await expect(readNotebookFile(new Blob(['PAR1', new Uint8Array(64), 'PAR1']), 'metrics.parquet')).rejects.toBeInstanceOf(NotebookFileError);
  });

  it('a file far bigger than any notebook is refused without reading it as text', async () => {
    const huge = new Blob([new Uint8Array(NOTEBOOK_FILE_LIMIT + 1)]);
    const read = { text: 0 };
    const spy = Object.assign(huge, { text: () => (read.text++, Blob.prototype.text.call(huge)) });
    await expect(readNotebookFile(spy, 'video.mp4')).rejects.toThrow(/^video\.mp4 is 17 MB; a notebook file is a few kB of text/);
    expect(read.text).toBe(0);
  });

  it('a saved notebook still opens', async () => {
    const doc = await readNotebookFile(new Blob([VERSION_1_FILE]), 'a.trialbook.json');
    expect(doc.cells.length).toBeGreaterThan(0);
  });
});

describe('notebookFileName', () => {
  it('makes a safe slug from the title', () => {
    expect(notebookFileName('Analysis of tracker.db')).toBe('analysis-of-tracker-db.trialbook.json');
    expect(notebookFileName('  Café: résumé / v2?  ')).toBe('cafe-resume-v2.trialbook.json');
    expect(notebookFileName('x'.repeat(200))).toBe(`${'x'.repeat(80)}.trialbook.json`);
  });

  it('falls back to "notebook" when nothing usable is left', () => {
    expect(notebookFileName('')).toBe('notebook.trialbook.json');
    expect(notebookFileName('実験ノート')).toBe('notebook.trialbook.json');
    expect(notebookFileName('../..')).toBe('notebook.trialbook.json');
  });
});
