import { SnapshotError } from './tables.ts';

/** Runs a parquet-wasm or footer step; its failure says the file cannot be read, unless it already says why. */
export function readingAs<T>(name: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    throw unreadable(name, error);
  }
}

export async function readingAsync<T>(name: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw unreadable(name, error);
  }
}

export function unreadable(name: string, error: unknown): Error {
  if (error instanceof SnapshotError || (error instanceof Error && error.name === 'AbortError')) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new SnapshotError(`${name} could not be read as Parquet: ${reason}. The file is damaged or uses a feature parquet-wasm cannot read; export it again.`);
}
