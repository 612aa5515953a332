import { looksLikeSnapshot } from '../ingest/detect.ts';
import { CELL_KINDS, newCellId, type Cell, type CellKind, type NotebookDocument } from './document.ts';

/**
 * The .trialbook.json file: a notebook's document with a format tag and a version, so a file
 * saved today still opens after the format changes, and a file from a newer build says so.
 */
export const NOTEBOOK_FORMAT = 'trialbook-notebook';
export const NOTEBOOK_VERSION = 1;

const FILE_EXTENSION = '.trialbook.json';
const OPEN_A_SAVED_FILE = `Open a ${FILE_EXTENSION} file saved by Trialbook.`;
const FIX_BY_HAND = 'Fix it in a text editor, or open the notebook file you saved from Trialbook.';

/** A file that cannot be opened; the message says what is wrong, where, and what to do. */
export class NotebookFileError extends Error {
  override name = 'NotebookFileError';
}

type FileObject = Record<string, unknown>;

/**
 * migrations[n] turns a version n - 1 file into version n, so a file of any older version is
 * upgraded one step at a time. Version 1 is where the format starts. To add version 2: write
 * `2: (file) => …` here and set NOTEBOOK_VERSION to 2.
 */
const migrations: Record<number, (file: FileObject) => FileObject> = {
  1: (file) => file,
};

