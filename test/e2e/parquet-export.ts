import { readFileSync } from 'node:fs';
import { Float64, Int64, Table, tableToIPC, Utf8, vectorFromArray, type DataType, type Vector } from 'apache-arrow';
import * as parquet from 'parquet-wasm/node';
import { nodeReaderModules } from '../../src/ingest/node-readers.ts';

/**
 * A per-table Parquet export of a SQLite snapshot (EXPERIMENT.parquet, TRIAL.parquet, …), the
 * way a user would make one with any SQLite-to-Parquet tool: column types follow the declared
 * SQLite types.
 */
export async function parquetTablesFrom(path: string): Promise<{ name: string; bytes: Uint8Array }[]> {
  // sql.js is one module per process; Trialbook's loader must be the one that starts it.
  const SQL = (await nodeReaderModules.sqlite()).sql;
  const db = new SQL.Database(readFileSync(path));
  try {
    const names = (db.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")[0]?.values ?? []).map(([name]) => String(name));
    return names.map((table) => {
      const declared = db.exec(`PRAGMA table_info("${table}")`)[0].values.map(([, column, type]) => ({ column: String(column), type: String(type).toUpperCase() }));
      const rows = db.exec(`SELECT * FROM "${table}"`)[0]?.values ?? [];
      const columns: Record<string, Vector> = {};
      declared.forEach(({ column, type }, index) => {
        const arrowType: DataType = type.includes('INT') ? new Int64() : /REAL|FLOA|DOUB|NUM/.test(type) ? new Float64() : new Utf8();
        const values = rows.map((row) => {
          const value = row[index];
          if (value === null || value === undefined) return null;
          return arrowType instanceof Int64 ? BigInt(value as number) : arrowType instanceof Float64 ? Number(value) : String(value);
        });
        columns[column] = vectorFromArray(values, arrowType);
      });
      const arrow = new Table(columns);
      const bytes = parquet.writeParquet(parquet.Table.fromIPCStream(tableToIPC(arrow, 'stream')));
      return { name: `${table}.parquet`, bytes };
    });
  } finally {
    db.close();
  }
}
