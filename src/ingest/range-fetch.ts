import { SnapshotError } from './tables.ts';

/** `Content-Range: bytes 0-7/4096` → the bytes sent and the file's size (undefined when the server says `*`). */
export function parseContentRange(header: string | null): { start: number; end: number; size?: number } | null {
  const match = /^\s*bytes\s+(\d+)-(\d+)\/(\d+|\*)\s*$/i.exec(header ?? '');
  if (!match) return null;
  return { start: Number(match[1]), end: Number(match[2]), ...(match[3] === '*' ? {} : { size: Number(match[3]) }) };
}

export interface RangeFetchOptions {
  signal?: AbortSignal;
  /** Called as bytes arrive, with the total read so far. */
  onBytes?: (bytesRead: number) => void;
}

/**
 * Reads byte ranges of one hosted file, counting what it fetched. Every answer is checked: a
 * server that sends other bytes than asked, fewer of them, or a file that changed size must fail
 * the load with its reason, never hand a reader bytes that are not the file's.
 */
export class RangeFetcher {
  bytesRead = 0;
  requests = 0;

  constructor(
    readonly name: string,
    readonly url: string,
    readonly size: number,
    private readonly options: RangeFetchOptions = {},
  ) {}

  /** Bytes [start, end) of the file. */
  async fetch(start: number, end: number): Promise<Uint8Array> {
    this.requests++;
    const asked = `bytes ${start}–${end - 1}`;
    let response: Response;
    try {
      // A single range with a start is a CORS-safelisted header: a cross-origin host needs no preflight.
      response = await fetch(this.url, { headers: { Range: `bytes=${start}-${end - 1}` }, credentials: 'omit', signal: this.options.signal });
    } catch (error) {
      if (this.options.signal?.aborted) throw error;
      throw new SnapshotError(`${this.name}: the connection to ${this.host} failed while reading ${asked} (${error instanceof Error ? error.message : String(error)}). Check the connection and open it again.`);
    }
    const refused = this.check(response, start, end, asked);
    if (refused) {
      // A server that ignored the range is sending the whole file: stop it.
      await response.body?.cancel();
      throw refused;
    }
    return this.body(response, asked, end - start);
  }

  private check(response: Response, start: number, end: number, asked: string): SnapshotError | null {
    if (response.status !== 206) return this.odd(asked, `answered ${response.status} ${response.statusText}`.trim());
    const range = parseContentRange(response.headers.get('content-range'));
    if (!range) return this.odd(asked, 'did not say which bytes it sent (no Content-Range this page can read)');
    if (range.size !== undefined && range.size !== this.size) {
      return new SnapshotError(`${this.name} changed on the server while it was read (it was ${this.size} bytes, now ${range.size}). Open it again.`);
    }
    if (range.start !== start || range.end !== end - 1) return this.odd(asked, `sent bytes ${range.start}–${range.end}`);
    return null;
  }

  private async body(response: Response, asked: string, expected: number): Promise<Uint8Array> {
    const bytes = new Uint8Array(expected);
    let length = 0;
    const reader = response.body!.getReader();
    for (;;) {
      let part: ReadableStreamReadResult<Uint8Array>;
      try {
        part = await reader.read();
      } catch (error) {
        if (this.options.signal?.aborted) throw error;
        throw this.odd(asked, `stopped sending after ${length} of ${expected} bytes (${error instanceof Error ? error.message : String(error)})`);
      }
      if (part.done) break;
      if (length + part.value.length > expected) {
        await reader.cancel();
        throw this.odd(asked, `sent more than the ${expected} bytes asked for`);
      }
      bytes.set(part.value, length);
      length += part.value.length;
      this.bytesRead += part.value.length;
      this.options.onBytes?.(this.bytesRead);
    }
    if (length !== expected) throw this.odd(asked, `sent ${length} of the ${expected} bytes asked for (the answer was cut short)`);
    return bytes;
  }

  private get host(): string {
    return new URL(this.url).host;
  }

  private odd(asked: string, what: string): SnapshotError {
    return new SnapshotError(
      `${this.name}: asked for ${asked}, the server at ${this.host} ${what}. It does not serve byte ranges correctly; ` +
        'fix the server, or download the file and drop it here.',
    );
  }
}
