import { flushToIPC, IntColumn, NumberColumn, TextColumn } from './columns.ts';

/**
 * Metric values joined to their link rows while reading, one table per level (RESULTS_VALUE,
 * EPOCH_VALUE, BATCH_VALUE), with the metric's name as a code into METRIC_NAME.
 */
export type MetricLevel = 'results' | 'epoch' | 'batch';
export const metricValueTable = (level: MetricLevel) => `${level.toUpperCase()}_VALUE`;
export const METRIC_NAME_TABLE = 'METRIC_NAME';

/** Where each link table keeps the run, epoch and batch of the metric it links. */
export interface Link {
  level: MetricLevel;
  run: string;
  epoch?: string;
  batch?: string;
}

export const LINKS: Record<string, Link> = {
  RESULTS_METRIC: { level: 'results', run: 'results_id' },
  EPOCH_METRIC: { level: 'epoch', run: 'epoch_trial_run_id', epoch: 'epoch_idx' },
  BATCH_METRIC: { level: 'batch', run: 'trial_run_id', epoch: 'epoch_idx', batch: 'batch_idx' },
};

/**
 * METRIC held in JS by id, so that each RESULTS_/EPOCH_/BATCH_METRIC row becomes a metric value
 * as it is read: DuckDB then never stores METRIC or joins a million links to a million metrics.
 * Ids arrive ascending (the scan is ordered by id); they are usually dense, so an id is first
 * looked up at its offset from the first id, then by binary search.
 */
export class MetricIndex {
  private ids: Int32Array;
  private values: Float64Array;
  private valueKnown: Uint8Array;
  private names: Int32Array;
  private linked: Uint8Array;
  private dictionary = new NameDictionary();
  length = 0;

  constructor(capacity: number) {
    this.ids = new Int32Array(capacity);
    this.values = new Float64Array(capacity);
    this.valueKnown = new Uint8Array(capacity);
    this.names = new Int32Array(capacity);
    this.linked = new Uint8Array(capacity);
  }

  /** A metric whose name is `source[start, start + size)`. */
  add(id: number, source: Uint8Array, start: number, size: number, value: number | null) {
    const i = this.length++;
    this.ids[i] = id;
    this.names[i] = this.dictionary.code(source, start, size);
    if (value !== null) {
      this.values[i] = value;
      this.valueKnown[i] = 1;
    }
  }

  /** The position of a metric id, or -1 when METRIC has no such row. */
  find(id: number): number {
    const { ids, length } = this;
    if (length === 0) return -1;
    const guess = id - ids[0];
    if (guess >= 0 && guess < length && ids[guess] === id) return guess;
    let low = 0;
    let high = length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const found = ids[middle];
      if (found === id) return middle;
      if (found < id) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  /** METRIC rows that no link row pointed to. */
  unlinked(): number {
    let count = 0;
    for (let i = 0; i < this.length; i++) if (!this.linked[i]) count++;
    return count;
  }

  /** Appends the metric at `position` to the value columns and marks it as linked. */
  emit(position: number, into: MetricValueColumns) {
    this.linked[position] = 1;
    into.metricId.push(this.ids[position]);
    into.name.push(this.names[position]);
    into.value.push(this.valueKnown[position] ? this.values[position] : null);
  }

  /** The name dictionary as a (code, name) table. */
  flushNames(): Uint8Array {
    const code = new IntColumn();
    const name = new TextColumn();
    this.dictionary.forEach((bytes, i) => {
      code.push(i);
      name.pushBytes(bytes, 0, bytes.length);
    });
    return flushToIPC({ code, name });
  }
}

/** The columns of one level's value table; epoch and batch only where the level has them. */
export class MetricValueColumns {
  runId = new IntColumn();
  epoch = new IntColumn();
  batch = new IntColumn();
  metricId = new IntColumn();
  name = new IntColumn();
  value = new NumberColumn();

  constructor(readonly level: MetricLevel) {}

  get length() {
    return this.runId.length;
  }

  flush(): Uint8Array {
    return flushToIPC({
      run_id: this.runId,
      ...(this.level !== 'results' ? { epoch: this.epoch } : {}),
      ...(this.level === 'batch' ? { batch: this.batch } : {}),
      metric_id: this.metricId,
      name: this.name,
      value: this.value,
    });
  }
}

/** Metric names as codes; names are compared as bytes, so no JS string is made per row. */
class NameDictionary {
  private byHash = new Map<number, number[]>();
  private entries: Uint8Array[] = [];

  code(source: Uint8Array, start: number, size: number): number {
    let hash = 0x811c9dc5;
    for (let i = start; i < start + size; i++) hash = Math.imul(hash ^ source[i], 0x01000193);
    const candidates = this.byHash.get(hash);
    if (candidates) for (const code of candidates) if (sameBytes(this.entries[code], source, start, size)) return code;
    const code = this.entries.push(source.slice(start, start + size)) - 1;
    if (candidates) candidates.push(code);
    else this.byHash.set(hash, [code]);
    return code;
  }

  forEach(visit: (bytes: Uint8Array, code: number) => void) {
    this.entries.forEach(visit);
  }
}

function sameBytes(entry: Uint8Array, source: Uint8Array, start: number, size: number): boolean {
  if (entry.length !== size) return false;
  for (let i = 0; i < size; i++) if (entry[i] !== source[start + i]) return false;
  return true;
}
