import type { NotebookDocument } from './document.ts';
import { NOTEBOOK_STORE, RECENT_STORE, transact } from './browser-database.ts';
import { notebookFromJSON, notebookToJSON } from './file-format.ts';

/**
 * What the browser keeps between visits: the notebook being edited and the snapshots opened
 * lately, in IndexedDB. Storage is a convenience, never a requirement: when IndexedDB is missing
 * or refuses (a private window, blocked storage, a full disk), every function resolves to
 * nothing and the page works as it would on a first visit.
 */

export type RecentSnapshotKey = string;

export interface RecentSnapshot {
  key: RecentSnapshotKey;
  name: string;
  size: number | null;
  openedAt: number;
  source: RecentSnapshotSource;
}

export type RecentSnapshotSource =
  /** Fetched again from the same address. */
  | { kind: 'url'; url: string }
  /** Chromium's File System Access handles: read again once the user grants access again. */
  | { kind: 'handle'; handles: FileSystemFileHandle[] }
  /** From a file input, which leaves no way back to the file: listed, but picked again by hand. */
  | { kind: 'file' };

export interface SavedNotebook {
  doc: NotebookDocument;
  savedAt: number;
  snapshot: RecentSnapshotKey | null;
}

/** The notebook as stored: its file text, so what autosave keeps opens like a saved file. */
interface StoredNotebook {
  doc: string;
  savedAt: number;
  snapshot: RecentSnapshotKey | null;
}

const CURRENT_NOTEBOOK = 'current';
const RECENT_LIMIT = 8;

/** Resolves true when the notebook was stored, false when this browser keeps nothing. */
export async function saveNotebook(doc: NotebookDocument, snapshotKey: RecentSnapshotKey | null): Promise<boolean> {
  const record: StoredNotebook = { doc: notebookToJSON(doc), savedAt: Date.now(), snapshot: snapshotKey };
  return (await transact(NOTEBOOK_STORE, 'readwrite', (store) => store.put(record, CURRENT_NOTEBOOK))) !== undefined;
}

/** Null when nothing was saved, or when what was saved no longer opens (damaged, or from a newer build). */
export async function loadNotebook(): Promise<SavedNotebook | null> {
  const stored = await transact<unknown>(NOTEBOOK_STORE, 'readonly', (store) => store.get(CURRENT_NOTEBOOK));
  if (!isStoredNotebook(stored)) return null;
  try {
    return { doc: notebookFromJSON(stored.doc), savedAt: stored.savedAt, snapshot: stored.snapshot };
  } catch {
    return null;
  }
}

/** Adds the snapshot, or moves it to the top when its key is known, and drops the oldest past eight. */
export async function rememberSnapshot(entry: RecentSnapshot): Promise<void> {
  // A plain copy: a reactive proxy (Svelte state) cannot be stored; the handles inside it can.
  const record: RecentSnapshot = { key: entry.key, name: entry.name, size: entry.size, openedAt: entry.openedAt, source: copySource(entry.source) };
  await transact(RECENT_STORE, 'readwrite', (store) => {
    store.put(record);
    const all = store.getAll() as IDBRequest<RecentSnapshot[]>;
    all.onsuccess = () => {
      for (const old of newestFirst(all.result).slice(RECENT_LIMIT)) store.delete(old.key);
    };
  });
}

export async function recentSnapshots(): Promise<RecentSnapshot[]> {
  return newestFirst((await transact<RecentSnapshot[]>(RECENT_STORE, 'readonly', (store) => store.getAll())) ?? []);
}

export async function forgetSnapshot(key: RecentSnapshotKey): Promise<void> {
  await transact(RECENT_STORE, 'readwrite', (store) => store.delete(key));
}

/**
 * Reads a remembered snapshot's files again through their handles. After a reload Chromium asks
 * the user to allow reading again, and only during a click: call this from the click handler,
 * before any other await. Null when the user refuses, or a file has moved or gone (the user
 * must then pick it again), and for entries that hold no handles.
 */
export async function reopenFiles(entry: RecentSnapshot): Promise<File[] | null> {
  if (entry.source.kind !== 'handle') return null;
  try {
    const files: File[] = [];
    for (const handle of entry.source.handles) {
      if (!(await mayRead(handle))) return null;
      files.push(await handle.getFile());
    }
    return files;
  } catch {
    return null;
  }
}

/** The same files in any order give the same key: each file's name and size, sorted. */
export function snapshotKey(names: string[], sizes: number[]): RecentSnapshotKey {
  const files = names.map((name, index) => JSON.stringify([name, sizes[index] ?? null])).sort();
  return `[${files.join(',')}]`;
}

async function mayRead(handle: FileSystemFileHandle): Promise<boolean> {
  const read = { mode: 'read' } as const;
  return (await handle.queryPermission(read)) === 'granted' || (await handle.requestPermission(read)) === 'granted';
}

function copySource(source: RecentSnapshotSource): RecentSnapshotSource {
  switch (source.kind) {
    case 'url':
      return { kind: 'url', url: source.url };
    case 'handle':
      return { kind: 'handle', handles: [...source.handles] };
    case 'file':
      return { kind: 'file' };
  }
}

function newestFirst(entries: RecentSnapshot[]): RecentSnapshot[] {
  return [...entries].sort((a, b) => b.openedAt - a.openedAt);
}

function isStoredNotebook(value: unknown): value is StoredNotebook {
  if (typeof value !== 'object' || value === null) return false;
  const { doc, savedAt, snapshot } = value as Record<string, unknown>;
  return typeof doc === 'string' && typeof savedAt === 'number' && (typeof snapshot === 'string' || snapshot === null);
}
