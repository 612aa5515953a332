import type { NotebookDocument } from './document.ts';
import { notebookFromJSON, notebookToJSON } from './file-format.ts';

/**
 * A share link: the notebook (cells, names, specs; never data) compressed into the URL's
 * fragment, which browsers never send to a server, and `?data=<url>` for a hosted snapshot.
 *
 *   https://host/trialbook/?data=https%3A%2F%2Fhost%2Ftracker.db#notebook=1.<base64url>
 *
 * The number before the dot is the link's version; the payload is JSON, read as data and
 * never as code. Version 1's payload is deflate-raw of a .trialbook.json text plus the name of
 * the snapshot it was made on, so a link carries the notebook file's own version and upgrades
 * through the file's migrations.
 */
export const LINK_VERSION = 1;
const FRAGMENT_KEY = 'notebook';
/** Far above any real notebook (the 12-cell template notebook is under 4 kB in a link). */
const MAX_FRAGMENT_CHARS = 512 * 1024;
const MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;

export interface SharedNotebook {
  doc: NotebookDocument;
  /** Hosted snapshot addresses from `?data=`, absolute; empty when the link names no data. */
  data: string[];
  /** The file name(s) the notebook was made on, so a link without data can say what to open. */
  snapshot: string | null;
}

/** A link that cannot be opened; the message says what is wrong and what to do. */
export class ShareLinkError extends Error {
  override name = 'ShareLinkError';
}

interface LinkPayload {
  notebook: unknown;
  snapshot?: unknown;
}

const ASK_AGAIN = 'Ask whoever sent it for the link again, or for the notebook file (Save notebook).';

/** The link for `page` (the app's address) that opens `shared` there. */
export async function shareLink(page: string, shared: SharedNotebook): Promise<string> {
  const url = new URL(page);
  url.hash = '';
  url.search = '';
  for (const address of shared.data) url.searchParams.append('data', address);
  const notebook = JSON.parse(notebookToJSON(shared.doc)) as unknown;
  const payload: LinkPayload = shared.snapshot ? { notebook, snapshot: shared.snapshot } : { notebook };
  const packed = await deflate(new TextEncoder().encode(JSON.stringify(payload)));
  return `${url.href}#${FRAGMENT_KEY}=${LINK_VERSION}.${toBase64Url(packed)}`;
}

/** Null when the address carries no notebook; ShareLinkError when it carries one that cannot be read. */
export async function readShareLink(address: string): Promise<SharedNotebook | null> {
  const url = new URL(address);
  const fragment = new URLSearchParams(url.hash.slice(1)).get(FRAGMENT_KEY);
  if (fragment === null) return null;
  if (fragment.length > MAX_FRAGMENT_CHARS) throw new ShareLinkError(`This link's notebook is ${fragment.length.toLocaleString('en')} characters long, more than a notebook link can be. ${ASK_AGAIN}`);
  const match = /^(\d+)\.([A-Za-z0-9_-]*)$/.exec(fragment);
  if (!match) throw new ShareLinkError(`This link's notebook part (after "#${FRAGMENT_KEY}=") is damaged: it may have been cut short or changed when it was copied. ${ASK_AGAIN}`);
  const version = Number(match[1]);
  if (version > LINK_VERSION) throw new ShareLinkError(`This link was made by a newer Trialbook (link version ${version}; this one reads up to ${LINK_VERSION}). Open it in the newer Trialbook, or update this one.`);
  if (version < 1) throw new ShareLinkError(`This link's notebook has version ${version}, which no Trialbook writes. ${ASK_AGAIN}`);
  const payload = readPayload(await inflate(decodeBase64Url(match[2])));
  let doc: NotebookDocument;
  try {
    doc = notebookFromJSON(JSON.stringify(payload.notebook));
  } catch (error) {
    throw new ShareLinkError(`This link's notebook cannot be opened: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { doc, data: dataAddresses(url).map((address) => address.url.href), snapshot: typeof payload.snapshot === 'string' ? payload.snapshot : null };
}

/** A `?data=` value as the link wrote it (messages quote it so) and the address it names. */
export interface DataAddress {
  written: string;
  url: URL;
}

/**
 * The `?data=` values of a page address, each made absolute or, when it cannot be fetched, the
 * reason. Only http(s) is fetched: any other scheme (javascript:, file:, data:) is refused by
 * name rather than ignored.
 */
export function linkedData(page: URL): (DataAddress | ShareLinkError)[] {
  return page.searchParams
    .getAll('data')
    .filter((value) => value.trim() !== '')
    .map((written) => {
      let url: URL;
      try {
        url = new URL(written, page);
      } catch {
        return new ShareLinkError(`"${written}" in this link is not a valid address for data.`);
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        return new ShareLinkError(`This link names data at "${written.slice(0, 80)}", which is not an http(s) address; Trialbook reads hosted snapshots over http(s) only.`);
      }
      return { written, url };
    });
}

/** The `?data=` addresses of a page address; the first that cannot be fetched is thrown. */
export function dataAddresses(page: URL): DataAddress[] {
  return linkedData(page).map((entry) => {
    if (entry instanceof ShareLinkError) throw entry;
    return entry;
  });
}

function readPayload(bytes: Uint8Array): LinkPayload {
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new ShareLinkError(`This link's notebook is damaged (its content is not a notebook). ${ASK_AGAIN}`);
  }
  if (typeof payload !== 'object' || payload === null || !('notebook' in payload)) {
    throw new ShareLinkError(`This link holds no notebook. ${ASK_AGAIN}`);
  }
  return payload as LinkPayload;
}

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Stops at MAX_PAYLOAD_BYTES, so a small link cannot expand into gigabytes in the tab. */
async function inflate(bytes: Uint8Array): Promise<Uint8Array> {
  const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > MAX_PAYLOAD_BYTES) {
        await reader.cancel();
        throw new ShareLinkError(`This link's notebook unpacks to more than ${MAX_PAYLOAD_BYTES / 1024 / 1024} MB, more than any notebook; it was not opened.`);
      }
      parts.push(value);
    }
  } catch (error) {
    if (error instanceof ShareLinkError) throw error;
    throw new ShareLinkError(`This link's notebook is damaged: it may have been cut short when it was copied. ${ASK_AGAIN}`);
  }
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function decodeBase64Url(text: string): Uint8Array {
  try {
    return fromBase64Url(text);
  } catch {
    throw new ShareLinkError(`This link's notebook is damaged: it may have been cut short when it was copied. ${ASK_AGAIN}`);
  }
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
