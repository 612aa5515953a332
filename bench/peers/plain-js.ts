import type { Data, Table } from 'apache-arrow';
import { WELCH_EXPERIMENT, type WorkloadId } from '../workloads.ts';
import { answerOf, ciStats, IQR_K, m4Options, welchRows, type Peer, type PeerOptions } from './peer.ts';

/** Trialbook's canonical tables, as `SELECT * FROM <name>` returns them. */
export interface CanonicalTables {
  experiments: Table;
  trials: Table;
  runs: Table;
  metrics: Table;
}

/** One metric at one level: its finite values with their keys, as parallel typed arrays. */
interface Points {
  run: Int32Array;
  trial: Int32Array;
  experiment: Int32Array;
  epoch: Int32Array;
  value: Float64Array;
}

/** What a JS engineer writes by hand for speed: loops over the Arrow buffers, typed-array accumulators. */
export function plainJsPeer(tables: CanonicalTables, options: PeerOptions = {}): Peer {
  const m4 = m4Options(options);
  function rows(id: WorkloadId): number[][] {
    switch (id) {
      case 'per-trial-ci':
        return perGroupCi(points(tables.metrics, 'test_acc', 'results'), {});
      case 'per-trial-ci-iqr':
        return perGroupCi(points(tables.metrics, 'test_acc', 'results'), { excludeIqr: true });
      case 'best-epoch':
        return bestEpoch(points(tables.metrics, 'val_loss', 'epoch'));
      case 'curves-ci':
        return perGroupCi(points(tables.metrics, 'val_loss', 'epoch'), { byEpoch: true });
      case 'm4':
        return m4Points(points(tables.metrics, 'val_loss', 'epoch'), m4.width, m4.runs);
      case 'welch':
        return welch(tables.experiments, points(tables.metrics, 'test_acc', 'results'));
    }
  }
  return { name: 'plain JS', answer: (id) => answerOf(id, rows(id)), close: () => {} };
}

const encoder = new TextEncoder();

/**
 * Gathers the rows of `metric` at `level` whose value is finite and whose run belongs to a known
 * trial (experiment_id is NULL exactly when the run or its trial is missing from the snapshot,
 * the orphans the sql.js peer's joins drop). Strings are compared as UTF-8 bytes, so no row's
 * string is ever decoded.
 */
function points(metrics: Table, metric: string, level: string): Points {
  const name = encoder.encode(metric);
  const levelName = encoder.encode(level);
  const needsEpoch = level !== 'results';
  // Two passes per batch: pick the rows, then copy them into arrays of the exact size.
  const picked: Int32Array[] = [];
  let total = 0;
  for (const batch of metrics.batches) {
    const names = batch.getChild('metric')!.data[0];
    const levels = batch.getChild('level')!.data[0];
    const value = batch.getChild('value')!.data[0];
    const experiment = batch.getChild('experiment_id')!.data[0];
    const epoch = batch.getChild('epoch')!.data[0];
    const values = value.values as Float64Array;
    const rows = new Int32Array(batch.numRows);
    let n = 0;
    for (let i = 0; i < batch.numRows; i++) {
      if (!utf8Equals(names, i, name) || !utf8Equals(levels, i, levelName)) continue;
      if (!Number.isFinite(values[i]) || isNull(value, i) || isNull(experiment, i) || (needsEpoch && isNull(epoch, i))) continue;
      rows[n++] = i;
    }
    picked.push(rows.subarray(0, n));
    total += n;
  }
  const out: Points = {
    run: new Int32Array(total),
    trial: new Int32Array(total),
    experiment: new Int32Array(total),
    epoch: new Int32Array(total),
    value: new Float64Array(total),
  };
  let at = 0;
  metrics.batches.forEach((batch, b) => {
    const run = batch.getChild('run_id')!.data[0].values as Int32Array;
    const trial = batch.getChild('trial_id')!.data[0].values as Int32Array;
    const experiment = batch.getChild('experiment_id')!.data[0].values as Int32Array;
    const epoch = batch.getChild('epoch')!.data[0].values as Int32Array;
    const value = batch.getChild('value')!.data[0].values as Float64Array;
    for (const i of picked[b]) {
      out.run[at] = run[i];
      out.trial[at] = trial[i];
      out.experiment[at] = experiment[i];
      out.epoch[at] = epoch[i];
      out.value[at] = value[i];
      at++;
    }
  });
  return out;
}

