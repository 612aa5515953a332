import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { tableToIPC } from 'apache-arrow';
import { tableToCSV } from '../result/export/csv.ts';
import { tableToJSON } from '../result/export/json.ts';
import { tableToText } from '../result/export/text.ts';
import { flatExport } from '../snapshot/flat-export.ts';
import { readOverview } from '../snapshot/overview.ts';
import { inspectText } from './inspect-text.ts';
import { openSnapshot } from './open.ts';
import { USAGE, UsageError } from './usage.ts';

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

  async convert(args) {
    if (args.length < 2) throw new UsageError('convert needs a snapshot and an output file: trialbook convert tracker.db metrics.parquet');
    const out = args[args.length - 1];
    if (!out.toLowerCase().endsWith('.parquet')) throw new UsageError(`${out}: the output must be a .parquet file`);
    const { engine } = await openSnapshot(args.slice(0, -1));
    try {
      const table = await flatExport(engine);
      const parquet = await import('parquet-wasm/node');
      const properties = new parquet.WriterPropertiesBuilder().setCompression(parquet.Compression.ZSTD).build();
      const bytes = parquet.writeParquet(parquet.Table.fromIPCStream(tableToIPC(table, 'stream')), properties);
      await writeFile(out, bytes);
      process.stderr.write(`wrote ${out}: ${table.numRows.toLocaleString('en')} rows, ${bytes.length.toLocaleString('en')} bytes\n`);
    } finally {
      await engine.close();
    }
  },
};

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, format: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
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
    process.stderr.write(`trialbook: unknown command "${name}"; use inspect, sql or convert\n`);
    return 2;
  }
  try {
    await command(rest, parsed.values);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`trialbook ${name}: ${message.split('\n')[0]}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}
