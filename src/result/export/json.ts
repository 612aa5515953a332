import type { Table } from 'apache-arrow';
import { analyticsResultJSON, type AnalyticsResult } from '../analytics-result.ts';
import { plainRows } from '../values.ts';

/** The rows as a JSON array of objects; non-finite numbers become null (JSON has no NaN). */
export function tableToJSON(table: Table, indent?: number): string {
  return JSON.stringify(plainRows(table), (_key, value) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), indent);
}

/** `{ rows, excluded, meta }`: the rows with the runs left out and how the numbers were made. */
export function analyticsResultToJSON(result: AnalyticsResult, indent?: number): string {
  return JSON.stringify(analyticsResultJSON(result), (_key, value) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), indent);
}
