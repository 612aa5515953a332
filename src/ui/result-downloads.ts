import type { AnalyticsResult } from '../result/analytics-result.ts';
import { tableToArrowFile } from '../result/export/arrow.ts';
import { tableToCSV } from '../result/export/csv.ts';
import { analyticsResultToJSON } from '../result/export/json.ts';
import { tableToParquet } from '../result/export/parquet.ts';
import type { QuerySpec } from '../query/spec.ts';
import { parquetWriter } from './parquet-writer.ts';

/** A file a query result can be saved as. */
export interface DownloadFormat {
  label: string;
  description: string;
  extension: string;
  type: string;
  write(result: AnalyticsResult): Promise<Uint8Array | string>;
}

export const DOWNLOAD_FORMATS: DownloadFormat[] = [
  { label: 'CSV', description: 'the result rows as CSV', extension: 'csv', type: 'text/csv;charset=utf-8', write: async (result) => tableToCSV(result.rows) },
  { label: 'JSON', description: 'the rows, the excluded runs and how the numbers were made, as JSON', extension: 'json', type: 'application/json', write: async (result) => analyticsResultToJSON(result, 2) },
  { label: 'Parquet', description: 'the result rows as Parquet', extension: 'parquet', type: 'application/vnd.apache.parquet', write: async (result) => tableToParquet(result.rows, await parquetWriter()) },
  { label: 'Arrow', description: 'the result rows as an Arrow IPC file', extension: 'arrow', type: 'application/vnd.apache.arrow.file', write: async (result) => tableToArrowFile(result.rows) },
];

const MAX_NAME_LENGTH = 80;

/** A download's name from what it holds: the spec's title, else its metrics and groups (`test-acc-by-trial`). */
export function resultFileName(spec: QuerySpec, extension: string): string {
  const metrics = [spec.metrics?.names ?? []].flat().join(' ') || (spec.metrics?.level ?? '');
  const groups = [spec.group_by ?? []].flat().join(' ');
  const name = slug(spec.title ?? '') || slug(groups && metrics ? `${metrics} by ${groups}` : metrics) || 'query-result';
  return `${name}.${extension}`;
}

/** Lower-case words joined by hyphens, cut at a word boundary; letters of any script survive. */
function slug(text: string): string {
  const words = text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  let name = '';
  for (const word of words) {
    const next = name ? `${name}-${word}` : word;
    if (next.length > MAX_NAME_LENGTH) break;
    name = next;
  }
  return name || (words[0] ?? '').slice(0, MAX_NAME_LENGTH);
}
