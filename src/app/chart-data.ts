import { DataType, type Table } from 'apache-arrow';
import type { Engine } from '../engine/engine.ts';
import { chooseChart, type ChartInput } from '../notebook/chart-choice.ts';
import { CHART_MARKS, resolveChartSpec, type ChartMark } from '../notebook/chart-spec.ts';
import type { Cell } from '../notebook/document.ts';
import type { ChartOutput, CellOutput, CurveSource } from '../notebook/outputs.ts';
import { compileCurveRuns } from '../query/m4.ts';
import { QuerySpecError } from '../query/problems.ts';
import { compileRunValues } from '../query/run-values.ts';
import type { GroupKey, ResolvedQuery } from '../query/spec.ts';
import { didYouMean } from '../query/suggest.ts';
import { plainRows, rowColumnNames, type PlainValue } from '../result/values.ts';

type Rows = Record<string, PlainValue>[];
type ChartData = Omit<ChartOutput, 'ms'>;

/**
 * What a chart cell draws from its input. A query cell gives its result rows, or, when the chart
 * is a box plot or per-run curves (chosen or written), its runs: one value per run with the
 * excluded runs beside them, or each run's curve, fetched later at the chart's width.
 */
export async function chartData(raw: Record<string, unknown>, input: { cell: Cell; output: CellOutput }, engine: Engine): Promise<ChartData> {
  const { output } = input;
  const wanted = (CHART_MARKS as readonly unknown[]).includes(raw.mark) ? (raw.mark as ChartMark) : undefined;
  if (output.kind === 'query') {
    const query = output.result.meta.query;
    const ungrouped = query.groupBy.length === 0 && query.aggregates.length === 0;
    if (wanted === 'box' || wanted === 'runs' || (wanted === undefined && ungrouped)) return queryRunsChart(raw, wanted, output, engine);
    return drawn(raw, wanted, { kind: 'query', columns: arrowColumns(output.result.rows) }, plainRows(output.result.rows));
  }
  if (output.kind === 'sql') return drawn(raw, wanted, { kind: 'sql', columns: arrowColumns(output.table) }, plainRows(output.table));
  if (output.kind === 'analysis') {
    const { tables, processor, findings } = output.analysis;
    const table = raw.table === undefined || raw.table === null ? tables[0] : tables.find((each) => each.name === raw.table);
    if (!table) throw new QuerySpecError([{ path: 'table', message: `the analysis has no table '${String(raw.table)}'${didYouMean(String(raw.table), tables.map((each) => each.name)) || `; it has ${tables.map((each) => each.name).join(', ')}`}` }]);
    const shape: ChartInput = { kind: 'analysis', processor, table: table.name, columns: rowColumns(table.rows) };
    return { ...drawn(raw, wanted, shape, table.rows), findings };
  }
  throw new QuerySpecError([{ path: 'input', message: 'a chart draws the rows of a SQL, query or analysis cell' }]);
}

function drawn(raw: Record<string, unknown>, wanted: ChartMark | undefined, shape: ChartInput, rows: Rows, extra: Partial<ChartData> = {}): ChartData {
  const chosen = chooseChart(shape, wanted);
  const spec = resolveChartSpec(raw, shape.columns.map((column) => column.name), chosen);
  return {
    kind: 'chart',
    spec,
    chosen: Object.keys(chosen).filter((key) => raw[key] === undefined || raw[key] === null),
    columns: shape.columns.map((column) => column.name),
    rows,
    excluded: [],
    curves: null,
    findings: [],
    ...extra,
  };
}

async function queryRunsChart(raw: Record<string, unknown>, wanted: ChartMark | undefined, output: Extract<CellOutput, { kind: 'query' }>, engine: Engine): Promise<ChartData> {
  const query = output.result.meta.query;
  const metric = chartMetric(raw.metric, query);
  const level = query.metrics.level;
  const curves = wanted === 'runs' || (wanted === undefined && level === 'epoch' && query.perRun === null);
  if (curves) {
    if (level !== 'epoch') throw new QuerySpecError([{ path: 'mark', message: `per-run curves are drawn over epochs, and ${output.result.meta.title ?? 'this query'} reads ${level}-level metrics; choose box, or read metrics at level: epoch` }]);
    if (query.perRun !== null) throw new QuerySpecError([{ path: 'mark', message: `per-run curves need every epoch, and this query keeps one value per run (per_run: ${typeof query.perRun === 'string' ? query.perRun : `{ epoch: ${query.perRun.epoch} }`}); choose box, or leave per_run out` }]);
    const runs = plainRows(await engine.query(compileCurveRuns(query, metric)));
    const source: CurveSource = { query, metric, runs, points: sum(runs, 'points'), extent: curveExtent(runs) };
    const columns = [['run_id', true], ['epoch', true], ['value', true], ['experiment', false], ['trial', false], ['status', false]] as const;
    const shape: ChartInput = { kind: 'query-runs', level, columns: columns.map(([name, numeric]) => ({ name, numeric })) };
    return drawn(raw, 'runs', shape, [], { curves: source });
  }
  const values = await engine.query(compileRunValues(query, metric, boxGroups(query)));
  const rows = plainRows(values).filter((row) => row.value !== null);
  const excluded = output.result.excluded.filter((run) => run.metric === metric).map((run) => ({ ...run }) as Rows[number]);
  const shape: ChartInput = { kind: 'query-runs', level, columns: arrowColumns(values) };
  return drawn(raw, wanted ?? 'box', shape, rows, { excluded });
}

function sum(rows: Rows, column: string): number {
  return rows.reduce((total, row) => total + Number(row[column]), 0);
}

function curveExtent(runs: Rows): CurveSource['extent'] {
  if (runs.length === 0) return { x0: 0, x1: 0, repeated: false };
  return {
    x0: runs.reduce((least, run) => Math.min(least, Number(run.first_epoch)), Infinity),
    x1: runs.reduce((most, run) => Math.max(most, Number(run.last_epoch)), -Infinity),
    repeated: runs.some((run) => run.points !== run.epochs),
  };
}

/** The groups a box plot of a query's runs is split by: the query's own, else its trials. */
function boxGroups(query: ResolvedQuery): GroupKey[] {
  const keys = query.groupBy.filter((key) => key.kind !== 'epoch' && key.kind !== 'batch' && key.kind !== 'run');
  return keys.length ? keys : [{ kind: 'trial' }];
}

function chartMetric(given: unknown, query: ResolvedQuery): string {
  const names = query.metrics.names;
  if (given === undefined || given === null) return names[0];
  if (typeof given === 'string' && names.includes(given)) return given;
  throw new QuerySpecError([{ path: 'metric', message: `the query reads ${names.join(', ')}, not '${String(given)}'${didYouMean(String(given), names)}` }]);
}

function arrowColumns(table: Table): ChartInput['columns'] {
  return table.schema.fields.map((field) => ({ name: field.name, numeric: DataType.isFloat(field.type) || DataType.isInt(field.type) || DataType.isDecimal(field.type) }));
}

function rowColumns(rows: Rows): ChartInput['columns'] {
  const names = rowColumnNames(rows);
  return names.map((name) => ({ name, numeric: rows.some((row) => typeof row[name] === 'number') && rows.every((row) => row[name] === null || row[name] === undefined || typeof row[name] === 'number') }));
}