function utf8Equals(data: Data, i: number, text: Uint8Array): boolean {
  const offsets = data.valueOffsets as Int32Array;
  const start = offsets[i];
  if (offsets[i + 1] - start !== text.length) return false;
  const bytes = data.values as Uint8Array;
  for (let j = 0; j < text.length; j++) if (bytes[start + j] !== text[j]) return false;
  return true;
}

// The validity bitmap is not sliced with the data, hence the offset.
function isNull(data: Data, i: number): boolean {
  if (data.nullCount === 0) return false;
  const bit = data.offset + i;
  return (data.nullBitmap![bit >> 3] & (1 << (bit & 7))) === 0;
}

/**
 * Ids as 0..k−1 in ascending order (`keys[k]` is the id): through a lookup table when the ids
 * are dense, as AUTOINCREMENT makes them, else through a Map.
 */
function denseIndex(ids: Int32Array): { index: Int32Array; keys: Int32Array } {
  const index = new Int32Array(ids.length);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < ids.length; i++) {
    if (ids[i] < min) min = ids[i];
    if (ids[i] > max) max = ids[i];
  }
  const span = max - min + 1;
  if (!(span <= 4 * ids.length + 1024)) {
    const keys = Int32Array.from(new Set(ids)).sort();
    const position = new Map<number, number>();
    keys.forEach((id, k) => position.set(id, k));
    for (let i = 0; i < ids.length; i++) index[i] = position.get(ids[i])!;
    return { index, keys };
  }
  const table = new Int32Array(Math.max(span, 0)).fill(-1);
  for (let i = 0; i < ids.length; i++) table[ids[i] - min] = 0;
  const keys: number[] = [];
  for (let d = 0; d < span; d++) if (table[d] === 0) table[d] = keys.push(min + d) - 1;
  for (let i = 0; i < ids.length; i++) index[i] = table[ids[i] - min];
  return { index, keys: Int32Array.from(keys) };
}

/** Counting sort by group: group g's values are values[start[g]] up to values[start[g + 1]]. */
function bucket(group: Int32Array, values: Float64Array, groups: number): { start: Int32Array; values: Float64Array } {
  const start = new Int32Array(groups + 1);
  for (let i = 0; i < group.length; i++) start[group[i] + 1]++;
  for (let g = 0; g < groups; g++) start[g + 1] += start[g];
  const next = start.slice(0, groups);
  const out = new Float64Array(values.length);
  for (let i = 0; i < group.length; i++) out[next[group[i]]++] = values[i];
  return { start, values: out };
}

/** CI rows per trial (or per trial and epoch), optionally after the IQR exclusion within each group. */
function perGroupCi(p: Points, { byEpoch = false, excludeIqr = false }): number[][] {
  const trials = denseIndex(p.trial);
  // Without epochs every point is in epoch group 0.
  const epochs = denseIndex(byEpoch ? p.epoch : new Int32Array(p.epoch.length));
  const width = epochs.keys.length;
  const group = new Int32Array(p.value.length);
  for (let i = 0; i < group.length; i++) group[i] = trials.index[i] * width + epochs.index[i];
  const { start, values } = bucket(group, p.value, trials.keys.length * width);
  const rows: number[][] = [];
  for (let g = 0; g + 1 < start.length; g++) {
    let xs = values.subarray(start[g], start[g + 1]);
    if (xs.length === 0) continue;
    if (excludeIqr) xs = withinFences(xs);
    let sum = 0;
    for (let i = 0; i < xs.length; i++) sum += xs[i];
    const mean = sum / xs.length;
    let squares = 0;
    for (let i = 0; i < xs.length; i++) squares += (xs[i] - mean) * (xs[i] - mean);
    const keys = byEpoch ? [trials.keys[Math.floor(g / width)], epochs.keys[g % width]] : [trials.keys[g]];
    rows.push([...keys, ...ciStats(xs.length, mean, squares)]);
  }
  return rows;
}

/** The values inside the IQR fences (all of them when the IQR is 0); sorts `xs` in place. */
function withinFences(xs: Float64Array): Float64Array {
  xs.sort();
  const q1 = quantile(xs, 0.25);
  const q3 = quantile(xs, 0.75);
  if (q3 === q1) return xs;
  const low = q1 - IQR_K * (q3 - q1);
  const high = q3 + IQR_K * (q3 - q1);
  return xs.filter((x) => x >= low && x <= high);
}

