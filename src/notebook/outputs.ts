import type { Table } from 'apache-arrow';
import type { AnalyticsResult } from '../result/analytics-result.ts';
import { rowColumnNames, type PlainValue } from '../result/values.ts';
import type { Analysis } from '../stats/analysis.ts';
import type { ChartSpec } from './chart-spec.ts';
import type { CurveExtent } from '../query/m4.ts';
import type { ResolvedQuery } from '../query/spec.ts';

/** What running a cell produced, by kind. Never saved: a reopened notebook runs again. */
export type CellOutput = SqlOutput | QueryOutput | AnalysisOutput | ChartOutput;

export interface SqlOutput {
  kind: 'sql';
  /** The rows shown (the first DISPLAY_ROWS of them). */
  table: Table;
  /** All rows of the result, also those not fetched for display. */
  rowCount: number;
  /** Whether other cells can read it as a table (false for statements that return no query result). */
  stored: boolean;
  sql: string;
  ms: number;
}

export interface QueryOutput {
  kind: 'query';
  result: AnalyticsResult;
  ms: number;
}

export interface AnalysisOutput {
  kind: 'analysis';
  analysis: Analysis;
  input: string;
  ms: number;
}

export interface ChartOutput {
  kind: 'chart';
  spec: ChartSpec;
  /** The spec's fields chosen from the input's shape rather than written in the cell. */
  chosen: string[];
  /** The columns of the data drawn: what x, y, color and facet can name. */
  columns: string[];
  /** The rows drawn; for per-run curves, none: their points are fetched at the chart's width. */
  rows: Record<string, PlainValue>[];
  /** Runs the input query's outlier rule left out, drawn marked beside the kept ones. */
  excluded: Record<string, PlainValue>[];
  curves: CurveSource | null;
  /** What the input's analysis concluded, shown beside the chart (a comparison's verdicts). */
  findings: string[];
  ms: number;
}

/** Per-run curves of a query cell, reduced in DuckDB to what the chart's width can show (M4). */
export interface CurveSource {
  query: ResolvedQuery;
  metric: string;
  /** One row per run drawn: run_id, experiment, trial, status, points (in full). */
  runs: Record<string, PlainValue>[];
  /** Points in full over all runs. */
  points: number;
  extent: CurveExtent;
}

/** A SQL cell fetches at most this many rows for its table; the count says how many there are. */
export const DISPLAY_ROWS = 200_000;

/** The columns a cell's result offers to a chart or to completion (an analysis: its first table's, unless named). */
export function outputColumns(output: CellOutput, table?: string): string[] | null {
  if (output.kind === 'sql') return output.table.schema.fields.map((field) => field.name);
  if (output.kind === 'query') return output.result.rows.schema.fields.map((field) => field.name);
  if (output.kind === 'analysis') {
    const rows = (table === undefined ? output.analysis.tables[0] : output.analysis.tables.find((each) => each.name === table))?.rows ?? [];
    return rowColumnNames(rows);
  }
  return null;
}
