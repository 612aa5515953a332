import { looksLikeParquet } from '../ingest/detect.ts';
import { parseContentRange } from '../ingest/range-fetch.ts';
import type { NamedFile } from '../ingest/parquet.ts';

export interface FetchProgress {
  bytesDone: number;
  bytesTotal?: number;
  /** Why a Parquet file is being downloaded whole instead of read by range requests. */
  whole?: string;
}

/** The first bytes, enough to tell Parquet ("PAR1") from SQLite; a range with a start needs no CORS preflight. */
const PROBE_RANGE = 'bytes=0-7';
/** sql.js needs the whole file: names that say SQLite skip asking the host for ranges. */
const SQLITE_NAME = /\.(db|sqlite3?)$/i;

/**
 * Opens a hosted snapshot. A Parquet file whose host serves byte ranges stays there: only its
 * first bytes come back, and the ingest worker fetches the ranges its tables need. Anything
 * else is downloaded whole, with progress; for Parquet, the file says why ranges were not used.
 */
export async function fetchSnapshot(url: string, onProgress: (progress: FetchProgress) => void, base = globalThis.location?.href): Promise<NamedFile> {
  const target = parseAddress(url, base);
  const name = fileName(target);
  if (SQLITE_NAME.test(name)) return downloadWhole(await request(target, base), target, name, onProgress);
  const probe = await request(target, base, { Range: PROBE_RANGE });
  if (probe.status !== 206) {
    // The server ignored the range and is sending the whole file: that is the download.
    return downloadWhole(probe, target, name, onProgress, 'The server does not support range requests');
  }
  const head = new Uint8Array(await probe.arrayBuffer());
  const size = parseContentRange(probe.headers.get('content-range'))?.size;
  const parquet = looksLikeParquet(head);
  if (parquet && size !== undefined && !encoded(probe)) return { name, bytes: head, hosted: { url: target.href, size, read: 'ranges' } };
  const because = !parquet
    ? undefined
    : size === undefined
      ? isCrossOrigin(target, base)
        ? 'The host does not let this page read the Content-Range header (it must list it in Access-Control-Expose-Headers)'
        : 'The server does not say the file’s size in its range answers (Content-Range)'
      : 'The server compresses its range answers, so their bytes are not the file’s';
  return downloadWhole(await request(target, base), target, name, onProgress, because);
}

/**
 * A hosted file fetched again whole as a Blob (usually from the HTTP cache: the bytes of its
 * load went to the reader worker), to keep for offline use.
 */
export async function fetchCopy(url: string, base = globalThis.location?.href): Promise<File> {
  const target = parseAddress(url, base);
  return new File([await (await request(target, base)).blob()], fileName(target));
}

const fileName = (target: URL) => decodeURIComponent(target.pathname.split('/').pop() || 'snapshot');

function parseAddress(url: string, base: string | undefined): URL {
  try {
    return new URL(url, base);
  } catch {
    throw new Error(`"${url}" is not a valid address. Use ?data=https://…/tracker.db or a path on this site.`);
  }
}

const isCrossOrigin = (target: URL, base: string | undefined) => !base || target.origin !== new URL(base).origin;

/** With Content-Encoding (gzip, br), lengths and ranges count compressed bytes, not the file's. */
const encoded = (response: Response) => !/^(identity)?$/i.test(response.headers.get('content-encoding')?.trim() ?? '');

/**
 * A checked answer for the file. Browsers report a CORS refusal and an unreachable host as the
 * same bare TypeError, so the message names both and what to do about each.
 */
async function request(target: URL, base: string | undefined, headers: Record<string, string> = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(target, { credentials: 'omit', headers });
  } catch {
    throw new Error(
      isCrossOrigin(target, base)
        ? `could not fetch ${target.href}: the server refused to share it with this page (CORS) or could not be reached. ` +
          'Serve the file with the header "Access-Control-Allow-Origin: *", or download it and drop it here.'
        : `could not reach ${target.href}: the server did not answer. Check that it is running.`,
    );
  }
  if (!response.ok) throw new Error(`could not fetch ${target.href}: the server answered ${response.status} ${response.statusText}.`.replace(' .', '.'));
  if (/^\s*text\/html\b/i.test(response.headers.get('content-type') ?? '')) {
    // Many servers answer an unknown path with their home page (status 200) instead of a 404.
    throw new Error(`could not fetch a snapshot from ${target.href}: the server answered with a web page, not a file. Check the address; it must point at a tracker.db or Parquet file.`);
  }
  return response;
}

/** The whole body, with progress; `because` is kept when the file turns out to be Parquet. */
async function downloadWhole(response: Response, target: URL, name: string, onProgress: (progress: FetchProgress) => void, because?: string): Promise<NamedFile> {
  const total = encoded(response) ? undefined : Number(response.headers.get('content-length')) || undefined;
  const parts: Uint8Array[] = [];
  let done = 0;
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { value, done: finished } = await reader.read();
      if (finished) break;
      parts.push(value);
      done += value.length;
      onProgress({ bytesDone: done, bytesTotal: total, ...(because && looksLikeParquet(parts[0]) ? { whole: because } : {}) });
    }
  }
  const bytes = new Uint8Array(done);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  const whole = because && looksLikeParquet(bytes) ? because : undefined;
  return { name, bytes, ...(whole ? { hosted: { url: target.href, size: done, read: 'whole' as const, because: whole } } : {}) };
}
