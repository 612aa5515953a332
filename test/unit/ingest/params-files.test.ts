import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../src/ingest/params/csv.ts';
import { fileStem, splitParamsFiles } from '../../../src/ingest/params/files.ts';
import { parseParamsFile } from '../../../src/ingest/params/parse.ts';
import { flattenParams, numberFromText } from '../../../src/ingest/params/values.ts';

const text = (name: string, content: string) => ({ name, bytes: new TextEncoder().encode(content) });

describe('splitting params files from the snapshot', () => {
  it('knows params files by extension, but a snapshot by its bytes whatever its name', () => {
    const sqlite = { name: 'tracker.json', bytes: new TextEncoder().encode('SQLite format 3\0…') };
    const { snapshot, params } = splitParamsFiles([sqlite, text('params.json', '{}'), text('a.YML', 'a: 1'), text('p.csv', 'trial,lr'), text('notes.txt', 'x')]);
    expect(snapshot.map((f) => f.name)).toEqual(['tracker.json', 'notes.txt']);
    expect(params.map((f) => [f.name, f.format])).toEqual([['params.json', 'json'], ['a.YML', 'yaml'], ['p.csv', 'csv']]);
  });

  it('refuses params files without a snapshot', () => {
    expect(() => splitParamsFiles([text('params.json', '{}'), text('lr=0.1.yaml', 'lr: 0.1')])).toThrow(
      'params.json, lr=0.1.yaml: params files need a snapshot: drop them together with tracker.db',
    );
  });

  it('refuses a params file that is not UTF-8, and drops a byte-order mark', () => {
    expect(() => splitParamsFiles([text('t.db', 'x'), { name: 'p.csv', bytes: Uint8Array.from([0xff, 0xfe, 0x41]) }])).toThrow('p.csv is not UTF-8 text');
    const [file] = splitParamsFiles([text('t.db', 'x'), text('p.csv', '\ufefftrial,lr')]).params;
    expect(file.text).toBe('trial,lr');
  });

  it('names a trial by the file stem', () => {
    expect(fileStem('configs/lr=0.01.yaml')).toBe('lr=0.01');
    expect(fileStem('3.json')).toBe('3');
    expect(fileStem('noext')).toBe('noext');
  });
});

describe('reading CSV (RFC 4180)', () => {
  it('reads quoted fields with commas, quotes and line breaks, and CRLF or LF line ends', () => {
    expect(readCsv('trial,note\r\n"a,b","say ""hi"""\r\n"multi\nline",x\n\nlast,\n')).toEqual([
      { line: 1, fields: ['trial', 'note'] },
      { line: 2, fields: ['a,b', 'say "hi"'] },
      { line: 3, fields: ['multi\nline', 'x'] },
      { line: 6, fields: ['last', ''] },
    ]);
    expect(readCsv('a,b')).toEqual([{ line: 1, fields: ['a', 'b'] }]);
  });

  it.each([
    ['trial,lr\r\nx,"0.1\r\n', 'params.csv is not valid CSV: line 2: a quoted field is never closed'],
    ['trial,lr\nx,"0.1"z\n', 'params.csv is not valid CSV: line 2: text follows a closing quote'],
    ['trial,lr\nx,0.1,extra\n', 'params.csv is not valid CSV: line 2: 3 fields, but the header (line 1) has 2'],
    ['trial,lr,lr\nx,1,2\n', 'params.csv is not valid CSV: line 1: the column lr appears twice'],
  ])('a broken CSV names the file and the line: %j', (content, message) => {
    expect(() => parseParamsFile({ name: 'params.csv', format: 'csv', text: content })).toThrow(message);
  });
});

describe('reading YAML and JSON', () => {
  it('reads YAML with the core schema (dates stay text); several documents make a list', () => {
    expect(parseParamsFile({ name: 'a.yaml', format: 'yaml', text: 'lr: 1e-3\nday: 2026-01-31\non: yes\n' })).toEqual({ source: 'a.yaml', kind: 'tree', value: { lr: 0.001, day: '2026-01-31', on: 'yes' } });
    expect(parseParamsFile({ name: 'a.yaml', format: 'yaml', text: 'trial: a\n---\ntrial: b\n' })).toMatchObject({ value: [{ trial: 'a' }, { trial: 'b' }] });
    expect(parseParamsFile({ name: 'a.yaml', format: 'yaml', text: '  \n' })).toEqual({ source: 'a.yaml', kind: 'empty' });
  });

  it.each([
    ['lr: 0.1\nbs: [64\n', /^broken\.yaml is not valid YAML: line \d+, column \d+: .+\. Fix it, or open the snapshot without it\.$/],
    ['lr: 0.1\nlr: 0.2\n', /^broken\.yaml is not valid YAML: line 2, column 1: Map keys must be unique/],
  ])('a broken YAML file names itself and the line: %j', (content, message) => {
    expect(() => parseParamsFile({ name: 'broken.yaml', format: 'yaml', text: content })).toThrow(message);
  });

  it.each([
    ['{"lr": 0.1,\n "bs": }', 'line 2, column 8: unexpected "}"; a value was expected'],
    ['{"lr": 0.1,}', `line 1, column 12: unexpected "}"; a property name in double quotes was expected`],
    ["{'lr': 0.1}", `line 1, column 2: unexpected "'"; a property name in double quotes was expected`],
    ['[\n  {"trial": "a"\n', "line 3, column 1: the text ends too early; ',' or '}' was expected"],
    ['{"lr": 0.1} {}', 'line 1, column 13: unexpected "{" after the end of the JSON value'],
  ])('a broken JSON file names itself, the line and the column: %j', (content, where) => {
    expect(() => parseParamsFile({ name: 'params.json', format: 'json', text: content })).toThrow(`params.json is not valid JSON: ${where}. Fix it, or open the snapshot without it.`);
  });
});

describe('param values', () => {
  it('are numbers when the text is one', () => {
    expect(['64', '-0.5', '.01', '1e-3', '2.5E+4', ' 7 '].map(numberFromText)).toEqual([64, -0.5, 0.01, 0.001, 25000, 7]);
    expect(['0x10', 'inf', 'NaN', '1,000', '1_000', '', 'true', '1e999'].map(numberFromText)).toEqual(Array(8).fill(null));
  });

  it('flatten nested objects with dots and keep lists as JSON text', () => {
    expect(flattenParams({ lr: 0.01, optimizer: { name: 'adam', betas: [0.9, 0.999], extra: { eps: 1e-8 } }, aug: true, sched: null, empty: {} })).toEqual([
      { key: 'lr', value: '0.01', value_num: 0.01 },
      { key: 'optimizer.name', value: 'adam', value_num: null },
      { key: 'optimizer.betas', value: '[0.9,0.999]', value_num: null },
      { key: 'optimizer.extra.eps', value: '1e-8', value_num: 1e-8 },
      { key: 'aug', value: 'true', value_num: null },
      { key: 'sched', value: null, value_num: null },
    ]);
  });
});
