import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../src/ingest/detect.ts';

const bytes = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0));

describe('detectFormat', () => {
  it('knows SQLite and Parquet by their bytes, whatever the name', () => {
    expect(detectFormat(bytes('SQLite format 3\0rest of the header'), 'results.parquet')).toBe('sqlite');
    expect(detectFormat(bytes('PAR1 column chunks and footer PAR1'), 'tracker.db')).toBe('parquet');
  });

  it.each([
    ['', 'it is empty'],
    ['\x1f\x8b\x08\x00compressed', 'gzip-compressed; decompress it first'],
    ['PK\x03\x04zipped', 'zip archive'],
    ['{"experiments": []}', 'looks like JSON text'],
    ['run_id,metric,value\n1,acc,0.9', 'looks like plain text (CSV?)'],
    ['\x00\x01\x02\x03\xff\xfe\xfd\xfc', 'its first bytes are 00 01 02 03'],
  ])('explains what a foreign file is: %j', (content, explanation) => {
    expect(() => detectFormat(bytes(content), 'upload.db')).toThrow(explanation);
    expect(() => detectFormat(bytes(content), 'upload.db')).toThrow(/^upload\.db is neither a SQLite database nor a Parquet file/);
  });

  it('recognises a Parquet file cut short', () => {
    expect(() => detectFormat(bytes('PAR1 some column data but no footer'), 'metrics.parquet')).toThrow('metrics.parquet starts like a Parquet file but its end is missing');
  });
});
