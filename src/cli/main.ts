import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ConfigError, DEFAULT_CONFIG } from '../config/analytics-config.ts';
import { runQuery } from '../query/run.ts';
import { QuerySpecError } from '../query/problems.ts';
import { compileQuery } from '../query/compile.ts';
import { readCatalog } from '../query/catalog.ts';
import { resolveQuery } from '../query/validate.ts';
import type { AnalyticsResult } from '../result/analytics-result.ts';
import { tableToArrowFile } from '../result/export/arrow.ts';
import { tableToCSV } from '../result/export/csv.ts';
import { analyticsResultToJSON, tableToJSON } from '../result/export/json.ts';
import { tableToParquet } from '../result/export/parquet.ts';
import { plainRowsToText, tableToText } from '../result/export/text.ts';
import { FLAT_EXPORT_SQL } from '../snapshot/flat-export.ts';
import { readOverview } from '../snapshot/overview.ts';
import { inspectText } from './inspect-text.ts';
import { openSnapshot } from './open.ts';
import { looksLikeQuery, readConfigFile, readQueryFile } from './query-file.ts';
import { USAGE, UsageError } from './usage.ts';
import { writeQueryAsParquet } from './write-parquet.ts';

type Command = (positionals: string[], flags: Record<string, string | boolean | undefined>) => Promise<void>;

const commands: Record<string, Command> = {
  async inspect(paths, flags) {
    const { engine, report } = await openSnapshot(paths);
    try {
      const overview = await readOverview(engine);
      const load = { files: report.files, layout: report.layout, bytes: report.bytes, seconds: report.seconds.total, metric_rows: report.metricRows };
      process.stdout.write(flags.json ? JSON.stringify({ ...overview, warnings: report.warnings, load }, null, 2) + '\n' : inspectText(overview, report) + '\n');
    } finally {
      await engine.close();
    }
  },

  async sql(args, flags) {
    if (args.length < 2) throw new UsageError('sql needs a snapshot and a query: trialbook sql tracker.db "SELECT * FROM runs"');
    const format = String(flags.format ?? 'table');
    if (!['table', 'csv', 'json'].includes(format)) throw new UsageError(`--format ${format}: use table, csv or json`);
    const { engine } = await openSnapshot(args.slice(0, -1));
    try {
      const table = await engine.query(args[args.length - 1]);
      const text = format === 'csv' ? tableToCSV(table) : format === 'json' ? tableToJSON(table, 2) + '\n' : tableToText(table) + '\n';
      process.stdout.write(text);
    } finally {
      await engine.close();
    }
  },

  async run(args, flags) {
    const query = args[args.length - 1];
    if (args.length < 2 || !looksLikeQuery(query)) throw new UsageError('run needs a snapshot and a query: trialbook run tracker.db queries/per-trial.yaml');
    const format = String(flags.format ?? 'table');
    if (!RESULT_FORMATS.includes(format)) throw new UsageError(`--format ${format}: use ${RESULT_FORMATS.join(', ')}`);
    const out = typeof flags.out === 'string' ? flags.out : null;
    if ((format === 'parquet' || format === 'arrow') && !out && process.stdout.isTTY) throw new UsageError(`--format ${format} is binary: add --out FILE (or redirect the output)`);
    const spec = await readQueryFile(query);
    const config = typeof flags.config === 'string' ? await readConfigFile(flags.config) : undefined;
    const { engine } = await openSnapshot(args.slice(0, -1));
    try {
      if (flags.sql) {
        process.stdout.write(compileQuery(resolveQuery(spec, await readCatalog(engine))).sql + ';\n');
        return;
      }
      const result = await runQuery(engine, spec, { config });
      const bytes = await formatResult(result, format, (config ?? DEFAULT_CONFIG).export.json_indent);
      if (out) {
        await writeFile(out, bytes);
        process.stderr.write(`wrote ${out}: ${result.rows.numRows.toLocaleString('en')} rows, ${result.excluded.length} runs excluded\n`);
      } else {
        process.stdout.write(bytes);
      }
    } finally {
      await engine.close();
    }
  },

  async convert(args) {
    if (args.length < 2) throw new UsageError('convert needs a snapshot and an output file: trialbook convert tracker.db metrics.parquet');
    const out = args[args.length - 1];
    if (!out.toLowerCase().endsWith('.parquet')) throw new UsageError(`${out}: the output must be a .parquet file`);
    const { engine } = await openSnapshot(args.slice(0, -1));
    try {
      const { rows, bytes } = await writeQueryAsParquet(engine, FLAT_EXPORT_SQL, out);
      process.stderr.write(`wrote ${out}: ${rows.toLocaleString('en')} rows, ${bytes.toLocaleString('en')} bytes\n`);
    } finally {
      await engine.close();
    }
  },
};

const RESULT_FORMATS = ['table', 'json', 'csv', 'parquet', 'arrow'];

async function formatResult(result: AnalyticsResult, format: string, indent: number): Promise<string | Uint8Array> {
  if (format === 'json') return analyticsResultToJSON(result, indent) + '\n';
  if (format === 'csv') return tableToCSV(result.rows);
  if (format === 'parquet') return tableToParquet(result.rows, await import('parquet-wasm/node'));
  if (format === 'arrow') return tableToArrowFile(result.rows);
  const lines = [tableToText(result.rows)];
  if (result.excluded.length) lines.push('', `Excluded ${result.excluded.length} run${result.excluded.length === 1 ? '' : 's'}:`, ...result.excluded.map((run) => `  run ${run.run_id} (${run.experiment} / ${run.trial}): ${run.reason}`));
  if (result.meta.notes.length) lines.push('', 'Notes:', ...result.meta.notes.map((note) => `  ${note}`));
  for (const analysis of result.analyses) {
    lines.push('', `== ${analysis.title}`, ...analysis.findings.map((finding) => `* ${finding}`));
    for (const table of analysis.tables) if (table.rows.length) lines.push('', `${table.name}:`, plainRowsToText(table.rows));
    if (analysis.notes.length) lines.push('', 'Notes:', ...analysis.notes.map((note) => `  ${note}`));
  }
  return lines.join('\n') + '\n';
}

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, format: { type: 'string' }, out: { type: 'string', short: 'o' }, sql: { type: 'boolean' }, config: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    process.stderr.write(`trialbook: ${(error as Error).message}\n`);
    return 2;
  }
  const [name, ...rest] = parsed.positionals;
  if (parsed.values.help || !name || name === 'help') {
    process.stdout.write(USAGE + '\n');
    return name || parsed.values.help ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`trialbook: unknown command "${name}"; use inspect, sql, run or convert\n`);
    return 2;
  }
  try {
    await command(rest, parsed.values);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // A spec's problems are listed one per line; anything else is one line.
    process.stderr.write(`trialbook ${name}: ${error instanceof QuerySpecError || error instanceof ConfigError ? message : message.split('\n')[0]}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}
