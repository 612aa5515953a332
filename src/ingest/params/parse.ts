import { parseAllDocuments } from 'yaml';
import { SnapshotError } from '../tables.ts';
import { CsvSyntaxError, readCsv, type CsvRecord } from './csv.ts';
import type { ParamsFile } from './files.ts';
import { findJsonProblem } from './json-error.ts';

/** A params file read into plain values: a tree (YAML, JSON) or a table (CSV). Nothing is matched to trials yet. */
export type ParamsDocument =
  | { source: string; kind: 'tree'; value: unknown }
  | { source: string; kind: 'table'; header: string[]; rows: CsvRecord[] }
  | { source: string; kind: 'empty' };

/** Reads a params file; one that cannot be read is an error naming the file and, when known, the line. */
export function parseParamsFile(file: ParamsFile): ParamsDocument {
  if (file.text.trim() === '') return { source: file.name, kind: 'empty' };
  switch (file.format) {
    case 'json': return { source: file.name, kind: 'tree', value: parseJson(file) };
    case 'yaml': return { source: file.name, kind: 'tree', value: parseYaml(file) };
    case 'csv': return parseCsv(file);
  }
}

function unreadable(file: ParamsFile, format: string, where: string | null, reason: string): SnapshotError {
  return new SnapshotError(`${file.name} is not valid ${format}: ${where ? `${where}: ` : ''}${reason}. Fix it, or open the snapshot without it.`);
}

function parseJson(file: ParamsFile): unknown {
  try {
    return JSON.parse(file.text);
  } catch (error) {
    const problem = findJsonProblem(file.text);
    if (!problem) throw unreadable(file, 'JSON', null, (error as Error).message);
    throw unreadable(file, 'JSON', lineAndColumn(file.text, problem.position), problem.reason);
  }
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position).split(/\r\n|\r|\n/);
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

/** The core schema, as for query specs: dates stay text and tags build no objects. Several documents (---) make a list. */
function parseYaml(file: ParamsFile): unknown {
  const documents = parseAllDocuments(file.text, { schema: 'core', uniqueKeys: true });
  const list = Array.isArray(documents) ? documents : [];
  for (const document of list) {
    const [error] = document.errors;
    if (error) {
      const where = error.linePos ? `line ${error.linePos[0].line}, column ${error.linePos[0].col}` : null;
      throw unreadable(file, 'YAML', where, error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''));
    }
  }
  try {
    const values = list.map((document) => document.toJS({ maxAliasCount: 100 }) as unknown);
    return values.length === 1 ? values[0] : values;
  } catch (error) {
    throw unreadable(file, 'YAML', null, (error as Error).message.split('\n')[0]);
  }
}

function parseCsv(file: ParamsFile): ParamsDocument {
  let records: CsvRecord[];
  try {
    records = readCsv(file.text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw unreadable(file, 'CSV', `line ${error.line}`, error.message);
    throw error;
  }
  const [head, ...rows] = records;
  const header = head.fields.map((name) => name.trim());
  const seen = new Set<string>();
  // Unnamed columns (the index pandas writes) are left alone; a name given twice is ambiguous.
  for (const name of header.filter((name) => name !== '')) {
    if (seen.has(name)) throw unreadable(file, 'CSV', `line ${head.line}`, `the column ${name} appears twice`);
    seen.add(name);
  }
  for (const row of rows) {
    if (row.fields.length !== header.length) {
      throw unreadable(file, 'CSV', `line ${row.line}`, `${row.fields.length} fields, but the header (line ${head.line}) has ${header.length}`);
    }
  }
  return { source: file.name, kind: 'table', header, rows };
}
