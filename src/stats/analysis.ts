import type { Engine } from '../engine/engine.ts';
import type { Catalog } from '../query/catalog.ts';
import type { Problems } from '../query/problems.ts';
import type { ResolvedQuery } from '../query/spec.ts';
import type { PlainValue } from '../result/values.ts';

/** What a processor returns: small tables, and what they mean in words. */
export interface Analysis {
  processor: string;
  title: string;
  /** The options after defaults, so a reader knows exactly what was computed. */
  options: Record<string, unknown>;
  tables: AnalysisTable[];
  /** Plain-language conclusions, most important first. */
  findings: string[];
  /** Why something could not be computed (too few values, zero variance, …). */
  notes: string[];
}

export interface AnalysisTable {
  name: string;
  rows: Record<string, PlainValue>[];
}

export interface ProcessorContext {
  engine: Engine;
  /** The query the analysis belongs to: its scope (filters, per-run summary, outlier rule). */
  query: ResolvedQuery;
  catalog: Catalog;
  /** Inputs fetched for one processor and reused by the next (statistics and compare of one metric). */
  inputs: Map<string, Promise<unknown>>;
}

/** A processor validates its options (reporting problems at their paths) and then runs. */
export interface Processor<Options> {
  name: string;
  resolve(raw: Record<string, unknown>, path: string, problems: Problems, query: ResolvedQuery, catalog: Catalog): Options;
  run(context: ProcessorContext, options: Options): Promise<Analysis>;
}
