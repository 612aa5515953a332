import { ident, literal as quote } from '../ingest/sql.ts';

/**
 * Small SQL pieces the compiler is built from. Every user-given name passes through `literal`
 * (or `ident` for a column alias), every number through `num`; nothing else reaches SQL.
 */
export { ident };

/** DuckDB's parser ends the statement at a NUL byte (SQLite text may hold one), so NULs are spliced in with chr(0). */
export function literal(value: string): string {
  if (!value.includes('\0')) return quote(value);
  return `(${value.split('\0').map(quote).join(' || chr(0) || ')})`;
}

export function num(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  return `${value}::DOUBLE`;
}

export function intLiteral(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`not an integer: ${value}`);
  return String(value);
}

export function inList(expression: string, values: (string | number)[]): string {
  const items = values.map((v) => (typeof v === 'number' ? intLiteral(v) : literal(v)));
  return `${expression} IN (${items.join(', ')})`;
}

/** A SELECT with named parts; absent parts are left out. */
export interface Select {
  select: string[];
  /** Absent for a SELECT of scalar subqueries. */
  from?: string;
  where?: string[];
  groupBy?: string[];
  orderBy?: string[];
  limit?: number | null;
}

export function renderSelect(q: Select, indent = ''): string {
  const lines = [`SELECT ${q.select.join(`,\n${indent}       `)}`];
  if (q.from) lines.push(`FROM ${q.from}`);
  if (q.where?.length) lines.push(`WHERE ${q.where.join(`\n${indent}  AND `)}`);
  if (q.groupBy?.length) lines.push(`GROUP BY ${q.groupBy.join(', ')}`);
  if (q.orderBy?.length) lines.push(`ORDER BY ${q.orderBy.join(', ')}`);
  if (q.limit !== undefined && q.limit !== null) lines.push(`LIMIT ${intLiteral(q.limit)}`);
  return lines.join(`\n${indent}`);
}

/** `WITH a AS (…), b AS (…) <main>`: the one statement a query compiles to. */
export function renderWith(ctes: [string, Select][], main: Select, options: { materialize?: string[] } = {}): string {
  if (!ctes.length) return renderSelect(main);
  // A materialised CTE is computed once however often the statement reads it.
  const as = (name: string) => (options.materialize?.includes(name) ? 'AS MATERIALIZED' : 'AS');
  const body = ctes.map(([name, q]) => `${name} ${as(name)} (\n  ${renderSelect(q, '  ')}\n)`).join(',\n');
  return `WITH ${body}\n${renderSelect(main)}`;
}
