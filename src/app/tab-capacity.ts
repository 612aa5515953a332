/**
 * The most snapshot bytes a tab is given to load. DuckDB-WASM has 32-bit memory (3.1 GiB usable,
 * in the tab and in Node alike), and loading a SQLite snapshot peaks at about 2.5 times its size
 * (the 964 MB, 10-million-value tracker.db peaked at 2.44 GB): past this size a load cannot
 * succeed, so it is refused before the file is read rather than after the tab filled its memory.
 * Parquet, compressed, is judged by its rows instead (ingest/capacity.ts).
 */
export const TAB_CAPACITY_BYTES = 1.5e9;

/** Why these files cannot be opened in a tab, in a user's words; null when they may be. */
export function tabCapacityProblem(files: { name: string; size: number }[]): string | null {
  const total = files.reduce((sum, file) => sum + file.size, 0);
  if (total <= TAB_CAPACITY_BYTES) return null;
  const what = files.length === 1 ? `${files[0].name} is ${gigabytes(total)}` : `These ${files.length} files are ${gigabytes(total)} together`;
  return (
    `${what}; Trialbook opens snapshots up to about ${gigabytes(TAB_CAPACITY_BYTES)} (its engine has 3.1 GiB of memory; a tracker.db of 10 million metric values is about 1 GB). ` +
    'Nothing was read. Copy the experiments you need into a smaller file (with sqlite3, for example) and open that.'
  );
}

const gigabytes = (bytes: number) => `${(bytes / 1e9).toFixed(bytes < 1e10 ? 2 : 1).replace(/\.?0+$/, '')} GB`;