/** numpy's default (linear) quantile of sorted values, interpolating from the nearer neighbour. */
function quantile(sorted: Float64Array, p: number): number {
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const f = position - below;
  const a = sorted[below];
  if (f === 0) return a;
  const b = sorted[below + 1];
  return f >= 0.5 ? b - (b - a) * (1 - f) : a + (b - a) * f;
}

function bestEpoch(p: Points): number[][] {
  const runs = denseIndex(p.run);
  const best = new Float64Array(runs.keys.length).fill(Infinity);
  const at = new Int32Array(runs.keys.length).fill(2 ** 31 - 1);
  for (let i = 0; i < p.value.length; i++) {
    const r = runs.index[i];
    const v = p.value[i];
    if (v < best[r] || (v === best[r] && p.epoch[i] < at[r])) {
      best[r] = v;
      at[r] = p.epoch[i];
    }
  }
  return Array.from(runs.keys, (run, r) => [run, at[r], best[r]]);
}

/** M4: per run and pixel column, the first, last, lowest and highest point (ties to the earliest epoch). */
function m4Points(p: Points, width: number, runCount: number): number[][] {
  const runs = denseIndex(p.run);
  const kept = Math.min(runCount, runs.keys.length);
  let x0 = Infinity;
  let x1 = -Infinity;
  for (let i = 0; i < p.epoch.length; i++) {
    if (runs.index[i] >= kept) continue;
    if (p.epoch[i] < x0) x0 = p.epoch[i];
    if (p.epoch[i] > x1) x1 = p.epoch[i];
  }
  // Per slot (run × column): epoch and value of each of the four points; an epoch of NONE marks an empty slot.
  const NONE = 2 ** 31 - 1;
  const slots = kept * width;
  const firstE = new Int32Array(slots).fill(NONE);
  const lastE = new Int32Array(slots).fill(-NONE);
  const lowE = new Int32Array(slots);
  const highE = new Int32Array(slots);
  const firstV = new Float64Array(slots);
  const lastV = new Float64Array(slots);
  const lowV = new Float64Array(slots).fill(Infinity);
  const highV = new Float64Array(slots).fill(-Infinity);
  const span = x1 - x0 + 1;
  for (let i = 0; i < p.value.length; i++) {
    const r = runs.index[i];
    if (r >= kept) continue;
    const e = p.epoch[i];
    const v = p.value[i];
    const s = r * width + Math.floor((width * (e - x0)) / span);
    if (e < firstE[s]) {
      firstE[s] = e;
      firstV[s] = v;
    }
    if (e > lastE[s]) {
      lastE[s] = e;
      lastV[s] = v;
    }
    if (v < lowV[s] || (v === lowV[s] && e < lowE[s])) {
      lowV[s] = v;
      lowE[s] = e;
    }
    if (v > highV[s] || (v === highV[s] && e < highE[s])) {
      highV[s] = v;
      highE[s] = e;
    }
  }
  const rows: number[][] = [];
  for (let s = 0; s < slots; s++) {
    if (firstE[s] === NONE) continue;
    const run = runs.keys[Math.floor(s / width)];
    const candidates = [firstE[s], firstV[s], lastE[s], lastV[s], lowE[s], lowV[s], highE[s], highV[s]];
    for (let c = 0; c < 8; c += 2) {
      let seen = false;
      for (let d = 0; d < c; d += 2) seen ||= candidates[d] === candidates[c] && candidates[d + 1] === candidates[c + 1];
      if (!seen) rows.push([run, candidates[c], candidates[c + 1]]);
    }
  }
  return rows;
}

function welch(experiments: Table, p: Points): number[][] {
  const ids = experiments.getChild('experiment_id')!.toArray() as Int32Array;
  const titles = experiments.getChild('title')!.toArray() as (string | null)[];
  const wanted = new Set(ids.filter((_, i) => titles[i] === WELCH_EXPERIMENT));
  const keep = (_: number, i: number) => wanted.has(p.experiment[i]);
  const trials = denseIndex(p.trial.filter(keep));
  const { start, values } = bucket(trials.index, p.value.filter(keep), trials.keys.length);
  return welchRows(Array.from(trials.keys, (trial, g) => ({ trial, values: Array.from(values.subarray(start[g], start[g + 1])) })));
}
