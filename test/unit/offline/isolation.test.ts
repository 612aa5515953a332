import { describe, expect, it } from 'vitest';
import { withIsolationHeaders } from '../../../src/offline/isolation.ts';

const cached = () => new Response('<!doctype html>', { status: 200, statusText: 'OK', headers: { 'Content-Type': 'text/html' } });

describe('withIsolationHeaders', () => {
  it('makes the page cross-origin isolated, keeping its status, headers and body', async () => {
    const response = withIsolationHeaders(cached(), 'page');
    expect(response.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
    expect(response.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
    expect(response.headers.get('Content-Type')).toBe('text/html');
    expect([response.status, response.statusText]).toEqual([200, 'OK']);
    expect(await response.text()).toBe('<!doctype html>');
  });

  it('marks files as same-origin resources, and as isolated for the workers among them', () => {
    const response = withIsolationHeaders(cached(), 'file');
    expect(response.headers.get('Cross-Origin-Resource-Policy')).toBe('same-origin');
    expect(response.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
    expect(response.headers.has('Cross-Origin-Opener-Policy')).toBe(false);
  });

  it('passes on what cannot be rebuilt (status 0: network errors, opaque answers)', () => {
    const error = Response.error();
    expect(withIsolationHeaders(error, 'page')).toBe(error);
  });
});