export function notebookToJSON(doc: NotebookDocument): string {
  const file = {
    format: NOTEBOOK_FORMAT,
    version: NOTEBOOK_VERSION,
    title: doc.title,
    cells: doc.cells.map(({ name, kind, source, collapsed }) => (collapsed ? { name, kind, source, collapsed } : { name, kind, source })),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/**
 * A notebook file is a few kB of text (cells, never data). Past this a file picked as a notebook
 * is something else, and reading it whole as text could take the tab's memory.
 */
export const NOTEBOOK_FILE_LIMIT = 16 * 1024 * 1024;

/** Opens a picked file as a notebook, after making sure it is not a snapshot or something huge. */
export async function readNotebookFile(file: Blob, name: string): Promise<NotebookDocument> {
  if (looksLikeSnapshot(new Uint8Array(await file.slice(0, 16).arrayBuffer()))) {
    throw new NotebookFileError(`${name} is a snapshot (the data), not a notebook. Open it with "Open file…" or drop it on the page; notebooks are the ${FILE_EXTENSION} files Trialbook saves.`);
  }
  if (file.size > NOTEBOOK_FILE_LIMIT) {
    throw new NotebookFileError(`${name} is ${(file.size / 1e6).toFixed(0)} MB; a notebook file is a few kB of text (up to ${NOTEBOOK_FILE_LIMIT / 1024 / 1024} MiB), so this is not one. ${OPEN_A_SAVED_FILE}`);
  }
  return notebookFromJSON(await file.text());
}

export function notebookFromJSON(text: string): NotebookDocument {
  const file = parseJson(text);
  if (typeof file !== 'object' || file === null || Array.isArray(file)) {
    throw new NotebookFileError(`This is not a Trialbook notebook: the file holds ${describe(file)}, not an object with "format": "${NOTEBOOK_FORMAT}". ${OPEN_A_SAVED_FILE}`);
  }
  const object = file as FileObject;
  checkFormat(object.format);
  const version = checkVersion(object.version);
  return readDocument(upgrade(object, version));
}

/** "Analysis of tracker.db" → "analysis-of-tracker-db.trialbook.json": safe on every file system. */
export function notebookFileName(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 80)
    .replace(/^-+|-+$/g, '');
  return `${slug || 'notebook'}${FILE_EXTENSION}`;
}

function parseJson(text: string): unknown {
  if (text.trim() === '') throw new NotebookFileError(`This notebook file is empty. ${OPEN_A_SAVED_FILE}`);
  try {
    return JSON.parse(text);
  } catch (error) {
    const where = syntaxErrorLocation(error instanceof Error ? error.message : '', text);
    throw new NotebookFileError(
      `This is not a Trialbook notebook: the file is not valid JSON${where ? ` (the error is at ${where})` : ''}. ` +
        `It may be damaged or cut short. ${FIX_BY_HAND}`,
    );
  }
}

/**
 * Engines word JSON errors differently: Chromium and Node give "at position 12" (recent V8 adds
 * "(line 3 column 1)"), Firefox "at line 3 column 1". Safari gives no place at all.
 */
function syntaxErrorLocation(message: string, text: string): string | null {
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return `line ${lineColumn[1]}, column ${lineColumn[2]}`;
  const position = /position (\d+)/.exec(message);
  if (!position) return null;
  const before = text.slice(0, Number(position[1])).split('\n');
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

function checkFormat(format: unknown): void {
  if (format === NOTEBOOK_FORMAT) return;
  const found = format === undefined ? 'it has no "format" field' : `its "format" is ${describe(format)}`;
  throw new NotebookFileError(`This is not a Trialbook notebook: ${found}, where a notebook has "format": "${NOTEBOOK_FORMAT}". ${OPEN_A_SAVED_FILE}`);
}

function checkVersion(version: unknown): number {
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    const found = version === undefined ? 'has no "version" field' : `has "version": ${describe(version)}`;
    throw new NotebookFileError(`This notebook file ${found}; a version is a whole number from 1 up (this Trialbook writes ${NOTEBOOK_VERSION}). ${FIX_BY_HAND}`);
  }
  if (version > NOTEBOOK_VERSION) {
    throw new NotebookFileError(
      `This notebook was made by a newer Trialbook (version ${version}); this one reads versions up to ${NOTEBOOK_VERSION}. Update Trialbook to open it.`,
    );
  }
  return version;
}

function upgrade(file: FileObject, version: number): FileObject {
  let upgraded = file;
  for (let next = version + 1; next <= NOTEBOOK_VERSION; next++) upgraded = migrations[next](upgraded);
  return upgraded;
}

/** Reads the current version's shape; fields it does not know are ignored. */
function readDocument(file: FileObject): NotebookDocument {
  const { title = '', cells } = file;
  if (typeof title !== 'string') throw new NotebookFileError(`This notebook's "title" is ${describe(title)}, not text. ${FIX_BY_HAND}`);
  if (!Array.isArray(cells)) {
    const found = cells === undefined ? 'has no "cells" list' : `has "cells": ${describe(cells)}, not a list of cells`;
    throw new NotebookFileError(`This notebook file ${found}. ${FIX_BY_HAND}`);
  }
  return { title, cells: cells.map(readCell) };
}

function readCell(value: unknown, index: number): Cell {
  const number = index + 1;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new NotebookFileError(`Cell ${number} is ${describe(value)}, not an object with a name, a kind and a source. ${FIX_BY_HAND}`);
  }
  const { name, kind, source, collapsed } = value as FileObject;
  if (typeof name !== 'string') {
    const found = name === undefined ? 'has no "name"' : `has "name": ${describe(name)}, not text`;
    throw new NotebookFileError(`Cell ${number} ${found}. ${FIX_BY_HAND}`);
  }
  const cell = `Cell ${number} ("${name}")`;
  if (!CELL_KINDS.includes(kind as CellKind)) {
    const found = kind === undefined ? 'has no "kind"' : `has an unknown kind ${describe(kind)}`;
    throw new NotebookFileError(`${cell} ${found}; the kinds are ${CELL_KINDS.join(', ')}. ${FIX_BY_HAND}`);
  }
  if (typeof source !== 'string') {
    const found = source === undefined ? 'has no "source"' : `has "source": ${describe(source)}, not text`;
    throw new NotebookFileError(`${cell} ${found}. ${FIX_BY_HAND}`);
  }
  return { id: newCellId(), name, kind: kind as CellKind, source, collapsed: collapsed === true };
}

/** A found value as a message shows it: short, and its type plain to a reader. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}
