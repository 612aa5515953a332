import { tableToIPC, type Table } from 'apache-arrow';
import type { AnalyticsConfig } from '../config/analytics-config.ts';
import { CELL_SCHEMA, EngineError, type Engine } from '../engine/engine.ts';
import { qualified } from '../ingest/sql.ts';
import type { Cell } from '../notebook/document.ts';
import { sqlStatementCount } from '../notebook/sql-references.ts';
import { DISPLAY_ROWS, type CellOutput } from '../notebook/outputs.ts';
import type { Catalog } from '../query/catalog.ts';
import { Problems, QuerySpecError } from '../query/problems.ts';
import { runQuery } from '../query/run.ts';
import { parseQueryYAML, parseSpecMapping } from '../query/yaml.ts';
import { resolveAnalyses, runAnalyses } from '../stats/registry.ts';
import { chartData } from './chart-data.ts';

export interface CellContext {
  /** Every statement it runs stops when the cell is cancelled (see withSignal). */
  engine: Engine;
  catalog: Catalog;
  config?: AnalyticsConfig;
  /** The outputs of the cells this cell reads, by lower-case name. */
  inputs: Map<string, { cell: Cell; output: CellOutput }>;
}

/** A problem with what a cell asks for, in words for its author (not an engine failure). */
export class CellError extends Error {
  override name = 'CellError';
}

/** Runs one cell. A SQL or query cell's result becomes table `cells.<name>` for the cells after it. */
export async function runCell(cell: Cell, context: CellContext): Promise<CellOutput | null> {
  const started = performance.now();
  const ms = () => performance.now() - started;
  switch (cell.kind) {
    case 'markdown':
      return null;
    case 'sql':
      return { ...(await runSql(cell, context)), ms: ms() };
    case 'query': {
      await dropStored(context.engine, cell.name);
      const result = await runQuery(context.engine, parseQueryYAML(cell.source), { catalog: context.catalog, config: context.config });
      await store(context.engine, cell.name, result.rows);
      return { kind: 'query', result, ms: ms() };
    }
    case 'analysis':
      return { ...(await runAnalysisCell(cell, context)), ms: ms() };
    case 'chart': {
      const raw = parseSpecMapping(cell.source, {
        empty: 'the chart is empty; write input: <a cell>; the chart is chosen from its shape, or set mark, x and y',
        notMapping: 'a chart is a mapping: input: <a cell>, then optionally mark, x, y, color, facet',
      });
      return { ...(await chartData(raw, inputOf(raw.input, context.inputs), context.engine)), ms: ms() };
    }
  }
}

async function runSql(cell: Cell, { engine, inputs }: CellContext) {
  const sql = cell.source.trim().replace(/;+\s*$/, '');
  if (!sql) throw new CellError('The cell has no SQL yet. Write a query such as SELECT * FROM runs LIMIT 10, then press Shift+Enter.');
  for (const { cell: input } of inputs.values()) {
    if (input.kind !== 'sql' && input.kind !== 'query') throw new CellError(`${input.name} is ${input.kind === 'analysis' ? 'an analysis' : `a ${input.kind}`} cell, which has no table for SQL to read; SQL reads the snapshot's tables and the results of SQL and query cells.`);
  }
  const table = qualified(CELL_SCHEMA, cell.name);
  await engine.query(`DROP TABLE IF EXISTS ${table}`);
  // Not one query (several statements, SHOW, DESCRIBE, PRAGMA): run it as written; nothing is stored.
  const asWritten = async () => {
    const result = await engine.query(sql);
    return { kind: 'sql' as const, table: result, rowCount: result.numRows, stored: false, sql };
  };
  if (sqlStatementCount(sql) > 1) return asWritten();
  try {
    await engine.query(`CREATE TABLE ${table} AS ${sql}`);
  } catch (error) {
    if (!(error instanceof EngineError && /^Parser Error/.test(error.message))) throw error;
    return asWritten();
  }
  const shown = await engine.query(`SELECT * FROM ${table} LIMIT ${DISPLAY_ROWS}`);
  const rowCount = shown.numRows < DISPLAY_ROWS ? shown.numRows : Number((await engine.query(`SELECT count(*)::DOUBLE AS n FROM ${table}`)).get(0)!.n);
  return { kind: 'sql' as const, table: shown, rowCount, stored: true, sql };
}

async function runAnalysisCell(cell: Cell, { engine, catalog, config, inputs }: CellContext) {
  const { input, ...processor } = parseSpecMapping(cell.source, {
    empty: 'the analysis is empty; write input: <a query cell> and one processor, e.g. compare: { by: trial }',
    notMapping: 'an analysis is a mapping: input: <a query cell>, then one processor such as compare: { by: trial }',
  });
  const source = inputOf(input, inputs);
  if (source.output.kind !== 'query') throw new QuerySpecError([{ path: 'input', message: `${source.cell.name} is a ${source.cell.kind} cell; an analysis runs over the runs of a query cell` }]);
  const query = source.output.result.meta.query;
  const problems = new Problems();
  const analyses = resolveAnalyses(processor, problems, query, catalog, config?.processors);
  if (Object.keys(processor).length === 0) problems.add('(spec)', 'name one processor after input:, e.g. compare: { by: trial } (processors: statistics, outliers, compare, failures, curves)');
  // The registry reads an `analyze:` list; here the processor is the cell's own top-level key.
  if (problems.list.length) throw new QuerySpecError(problems.list.map((p) => ({ ...p, path: p.path.replace(/^analyze\.?/, '') || '(spec)' })));
  const [analysis] = await runAnalyses({ engine, query, catalog }, analyses);
  return { kind: 'analysis' as const, analysis, input: source.cell.name };
}

function inputOf(input: unknown, inputs: CellContext['inputs']): { cell: Cell; output: CellOutput } {
  if (typeof input !== 'string' || !input.trim()) throw new QuerySpecError([{ path: 'input', message: 'name the cell whose result this reads, e.g. input: per_trial' }]);
  const found = inputs.get(input.trim().toLowerCase());
  // The scheduler runs a cell only after its inputs succeeded, so this means the input is a markdown cell.
  if (!found) throw new QuerySpecError([{ path: 'input', message: `${input} has no result to read` }]);
  return found;
}

async function dropStored(engine: Engine, name: string): Promise<void> {
  await engine.query(`DROP TABLE IF EXISTS ${qualified(CELL_SCHEMA, name)}`);
}

/** A query's rows as a table later cells can read (`FROM per_trial`). */
async function store(engine: Engine, name: string, rows: Table): Promise<void> {
  await engine.insertArrow({ schema: CELL_SCHEMA, name }, tableToIPC(rows, 'stream'));
}
