import type { Engine } from '../engine/engine.ts';
import type { ChunkSink, ProgressListener } from './chunks.ts';
import { refuseDuplicateKeys } from './duplicates.ts';
import type { ExtractSummary, SnapshotLayout } from './extract.ts';
import { FLAT_TABLE, foldFlatChunk, modelFromFlatTable } from './flat.ts';
import { fileSize, hostedReports, type HostedReport, type RangeStats } from './hosted.ts';
import { dropBuilt, metricValuesFromTables, modelFromRawTables, swapInBuilt } from './model.ts';
import type { NamedFile } from './parquet.ts';
import { fillParams } from './params/build.ts';
import { splitParamsFiles } from './params/files.ts';
import { parseParamsFile } from './params/parse.ts';
import { ident, literal } from './sql.ts';
import { MODELLED_OPTIONAL_COLUMNS, SnapshotError } from './tables.ts';
import { checkSnapshot } from './warnings.ts';

export type LoadPhase = 'extracting' | 'building' | 'done';

export interface LoadProgress {
  phase: LoadPhase;
  table?: string;
  rowsDone?: number;
  rowsTotal?: number;
  /** While a hosted file is read by range requests: its bytes so far. */
  ranged?: RangeStats;
}

/** Produces raw chunks from files: in-process in Node, in a worker in the browser. */
export type Extractor = (files: NamedFile[], sink: ChunkSink, onProgress: ProgressListener, signal?: AbortSignal) => Promise<ExtractSummary>;

/** The user stopped a load; like a failed one, it replaced nothing. */
export class LoadCancelledError extends Error {
  override name = 'LoadCancelledError';
  constructor() {
    super('You cancelled it; nothing was replaced.');
  }
}

export interface LoadReport {
  /** Every file given: the snapshot's, then the params files. */
  files: string[];
  /** The params files among them (none: params were parsed from the trial names). */
  paramsFiles: string[];
  layout: SnapshotLayout;
  bytes: number;
  rawRows: Record<string, number>;
  metricRows: number;
  seconds: { extract: number; model: number; total: number };
  warnings: string[];
  /** How each hosted Parquet file was read: by range requests, or downloaded whole and why. */
  hosted: HostedReport[];
}

let loads = 0;

/**
 * Loads a snapshot into the canonical tables. Raw tables go to a staging schema and the new
 * canonical tables are built beside the open ones (model.ts `built`); they replace them in one
 * transaction only when everything succeeded, so a bad file leaves the snapshot already loaded
 * untouched.
 */
