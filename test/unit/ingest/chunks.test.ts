import { describe, expect, it } from 'vitest';
import type { ExtractProgress } from '../../../src/ingest/chunks.ts';
import { loadSnapshot, type Extractor } from '../../../src/ingest/load.ts';
import { nodeReaderModules } from '../../../src/ingest/node-readers.ts';
import { extractSqliteSnapshot } from '../../../src/ingest/sqlite.ts';
import { generateSnapshot } from '../../../src/sample/generate.ts';
import { createNodeEngine, load, rows } from '../../fixtures/engine.ts';

describe('chunked reading', () => {
  it('gives the same tables in small chunks as in one, and reports progress per table', async () => {
    const bytes = await generateSnapshot({ seed: 3 });
    const progress: ExtractProgress[] = [];
    const smallChunks: Extractor = async (files, sink, onProgress) => ({
      layout: 'sqlite',
      ...(await extractSqliteSnapshot(await nodeReaderModules.sqlite(), files[0].bytes, { sink, onProgress, chunkRows: 500, fileLabel: files[0].name })),
    });
    const whole = await createNodeEngine();
    const chunked = await createNodeEngine();
    try {
      const one = await load(whole, { name: 'sample.db', bytes });
      const many = await loadSnapshot(chunked, [{ name: 'sample.db', bytes }], smallChunks, (p) => p.phase === 'extracting' && progress.push(p as ExtractProgress));
      expect(many.rawRows).toEqual(one.rawRows);
      expect(many.warnings).toEqual(one.warnings);
      for (const table of ['runs', 'metrics', 'label_metrics', 'artifacts']) {
        expect(await rows(chunked, `SELECT * FROM ${table} ORDER BY ALL`), table).toEqual(await rows(whole, `SELECT * FROM ${table} ORDER BY ALL`));
      }
      const metric = progress.filter((p) => p.table === 'METRIC');
      expect(metric.length).toBe(Math.ceil(one.rawRows.METRIC / 500));
      expect(metric.map((p) => p.rowsDone)).toEqual([...metric.map((p) => p.rowsDone)].sort((a, b) => a - b));
      expect(metric.at(-1)).toEqual({ phase: 'extracting', table: 'METRIC', rowsDone: one.rawRows.METRIC, rowsTotal: one.rawRows.METRIC });
    } finally {
      await whole.close();
      await chunked.close();
    }
  });
});
