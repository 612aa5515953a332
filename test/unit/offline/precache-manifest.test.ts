import { describe, expect, it } from 'vitest';
import { precacheManifest } from '../../../src/offline/vite-plugin.ts';

const build = (index: string) =>
  new Map<string, string | Uint8Array>([
    ['sample.db', new Uint8Array([1, 2, 3])],
    ['index.html', index],
    ['assets/index-abc.js', 'console.log(1)'],
  ]);

describe('precacheManifest', () => {
  it('lists every file, sorted', () => {
    expect(precacheManifest(build('<html>')).files).toEqual(['assets/index-abc.js', 'index.html', 'sample.db']);
  });

  it('leaves out the threaded DuckDB build, which runs only when asked for', () => {
    const files = new Map([...build('<html>'), ['assets/duckdb-coi-x1.wasm', 'w'], ['assets/duckdb-browser-coi.worker-x2.js', 'w'], ['assets/duckdb-browser-coi.pthread.worker-x3.js', 'p'], ['assets/duckdb-eh-x4.wasm', 'e']]);
    expect(precacheManifest(files).files).toEqual(['assets/duckdb-eh-x4.wasm', 'assets/index-abc.js', 'index.html', 'sample.db']);
  });

  it('has a version that changes with any file and only then', () => {
    const version = precacheManifest(build('<html>')).version;
    expect(precacheManifest(build('<html>')).version).toBe(version);
    expect(precacheManifest(build('<html lang="en">')).version).not.toBe(version);
    expect(precacheManifest(new Map([...build('<html>'), ['icons/icon.svg', '<svg/>']])).version).not.toBe(version);
  });
});
