import { tableFromIPC } from 'apache-arrow';
import { ByteStore, coalesceRanges, rangeBytes, type ByteRange } from './byte-ranges.ts';
import type { Hosted, RangeStats } from './hosted.ts';
import type { ParquetModule } from './parquet.ts';
import { readingAs, readingAsync, unreadable } from './parquet-errors.ts';
import { FOOTER_END_BYTES, metadataLength, readFooterLayout, type FooterLayout } from './parquet-footer.ts';
import { BATCH_ROWS, type ParquetSource, type SourceOptions } from './parquet-source.ts';
import { RangeFetcher } from './range-fetch.ts';

/** The end of the file read first: the footer and usually the page indexes before it, in one request. */
const TAIL_BYTES = 64 * 1024;
/**
 * Needed ranges closer than this are read as one: at a few MB/s, 256 KiB costs about what
 * another request's round trip does.
 */
const COALESCE_GAP = 256 * 1024;
/** Below the six connections a browser opens to one host, so the page's own requests still get one. */
const PARALLEL_REQUESTS = 4;

/**
 * A Parquet file left on its host, read by HTTP range requests: the footer first, then for each
 * chunk of row groups only the column chunks of the columns read. parquet-wasm decodes them from
 * memory: it reads the file through the Blob interface (size, slice, arrayBuffer), which is served
 * here from the fetched bytes. Every chunk's bytes are fetched, and checked, before parquet-wasm
 * sees them, because a read that fails inside parquet-wasm ends in a wasm trap, not an error.
 */
export async function openHostedSource(parquet: ParquetModule, name: string, hosted: Hosted, options: SourceOptions): Promise<ParquetSource> {
  const { size } = hosted;
  let bytesNeeded = 0;
  const stats = (): RangeStats => ({ file: name, size, bytesRead: fetcher.bytesRead, bytesNeeded: Math.max(bytesNeeded, fetcher.bytesRead), requests: fetcher.requests });
  const fetcher: RangeFetcher = new RangeFetcher(name, hosted.url, size, {
    signal: options.signal,
    onBytes: () => {
      // Reported once the bytes needed are known; the footer comes before that.
      if (bytesNeeded) options.onProgress?.(stats());
    },
  });
  const footer = await readFooter(fetcher);
  const { layout } = footer;
  let chunk = new ByteStore();
  let fail: (error: unknown) => void = () => {};
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => {});
  const file = await readingAsync(name, () =>
    parquet.ParquetFile.fromFile(
      blobOver(size, async (start, end) => {
        const held = footer.store.get(start, end) ?? chunk.get(start, end);
        if (held) return held;
        // Not planned (a part of the footer the layout does not describe): fetched now, and a
        // failure held back for the read to report, since parquet-wasm traps on it.
        try {
          return await fetcher.fetch(start, end);
        } catch (error) {
          fail(error);
          return new Promise<never>(() => {});
        }
      }),
    ),
  );
  const columns = readingAs(name, () => tableFromIPC(file.schema().intoIPCStream()).schema.fields.map((field) => field.name));
  const fetchPlan = async (ranges: ByteRange[]) => {
    const store = new ByteStore();
    await inParallel(ranges, PARALLEL_REQUESTS, async (range) => store.add(range.start, await fetcher.fetch(range.start, range.end)));
    return store;
  };
  return {
    name,
    columns,
    rowGroupRows: layout.rowGroups.map((group) => group.rows),
    async *readChunks(chunks, selected) {
      const plans = chunks.map((rowGroups) => planChunk(layout, rowGroups, selected));
      bytesNeeded = footer.bytes + plans.reduce((sum, plan) => sum + rangeBytes(plan), 0);
      options.onProgress?.(stats());
      // The next chunk's bytes arrive while parquet-wasm decodes this one.
      let next: Promise<ByteStore> | undefined = fetchPlan(plans[0]);
      for (const [index, rowGroups] of chunks.entries()) {
        chunk = await next!;
        next = index + 1 < plans.length ? fetchPlan(plans[index + 1]) : undefined;
        next?.catch(() => {});
        const reading = file.read({ batchSize: BATCH_ROWS, ...(selected ? { columns: selected } : {}), ...(rowGroups ? { rowGroups } : {}) });
        const table = await readingAsync(name, () => Promise.race([reading, failed]));
        chunk = new ByteStore();
        yield readingAs(name, () => table.intoIPCStream());
      }
    },
    stats,
    close: () => file.free(),
  };
}

/** The file's footer (metadata and page indexes) and what it says, in at most three requests. */
async function readFooter(fetcher: RangeFetcher): Promise<{ store: ByteStore; layout: FooterLayout; bytes: number }> {
  const { size, name } = fetcher;
  if (size < 12) throw unreadable(name, new Error(`it has ${size} bytes, too few for a Parquet file`));
  let start = Math.max(0, size - TAIL_BYTES);
  let tail = await fetcher.fetch(start, size);
  const extend = async (from: number) => {
    if (from >= start) return;
    tail = concat(await fetcher.fetch(from, start), tail);
    start = from;
  };
  const length = readingAs(name, () => metadataLength(tail.subarray(tail.length - FOOTER_END_BYTES), size));
  const metadataStart = size - FOOTER_END_BYTES - length;
  await extend(metadataStart);
  const metadata = tail.subarray(metadataStart - start, tail.length - FOOTER_END_BYTES);
  const layout = readingAs(name, () => readFooterLayout(metadata));
  if (layout.indexStart !== undefined) await extend(layout.indexStart);
  const store = new ByteStore();
  store.add(start, tail);
  return { store, layout, bytes: tail.length };
}

/** The column chunks a chunk of row groups needs, merged into few requests. */
function planChunk(layout: FooterLayout, rowGroups: number[] | undefined, columns: string[] | undefined): ByteRange[] {
  const groups = rowGroups ?? layout.rowGroups.map((_, index) => index);
  const wanted = columns && new Set(columns);
  const ranges = groups.flatMap((group) => layout.rowGroups[group].chunks.filter((chunk) => !wanted || wanted.has(chunk.column)));
  return coalesceRanges(ranges, COALESCE_GAP);
}

/**
 * An object parquet-wasm's ParquetFile.fromFile reads as a Blob: wasm-bindgen calls `size`,
 * `slice` and `arrayBuffer` by name, so this serves them from `read` instead of a real Blob
 * (which would need the whole file in memory).
 */
function blobOver(size: number, read: (start: number, end: number) => Promise<Uint8Array>, offset = 0): Blob {
  const view = {
    size,
    slice: (start = 0, end = size) => blobOver(Math.max(0, Math.min(end, size) - start), read, offset + start),
    arrayBuffer: async () => {
      const bytes = await read(offset, offset + size);
      return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer;
    },
  };
  return view as unknown as Blob;
}

async function inParallel<T>(items: T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}
