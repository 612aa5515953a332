import type { PlainValue } from '../result/values.ts';

/**
 * What a notebook report is written from. The UI gathers it from the open notebook; the writers
 * here only read it, so a report in any format says the same things.
 */
export interface Report {
  /** The notebook's title. */
  title: string;
  /** The snapshot file name(s) the notebook ran on; null before any snapshot is open. */
  snapshot: string | null;
  createdAt: Date;
  cells: ReportCell[];
}

/** A result table as shown; rows may be fewer than totalRows when the caller cut it. */
export interface ReportTable {
  title: string;
  columns: string[];
  rows: PlainValue[][];
  totalRows: number;
}

/** A chart as serialised SVG (and optionally a PNG of it); fileStem names its files beside a Markdown report. */
export interface ReportChart {
  title: string;
  fileStem: string;
  svg: string;
  png?: Uint8Array;
  width: number;
  height: number;
  caption?: string;
}

export interface ReportCell {
  name: string;
  kind: 'markdown' | 'sql' | 'query' | 'analysis' | 'chart';
  /** The cell's text: markdown source, SQL, or YAML. */
  source: string;
  /** Markdown cells: HTML the caller has already sanitised (src/ui/markdown.ts renderMarkdown). */
  markdownHtml?: string;
  status: 'done' | 'failed' | 'not run';
  /** Failed cells: the message. */
  error?: string;
  /** E.g. "60 rows in 12 ms". */
  summary?: string;
  /** Analysis cells: their conclusions in words. */
  findings: string[];
  notes: string[];
  tables: ReportTable[];
  charts: ReportChart[];
}
