/**
 * Trialbook's IndexedDB database: the notebook, the recent snapshots and the snapshots kept for
 * offline use. Every function resolves to undefined/null when the browser keeps nothing (no
 * IndexedDB, a private window, blocked storage, a full disk): storage is never a requirement.
 */
const DATABASE = 'trialbook';
/** 1: notebook and recent; 2: kept snapshots. */
const DATABASE_VERSION = 2;
export const NOTEBOOK_STORE = 'notebook';
export const RECENT_STORE = 'recent';
export const KEPT_STORE = 'kept';

let opening: Promise<IDBDatabase | null> | null = null;

/** One connection for the page; after a failure the next call tries again. */
function database(): Promise<IDBDatabase | null> {
  opening ??= openDatabase().then((db) => {
    if (!db) opening = null;
    return db;
  });
  return opening;
}

function openDatabase(): Promise<IDBDatabase | null> {
  return new Promise((resolve) => {
    try {
      const request = indexedDB.open(DATABASE, DATABASE_VERSION);
      request.onupgradeneeded = () => {
        // Each version adds stores; a database of an older version keeps what it holds.
        const db = request.result;
        if (!db.objectStoreNames.contains(NOTEBOOK_STORE)) db.createObjectStore(NOTEBOOK_STORE);
        if (!db.objectStoreNames.contains(RECENT_STORE)) db.createObjectStore(RECENT_STORE, { keyPath: 'key' });
        if (!db.objectStoreNames.contains(KEPT_STORE)) db.createObjectStore(KEPT_STORE, { keyPath: 'key' });
      };
      request.onsuccess = () => {
        const db = request.result;
        // A newer Trialbook in another tab can upgrade the database only once this connection
        // closes; the browser also closes it when the user clears site data.
        db.onversionchange = () => {
          db.close();
          opening = null;
        };
        db.onclose = () => (opening = null);
        resolve(db);
      };
      request.onerror = () => resolve(null);
    } catch {
      // No indexedDB at all, or a SecurityError where the browser blocks storage.
      resolve(null);
    }
  });
}

/**
 * Runs one transaction on one store and resolves once it has committed, with the result of the
 * request `work` returns; undefined when anything failed (no database, a refused write, an abort).
 */
export async function transact<T>(storeName: string, mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T> | undefined): Promise<T | undefined> {
  const db = await database();
  if (!db) return undefined;
  return new Promise((resolve) => {
    try {
      const transaction = db.transaction(storeName, mode);
      const request = work(transaction.objectStore(storeName));
      transaction.oncomplete = () => resolve(request?.result);
      transaction.onabort = () => resolve(undefined);
    } catch {
      resolve(undefined);
    }
  });
}
