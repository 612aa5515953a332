import { describe, expect, it } from 'vitest';
import { routeRequest, type RequestFacts } from '../../../src/offline/route.ts';

const SCOPE = 'https://user.github.io/trialbook/';
const PRECACHED = new Set(['index.html', 'sample.db', 'assets/duckdb-eh-9ubY.wasm'].map((file) => new URL(file, SCOPE).href));

const get = (url: string, facts: Partial<RequestFacts> = {}) => routeRequest({ url, method: 'GET', mode: 'cors', hasRange: false, ...facts }, SCOPE, PRECACHED);
const navigate = (url: string) => get(url, { mode: 'navigate' });

describe('routeRequest', () => {
  it('gives the cached page to navigations to the app, whatever their query', () => {
    expect(navigate(SCOPE)).toEqual({ kind: 'page' });
    expect(navigate(`${SCOPE}index.html`)).toEqual({ kind: 'page' });
    expect(navigate(`${SCOPE}?data=https://example.org/tracker.db`)).toEqual({ kind: 'page' });
  });

  it('answers the build\'s own files from the cache', () => {
    expect(get(`${SCOPE}assets/duckdb-eh-9ubY.wasm`)).toEqual({ kind: 'file', url: `${SCOPE}assets/duckdb-eh-9ubY.wasm` });
    expect(get(`${SCOPE}sample.db`, { mode: 'same-origin' })).toEqual({ kind: 'file', url: `${SCOPE}sample.db` });
  });

  it('leaves hosted snapshots to the network, on this site or another', () => {
    expect(get(`${SCOPE}tracker.db`)).toEqual({ kind: 'network' });
    expect(get('https://example.org/tracker.db')).toEqual({ kind: 'network' });
    expect(get(`${SCOPE}sample.db?v=2`)).toEqual({ kind: 'network' });
  });

  it('leaves other origins alone even where the path matches a cached file', () => {
    expect(get('https://user.github.io.evil.example/trialbook/sample.db')).toEqual({ kind: 'network' });
    expect(get('http://user.github.io/trialbook/sample.db')).toEqual({ kind: 'network' });
    expect(navigate('https://other.example/trialbook/')).toEqual({ kind: 'network' });
  });

  it('leaves writes, partial reads and pages outside the app to the network', () => {
    expect(get(`${SCOPE}sample.db`, { method: 'POST' })).toEqual({ kind: 'network' });
    expect(get(`${SCOPE}sample.db`, { method: 'HEAD' })).toEqual({ kind: 'network' });
    expect(get(`${SCOPE}sample.db`, { hasRange: true })).toEqual({ kind: 'network' });
    expect(navigate('https://user.github.io/other-project/')).toEqual({ kind: 'network' });
    expect(navigate(`${SCOPE}notes.html`)).toEqual({ kind: 'network' });
  });

  it('does not answer the folder URL to a script\'s fetch with the page', () => {
    expect(get(SCOPE)).toEqual({ kind: 'network' });
  });
});
