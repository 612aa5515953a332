import type { NamedFile } from '../ingest/parquet.ts';

export interface FetchProgress {
  bytesDone: number;
  bytesTotal?: number;
}

/**
 * Fetches a hosted snapshot with progress. Browsers report a CORS refusal and an unreachable
 * host as the same bare TypeError, so the message names both and what to do about each.
 */
export async function fetchSnapshot(url: string, onProgress: (progress: FetchProgress) => void, base = globalThis.location?.href): Promise<NamedFile> {
  let target: URL;
  try {
    target = new URL(url, base);
  } catch {
    throw new Error(`"${url}" is not a valid address. Use ?data=https://…/tracker.db or a path on this site.`);
  }
  let response: Response;
  try {
    response = await fetch(target, { credentials: 'omit' });
  } catch {
    const sameOrigin = base && target.origin === new URL(base).origin;
    throw new Error(
      sameOrigin
        ? `could not reach ${target.href}: the server did not answer. Check that it is running.`
        : `could not fetch ${target.href}: the server refused to share it with this page (CORS) or could not be reached. ` +
          'Serve the file with the header "Access-Control-Allow-Origin: *", or download it and drop it here.',
    );
  }
  if (!response.ok) throw new Error(`could not fetch ${target.href}: the server answered ${response.status} ${response.statusText}.`.replace(' .', '.'));
  if (/^\s*text\/html\b/i.test(response.headers.get('content-type') ?? '')) {
    // Many servers answer an unknown path with their home page (status 200) instead of a 404.
    throw new Error(`could not fetch a snapshot from ${target.href}: the server answered with a web page, not a file. Check the address; it must point at a tracker.db or Parquet file.`);
  }
  // With Content-Encoding (gzip, br) the length counts compressed bytes, not the bytes read here.
  const encoded = !/^(identity)?$/i.test(response.headers.get('content-encoding')?.trim() ?? '');
  const total = encoded ? undefined : Number(response.headers.get('content-length')) || undefined;
  const name = decodeURIComponent(target.pathname.split('/').pop() || 'snapshot');
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    onProgress({ bytesDone: bytes.length, bytesTotal: bytes.length });
    return { name, bytes };
  }
  const parts: Uint8Array[] = [];
  let done = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { value, done: finished } = await reader.read();
    if (finished) break;
    parts.push(value);
    done += value.length;
    onProgress({ bytesDone: done, bytesTotal: total });
  }
  const bytes = new Uint8Array(done);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return { name, bytes };
}
