import { ifNotIn, type CompletionResult, type CompletionSource } from '@codemirror/autocomplete';
import { PostgreSQL, keywordCompletionSource, schemaCompletionSource, type SQLConfig } from '@codemirror/lang-sql';

/** What SQL can name: the canonical tables and other cells' results with their columns, and the metrics. */
export interface SqlSchema {
  /** Table → columns: the canonical tables, and the cells before this one by name. */
  tables: Record<string, string[]>;
  metricNames: string[];
}

/** DuckDB's SQL is closest to PostgreSQL's: its keywords, `::` casts and dollar quotes. */
export const SQL_DIALECT = PostgreSQL;

export function sqlCompletionConfig(schema: SqlSchema): SQLConfig {
  return { dialect: SQL_DIALECT, schema: schema.tables, upperCaseKeywords: true };
}

/**
 * Every completion an SQL cell offers: tables and columns, keywords, and metric names inside
 * a '…' string (`WHERE metric = 'te` → test_acc). They replace the language's own sources.
 */
export function sqlCompletion(schema: SqlSchema): CompletionSource[] {
  const config = sqlCompletionConfig(schema);
  return [
    // Names of tables are no use inside a string or a comment.
    ifNotIn(['String', 'LineComment', 'BlockComment'], schemaCompletionSource(config)),
    keywordCompletionSource(SQL_DIALECT, config.upperCaseKeywords),
    (context) => metricInString(context.state.doc.toString(), context.pos, schema.metricNames),
  ];
}

/** Metric names when `pos` is inside a single-quoted string, replacing what is typed of it. */
export function metricInString(text: string, pos: number, metricNames: string[]): CompletionResult | null {
  const start = stringStart(text, pos);
  if (start === null || !metricNames.length) return null;
  const end = /^[^'\n]*/.exec(text.slice(pos))![0].length;
  return { from: start, to: pos + end, options: [...new Set(metricNames)].map((label) => ({ label, type: 'constant', detail: 'metric' })) };
}

/** Where the '…' string around `pos` starts (after its quote), or null outside one. */
function stringStart(text: string, pos: number): number | null {
  let open: number | null = null;
  for (let i = 0; i < pos; i++) {
    const char = text[i];
    if (open !== null) {
      // '' is a quote inside the string; a line break ends it for completion's sake.
      if (char === "'" && text[i + 1] === "'" && i + 1 < pos) i++;
      else if (char === "'" || char === '\n') open = null;
    } else if (char === "'") {
      open = i + 1;
    } else if (char === '"') {
      const close = text.indexOf('"', i + 1);
      i = close === -1 ? pos : close;
    } else if (char === '-' && text[i + 1] === '-') {
      const close = text.indexOf('\n', i);
      i = close === -1 ? pos : close;
    } else if (char === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close === -1 ? pos : close + 1;
    }
  }
  return open;
}
