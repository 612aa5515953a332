import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createNodeEngine } from '../engine/node.ts';
import type { Engine } from '../engine/engine.ts';
import { loadSnapshot, type LoadProgress, type LoadReport } from '../ingest/load.ts';
import { extractInProcess } from '../ingest/node-readers.ts';
import type { NamedFile } from '../ingest/parquet.ts';
import { UsageError } from './usage.ts';

const PARQUET = /\.parquet$/i;
const PARAMS = /\.(ya?ml|json|csv)$/i;

/**
 * A snapshot is a file, several Parquet files, or a folder of Parquet files; params files
 * (.yaml, .yml, .json, .csv) may come with it, named too or lying in the folder or in its
 * configs/ subfolder (Buffers are Uint8Arrays: no copy).
 */
export async function readSnapshotFiles(paths: string[]): Promise<NamedFile[]> {
  if (paths.length === 0) throw new UsageError('name a snapshot: a tracker.db, Parquet files, or a folder of Parquet files');
  const files: NamedFile[] = [];
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch {
      throw new UsageError(`${path}: no such file or folder`);
    }
    if (info.isDirectory()) {
      const found = await filesInFolder(path);
      if (found.length === 0) throw new UsageError(`${path} is a folder without .parquet files`);
      for (const name of found) files.push({ name, bytes: await readFile(join(path, name)) });
    } else {
      files.push({ name: basename(path), bytes: await readFile(path) });
    }
  }
  return files;
}

/** The folder's Parquet and params files, then the params files of configs/ (named configs/…). */
async function filesInFolder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const names = entries.filter((entry) => entry.isFile() && (PARQUET.test(entry.name) || PARAMS.test(entry.name))).map((entry) => entry.name).sort();
  if (entries.some((entry) => entry.isDirectory() && entry.name === 'configs')) {
    const configs = await readdir(join(folder, 'configs'), { withFileTypes: true });
    names.push(...configs.filter((entry) => entry.isFile() && PARAMS.test(entry.name)).map((entry) => `configs/${entry.name}`).sort());
  }
  return names;
}

export interface OpenSnapshot {
  engine: Engine;
  report: LoadReport;
}

export async function openSnapshot(paths: string[]): Promise<OpenSnapshot> {
  const files = await readSnapshotFiles(paths);
  const engine = await createNodeEngine();
  try {
    const report = await loadSnapshot(engine, files, extractInProcess, progressOnTerminal());
    clearProgress();
    return { engine, report };
  } catch (error) {
    clearProgress();
    await engine.close();
    throw error;
  }
}

function progressOnTerminal(): (progress: LoadProgress) => void {
  if (!process.stderr.isTTY) return () => {};
  return ({ phase, table, rowsDone, rowsTotal }) => {
    const text = phase === 'extracting' ? `reading ${table}: ${rowsDone?.toLocaleString('en')} / ${rowsTotal?.toLocaleString('en')} rows` : `${phase}…`;
    process.stderr.write(`\r\x1b[2K${text}`);
  };
}

function clearProgress() {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
}
