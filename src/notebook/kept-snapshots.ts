import { KEPT_STORE, transact } from './browser-database.ts';

/**
 * Snapshots kept in this browser (IndexedDB, as Blobs the browser stores on disk) so that they
 * reopen with the network off, from any later visit. Only the user's "Keep offline" puts one here.
 */
export interface KeptSnapshot {
  /** The same key as the snapshot's entry in the recent list (names and sizes). */
  key: string;
  name: string;
  size: number;
  keptAt: number;
}

interface StoredKept extends KeptSnapshot {
  files: { name: string; blob: Blob }[];
}

/** True when the browser stored it; false when it refused (storage full, blocked, private window). */
export async function keepSnapshot(key: string, name: string, files: File[]): Promise<boolean> {
  const record: StoredKept = {
    key,
    name,
    size: files.reduce((sum, file) => sum + file.size, 0),
    keptAt: Date.now(),
    files: files.map((file) => ({ name: file.name, blob: file })),
  };
  // Asked once, so the browser does not drop the copy when it runs short of space.
  await navigator.storage?.persist?.().catch(() => false);
  return (await transact(KEPT_STORE, 'readwrite', (store) => store.put(record))) !== undefined;
}

/** The kept snapshots, newest first, without their bytes. */
export async function keptSnapshots(): Promise<KeptSnapshot[]> {
  const records = (await transact<StoredKept[]>(KEPT_STORE, 'readonly', (store) => store.getAll())) ?? [];
  return records.map(({ key, name, size, keptAt }) => ({ key, name, size, keptAt })).sort((a, b) => b.keptAt - a.keptAt);
}

/** The kept copy's files, ready to open as if dropped; null when it is gone. */
export async function keptSnapshotFiles(key: string): Promise<File[] | null> {
  const record = await transact<StoredKept | undefined>(KEPT_STORE, 'readonly', (store) => store.get(key));
  return record ? record.files.map(({ name, blob }) => new File([blob], name)) : null;
}

export async function deleteKeptSnapshot(key: string): Promise<void> {
  await transact(KEPT_STORE, 'readwrite', (store) => store.delete(key));
}

/** What this site stores in the browser and may store, when the browser says. */
export async function storageUse(): Promise<{ usage: number; quota: number } | null> {
  const estimate = await navigator.storage?.estimate?.().catch(() => null);
  return estimate?.usage !== undefined && estimate.quota !== undefined ? { usage: estimate.usage, quota: estimate.quota } : null;
}
