/**
 * The query spec: a plain, serialisable object (written as YAML in queries/*.yaml, or built by the
 * fluent API) and the resolved form the compiler reads, with defaults filled in and names checked
 * against the snapshot.
 */
export const LEVELS = ['results', 'epoch', 'batch'] as const;
export type Level = (typeof LEVELS)[number];

export const PER_RUN_SUMMARIES = ['last', 'first', 'min', 'max', 'mean', 'best'] as const;
export type PerRunSummary = (typeof PER_RUN_SUMMARIES)[number];
export type PerRun = PerRunSummary | { epoch: number };

export const OUTLIER_METHODS = ['iqr', 'zscore', 'modified_zscore', 'custom'] as const;
export type OutlierMethod = (typeof OUTLIER_METHODS)[number];
export const OUTLIER_PARTITIONS = ['all', 'experiment', 'trial'] as const;
export type OutlierPartition = (typeof OUTLIER_PARTITIONS)[number];
export const DEFAULT_THRESHOLD: Record<Exclude<OutlierMethod, 'custom'>, number> = { iqr: 1.5, zscore: 3, modified_zscore: 3.5 };

export const GROUP_KEYS = ['experiment', 'trial', 'run', 'status', 'epoch', 'batch'] as const;
export const SIMPLE_AGGREGATES = ['count', 'runs', 'mean', 'std', 'var', 'sem', 'median', 'min', 'max', 'sum'] as const;
export const DEFAULT_AGGREGATES = ['count', 'mean', 'std', 'ci95'];

/** What a user writes. Every field is optional except the metric names or level. */
export interface QuerySpec {
  title?: string;
  description?: string;
  experiments?: { ids?: number[]; names?: string[]; started?: { from?: string; to?: string } };
  trials?: { ids?: number[]; names?: string[]; exclude?: string[] };
  runs?: { ids?: number[]; status?: string[] | 'any' };
  metrics?: { names?: string[]; level?: Level; higher_is_better?: boolean | Record<string, boolean> };
  per_run?: PerRun;
  exclude_outliers?: {
    metric?: string;
    method: OutlierMethod;
    threshold?: number;
    lower?: number;
    upper?: number;
    within?: OutlierPartition;
  };
  group_by?: string[];
  aggregate?: (string | { ci: number })[];
  order_by?: string[];
  limit?: number;
  /** Processors run over the query's runs: `- compare: { metric: test_acc, by: trial }`. */
  analyze?: Record<string, Record<string, unknown> | null>[];
}

export type GroupKey = { kind: (typeof GROUP_KEYS)[number] } | { kind: 'param'; key: string };

export type Aggregate =
  | { kind: (typeof SIMPLE_AGGREGATES)[number]; column: string }
  | { kind: 'quantile'; column: string; p: number }
  | { kind: 'ci'; column: string; confidence: number };

export interface OutlierRule {
  metric: string;
  method: OutlierMethod;
  /** k for iqr, the score limit for zscore and modified_zscore; null for custom. */
  threshold: number | null;
  lower: number | null;
  upper: number | null;
  within: OutlierPartition;
}

/** The spec with defaults filled in and every name checked; what the compiler reads. */
export interface ResolvedQuery {
  experiments: { ids: number[]; names: string[]; from: string | null; to: string | null };
  trials: { ids: number[]; names: string[]; exclude: string[] };
  runs: { ids: number[]; status: string[] | null };
  metrics: { names: string[]; level: Level; lowerIsBetter: string[] };
  perRun: PerRun | null;
  outliers: OutlierRule | null;
  groupBy: GroupKey[];
  aggregates: Aggregate[];
  orderBy: { column: string; descending: boolean }[];
  limit: number | null;
}

export function isGrouped(query: ResolvedQuery): boolean {
  return query.groupBy.length > 0 || query.aggregates.length > 0;
}

/** Metrics whose name says loss or error are better when lower (best = min). */
export function lowerIsBetterByName(metric: string): boolean {
  return /(^|[^a-z])(loss|error|err|mse|mae|rmse|perplexity|ppl|wer|cer)([^a-z]|$)/i.test(metric);
}
