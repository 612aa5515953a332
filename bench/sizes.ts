import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { GenerateOptions } from '../src/sample/generate.ts';

/** Snapshot sizes, named by their METRIC row count. */
export const SIZES = { '100k': 100_000, '1m': 1_000_000, '10m': 10_000_000 } as const;
export type SizeLabel = keyof typeof SIZES;

export const isSizeLabel = (label: string): label is SizeLabel => Object.hasOwn(SIZES, label);

/** 4 experiments × 10 trials × seeds × epochs × metrics, 10% of runs crash. */
export const generateOptions = (label: SizeLabel): GenerateOptions => ({
  seed: 7,
  experiments: 4,
  trialsPerExperiment: 10,
  failureRate: 0.1,
  targetMetricRows: SIZES[label],
});

export const OUT = resolve(import.meta.dirname, 'out');

/** Where one size's inputs live; the key changes whenever the generator's code or options do. */
export function dataFiles(label: SizeLabel) {
  const dir = join(OUT, 'data', label);
  return {
    dir,
    key: join(dir, 'key.txt'),
    sqlite: join(dir, 'tracker.db'),
    parquet: join(dir, 'metrics.parquet'),
    /** Written by the Trialbook run: the canonical tables the native and plain-JS peers read. */
    canonical: join(dir, 'canonical'),
    /** Written by the Trialbook run: the exact SQL it ran per workload, for native DuckDB. */
    statements: join(dir, 'statements.json'),
  };
}

export function generatorKey(label: SizeLabel): string {
  return snapshotKey(generateOptions(label));
}

/** Changes whenever the options or the generator's code do: a cached snapshot is made again. */
export function snapshotKey(options: GenerateOptions): string {
  const hash = createHash('sha256').update(JSON.stringify(options));
  for (const file of ['generate.ts', 'writer.ts', 'schema.ts']) hash.update(readFileSync(resolve(import.meta.dirname, '../src/sample', file)));
  return hash.digest('hex').slice(0, 16);
}

export const CANONICAL_TABLES = ['experiments', 'trials', 'runs', 'metrics'] as const;
