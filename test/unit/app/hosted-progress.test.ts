import { describe, expect, it } from 'vitest';
import { describeHosted, describeProgress } from '../../../src/ui/progress.ts';

describe('what the page says while and after a hosted Parquet file is read', () => {
  it('counts the bytes needed while reading by range requests', () => {
    const ranged = { file: 'tracker.parquet', size: 48_000_000, bytesRead: 1_200_000, bytesNeeded: 3_100_000, requests: 4 };
    expect(describeProgress({ kind: 'load', progress: { phase: 'extracting', table: 'FLAT', rowsDone: 0, rowsTotal: 10, ranged } })).toEqual({
      text: 'Reading tracker.parquet by range requests: 1.2 of the 3.1 MB needed (the file has 48.0 MB)',
      value: 1_200_000,
      max: 3_100_000,
    });
  });

  it('says why a Parquet file is downloaded whole', () => {
    const step = { kind: 'download', name: 'tracker.parquet', bytesDone: 12_000_000, bytesTotal: 48_000_000, index: 0, count: 1, whole: 'The server does not support range requests' } as const;
    expect(describeProgress(step).text).toBe('The server does not support range requests: downloading tracker.parquet whole: 12.0 / 48.0 MB');
    expect(describeProgress({ kind: 'probe', name: 'tracker.parquet', index: 1, count: 2 }).text).toBe('Opening tracker.parquet (2 of 2)…');
  });

  it('reports in the overview how much was read, or that all of it was downloaded and why', () => {
    expect(describeHosted({ file: 'tracker.parquet', size: 48_000_000, bytesRead: 3_100_000, bytesNeeded: 3_100_000, requests: 12, read: 'ranges' })).toBe(
      'Read 3.1 MB of tracker.parquet’s 48.0 MB by range requests (12 requests).',
    );
    expect(describeHosted({ file: 'tracker.parquet', size: 48_000_000, read: 'whole', because: 'The server does not support range requests' })).toBe(
      'The server does not support range requests, so the whole of tracker.parquet (48.0 MB) was downloaded.',
    );
  });
});
