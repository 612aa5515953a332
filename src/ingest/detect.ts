import { SnapshotError } from './tables.ts';

export type FileFormat = 'sqlite' | 'parquet';

const SQLITE_HEADER = 'SQLite format 3\0';
const PARQUET_MAGIC = 'PAR1';

function startsWith(bytes: Uint8Array, text: string, at = 0): boolean {
  if (bytes.length < at + text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** Whether the bytes start like a Parquet file (its first bytes are enough: the end may not be fetched yet). */
export function looksLikeParquet(bytes: Uint8Array): boolean {
  return startsWith(bytes, PARQUET_MAGIC);
}

/** Whether the bytes are a SQLite database or a Parquet file (whole or cut short), whatever the file's name. */
export function looksLikeSnapshot(bytes: Uint8Array): boolean {
  return startsWith(bytes, SQLITE_HEADER) || looksLikeParquet(bytes);
}

/** What a file is, judged by its bytes (names and extensions lie); a clear error when it is neither. */
export function detectFormat(bytes: Uint8Array, fileLabel: string): FileFormat {
  if (startsWith(bytes, SQLITE_HEADER)) return 'sqlite';
  if (startsWith(bytes, PARQUET_MAGIC)) {
    if (bytes.length >= 12 && startsWith(bytes, PARQUET_MAGIC, bytes.length - 4)) return 'parquet';
    throw new SnapshotError(`${fileLabel} starts like a Parquet file but its end is missing: it was cut short (an interrupted copy or download?). Copy or export it again.`);
  }
  throw new SnapshotError(`${fileLabel} is neither a SQLite database nor a Parquet file: ${describeForeign(bytes)}. Open the tracker.db that the Experiment Manager writes, or a Parquet export of it.`);
}

function describeForeign(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'it is empty';
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return 'it is gzip-compressed; decompress it first';
  if (startsWith(bytes, 'PK\x03\x04')) return 'it is a zip archive; extract the snapshot from it first';
  if (startsWith(bytes, 'ARROW1')) return 'it is an Arrow IPC file, which is not supported; export Parquet instead';
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 64)).trimStart();
  if (/^[{[]/.test(head)) return 'it looks like JSON text';
  if (/^[\x20-\x7e\t\r\n]+$/.test(head)) return 'it looks like plain text (CSV?)';
  return `its first bytes are ${[...bytes.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ')}`;
}
