import { describe, expect, it } from 'vitest';
import { extractSnapshot, mergeSummaries } from '../../../src/ingest/extract.ts';
import { loadSnapshot, type Extractor } from '../../../src/ingest/load.ts';
import { nodeReaderModules } from '../../../src/ingest/node-readers.ts';
import { SQLITE_SHARES } from '../../../src/ingest/sqlite.ts';
import { createNodeEngine, load, rows } from '../../fixtures/engine.ts';
import { buildTrapSnapshot } from '../../fixtures/trap-snapshot.ts';

/** What the browser does with two reader workers, here as two interleaved readers in one thread. */
const splitReaders: Extractor = async (files, sink, onProgress) =>
  mergeSummaries(await Promise.all(SQLITE_SHARES.map((share) => extractSnapshot(files, nodeReaderModules, sink, onProgress, share))));

describe('readers that split a SQLite file', () => {
  it('load the same tables, labels and warnings as one reader', async () => {
    const bytes = await buildTrapSnapshot();
    const one = await createNodeEngine();
    const split = await createNodeEngine();
    try {
      const whole = await load(one, { name: 'traps.db', bytes });
      const shared = await loadSnapshot(split, [{ name: 'traps.db', bytes }], splitReaders);
      expect(shared.rawRows).toEqual(whole.rawRows);
      expect(shared.warnings).toEqual(whole.warnings);
      for (const table of ['experiments', 'trials', 'runs', 'metrics', 'label_metrics', 'artifacts']) {
        expect(await rows(split, `SELECT * FROM ${table} ORDER BY ALL`), table).toEqual(await rows(one, `SELECT * FROM ${table} ORDER BY ALL`));
      }
    } finally {
      await one.close();
      await split.close();
    }
  });
});
