import { describe, expect, it } from 'vitest';
import { TAB_CAPACITY_BYTES, tabCapacityProblem } from '../../../src/app/tab-capacity.ts';

describe('tabCapacityProblem', () => {
  it('lets through what a tab can load (the 10-million-value tracker.db is 964 MB)', () => {
    expect(tabCapacityProblem([{ name: 'tracker.db', size: 963_579_904 }])).toBeNull();
    expect(tabCapacityProblem([{ name: 'a.parquet', size: TAB_CAPACITY_BYTES / 2 }, { name: 'b.parquet', size: TAB_CAPACITY_BYTES / 2 }])).toBeNull();
  });

  it('refuses more, saying how large, the limit, that nothing was read, and what to do instead', () => {
    expect(tabCapacityProblem([{ name: 'huge.db', size: 2_400_000_000 }])).toBe(
      'huge.db is 2.4 GB; Trialbook opens snapshots up to about 1.5 GB (its engine has 3.1 GiB of memory; a tracker.db of 10 million metric values is about 1 GB). ' +
        'Nothing was read. Copy the experiments you need into a smaller file (with sqlite3, for example) and open that.',
    );
    expect(tabCapacityProblem([{ name: 'a.parquet', size: 1e9 }, { name: 'b.parquet', size: 1e9 }])).toMatch(/^These 2 files are 2 GB together;/);
  });
});
