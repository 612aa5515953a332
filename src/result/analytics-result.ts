import type { Table } from 'apache-arrow';
import type { QuerySpec, ResolvedQuery } from '../query/spec.ts';
import type { Analysis } from '../stats/analysis.ts';
import { plainRows, type PlainValue } from './values.ts';

/** A run the query left out, with the rule, its value and the bound it crossed. */
export interface ExcludedRun {
  run_id: number;
  experiment: string;
  trial: string;
  metric: string;
  value: number;
  rule: string;
  threshold: number | null;
  lower: number | null;
  upper: number | null;
  bound: number;
  score: number | null;
  reason: string;
}

export interface QueryStep {
  step: string;
  rows: number;
}

export interface AnalyticsMeta {
  title: string | null;
  spec: QuerySpec;
  query: ResolvedQuery;
  sql: string;
  diagnostics_sql: string;
  /** Counts in pipeline order: runs, runs in scope, values, per-run values, kept, result rows. */
  steps: QueryStep[];
  /** Plain-language facts a reader of the numbers needs: missing values, flat partitions, empty CIs. */
  notes: string[];
  timing_ms: { resolve: number; query: number; diagnostics: number; analyses: number; total: number };
}

export interface AnalyticsResult {
  rows: Table;
  excluded: ExcludedRun[];
  /** What the spec's `analyze:` processors found, in the order listed. */
  analyses: Analysis[];
  meta: AnalyticsMeta;
}

/** The JSON form `trialbook run --format json` prints: rows as plain objects, full precision. */
export function analyticsResultJSON(result: AnalyticsResult): { rows: Record<string, PlainValue>[]; excluded: ExcludedRun[]; analyses: Analysis[]; meta: AnalyticsMeta } {
  return { rows: plainRows(result.rows), excluded: result.excluded, analyses: result.analyses, meta: result.meta };
}
