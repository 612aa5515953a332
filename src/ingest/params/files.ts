import { looksLikeSnapshot } from '../detect.ts';
import type { NamedFile } from '../parquet.ts';
import { SnapshotError } from '../tables.ts';

export type ParamsFormat = 'yaml' | 'json' | 'csv';

/** A params file, decoded: its name is the `source` of every param it gives. */
export interface ParamsFile {
  name: string;
  format: ParamsFormat;
  text: string;
}

const EXTENSIONS: Record<string, ParamsFormat> = { yaml: 'yaml', yml: 'yaml', json: 'json', csv: 'csv' };

/** `configs/lr=0.01.yaml` → lr=0.01: the name a file gives its trial. */
export function fileStem(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/** A params file is known by its extension, and by not being a snapshot (a tracker.db saved as x.json is still a snapshot). */
export function paramsFormatOf(file: NamedFile): ParamsFormat | null {
  const extension = /\.([a-z]+)$/i.exec(file.name)?.[1]?.toLowerCase() ?? '';
  const format = EXTENSIONS[extension];
  return format && !looksLikeSnapshot(file.bytes) ? format : null;
}

/**
 * Splits what was dropped (or named on the command line) into the snapshot's files and params
 * files. Params files only make sense beside a snapshot, so alone they are an error.
 */
export function splitParamsFiles(files: NamedFile[]): { snapshot: NamedFile[]; params: ParamsFile[] } {
  const snapshot: NamedFile[] = [];
  const params: ParamsFile[] = [];
  for (const file of files) {
    const format = paramsFormatOf(file);
    if (format) params.push({ name: file.name, format, text: decodeText(file) });
    else snapshot.push(file);
  }
  if (snapshot.length === 0 && params.length > 0) {
    throw new SnapshotError(
      `${params.map((file) => file.name).join(', ')}: params files need a snapshot: drop them together with tracker.db (or the snapshot's Parquet files), in one drop or one command.`,
    );
  }
  return { snapshot, params };
}

function decodeText(file: NamedFile): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(file.bytes);
  } catch {
    throw new SnapshotError(`${file.name} is not UTF-8 text, so it cannot be read as a params file. Save it as UTF-8 (or leave it out).`);
  }
}