export async function loadSnapshot(engine: Engine, files: NamedFile[], extract: Extractor, onProgress: (progress: LoadProgress) => void = () => {}, signal?: AbortSignal): Promise<LoadReport> {
  const started = performance.now();
  // Counted first: the browser hands the bytes over to its reader worker.
  const bytes = files.reduce((sum, file) => sum + fileSize(file), 0);
  // Params files are small text: read them first, so a broken one fails before a big snapshot is read.
  const { snapshot, params } = splitParamsFiles(files);
  const documents = params.map(parseParamsFile);
  const names = [...snapshot, ...params].map((file) => file.name);
  const staging = `staging_${++loads}`;
  const created = new Set<string>();
  await engine.query(`CREATE SCHEMA ${ident(staging)}`);
  try {
    const flatRows = { folded: 0, columns: new Set<string>() };
    const sink: ChunkSink = async ({ table, ipc, rows }) => {
      if (signal?.aborted) throw new LoadCancelledError();
      await engine.insertArrow({ schema: staging, name: table, append: table !== FLAT_TABLE && created.has(table) }, ipc);
      if (table === FLAT_TABLE) {
        if (!created.has(table)) flatRows.columns = await columnsOf(engine, staging, table);
        for (const statement of foldFlatChunk(staging, flatRows.columns, flatRows.folded, !created.has(table))) await modelStep(() => engine.query(statement));
        flatRows.folded += rows;
      }
      created.add(table);
    };
    const summary = await extract(snapshot, sink, (progress) => onProgress({ phase: 'extracting', ...progress }), signal).catch((error: unknown) => {
      // Stopped requests of a file read by ranges fail with the fetch's own AbortError.
      throw signal?.aborted ? new LoadCancelledError() : error;
    });
    const stopped = () => {
      if (signal?.aborted) throw new LoadCancelledError();
    };
    stopped();
    const extracted = performance.now();
    onProgress({ phase: 'building' });
    if (summary.layout !== 'parquet-flat') await refuseDuplicateKeys(engine, staging, snapshot.map((file) => file.name).join(', '));
    const statements =
      summary.layout === 'parquet-flat'
        ? modelFromFlatTable(staging, flatRows.columns)
        : [
            ...(await addMissingOptionalColumns(engine, staging)),
            ...(summary.layout === 'parquet-tables' ? metricValuesFromTables(staging) : []),
            ...modelFromRawTables(staging),
          ];
    // Until the swap nothing of the open snapshot has changed, so Cancel still stops the load.
    for (const statement of statements) {
      stopped();
      await modelStep(() => engine.query(statement));
    }
    const paramWarnings = await modelStep(() => fillParams(engine, documents));
    stopped();
    await modelStep(() => swapIn(engine));
    const { metricRows, warnings } = await checkSnapshot(engine, staging, summary);
    const finished = performance.now();
    onProgress({ phase: 'done' });
    return {
      files: names,
      paramsFiles: params.map((file) => file.name),
      layout: summary.layout,
      bytes,
      rawRows: summary.rows,
      metricRows,
      seconds: { extract: (extracted - started) / 1000, model: (finished - extracted) / 1000, total: (finished - started) / 1000 },
      warnings: [...warnings, ...paramWarnings],
      hosted: hostedReports(snapshot, summary.ranged ?? []),
    };
  } catch (error) {
    // Tables left behind only cost memory; failing here would hide the load's own outcome.
    for (const statement of dropBuilt()) await engine.query(statement).catch(() => undefined);
    throw error;
  } finally {
    await engine.query(`DROP SCHEMA IF EXISTS ${ident(staging)} CASCADE`).catch(() => undefined);
  }
}

/** A step of building the model; its failure is the snapshot's, in words. */
async function modelStep<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw new SnapshotError(modelFailure(error instanceof Error ? error.message.split('\n')[0] : String(error)));
  }
}

/** The built tables replace the open snapshot's all at once: renames, which cost no memory. */
async function swapIn(engine: Engine): Promise<void> {
  await engine.query('BEGIN TRANSACTION');
  try {
    for (const statement of swapInBuilt()) await engine.query(statement);
    await engine.query('COMMIT');
  } catch (error) {
    await engine.query('ROLLBACK');
    throw error;
  }
}

/** Why the model could not be built, and what to do when the cause is the engine's memory. */
export function modelFailure(reason: string): string {
  const failure = `the snapshot's tables could not be combined into Trialbook's model: ${reason}. Nothing was replaced; the snapshot loaded before is still open.`;
  if (!/out of memory/i.test(reason)) return failure;
  return `${failure} The snapshot needs more memory than the engine has (about 3 GB, a browser limit for WebAssembly). A snapshot of 10M metric values fits; for more, open an export of fewer experiments, or one without batch metrics (often most of the rows).`;
}

async function columnsOf(engine: Engine, staging: string, table: string): Promise<Set<string>> {
  const found = await engine.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = ${literal(staging)} AND table_name = ${literal(table)}`);
  return new Set(found.getChild('column_name')!.toArray() as string[]);
}

/** Per-table Parquet exports may leave out a column the tracker fills rarely (EXPERIMENT.desc). */
async function addMissingOptionalColumns(engine: Engine, staging: string): Promise<string[]> {
  const existing = await engine.query(`SELECT upper(table_name) || '.' || lower(column_name) AS name FROM information_schema.columns WHERE table_schema = ${literal(staging)}`);
  const have = new Set(existing.getChild('name')!.toArray() as string[]);
  return MODELLED_OPTIONAL_COLUMNS
    .filter((qualified) => !have.has(qualified))
    .map((qualified) => {
      const [table, column] = qualified.split('.');
      return `ALTER TABLE ${ident(staging)}.${ident(table)} ADD COLUMN ${ident(column)} VARCHAR`;
    });
}
