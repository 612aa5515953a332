import { describe, expect, it } from 'vitest';
import { connectPolicy } from '../../../src/app/content-policy.ts';

const page = (query: string) => new URL(`https://trialbook.example/app/${query}`);

describe("the page's connect-src", () => {
  it('allows the site itself and the exact file each ?data= names elsewhere', () => {
    const data = encodeURIComponent('https://data.example/runs/tracker.db');
    expect(connectPolicy(page(`?data=${data}&data=./sample.db`))).toBe("connect-src 'self' https://data.example/runs/tracker.db");
  });

  it('falls back to the origin where CSP cannot hold the path', () => {
    expect(connectPolicy(page(`?data=${encodeURIComponent('https://data.example/a;b/x.parquet')}`))).toBe("connect-src 'self' https://data.example");
  });

  it('adds nothing for an address that cannot be fetched', () => {
    for (const bad of ['javascript:fetch(1)', 'file:///etc/passwd', 'data:text/plain,hi', 'http://[', '']) {
      expect(connectPolicy(page(`?data=${encodeURIComponent(bad)}`)), bad).toBe("connect-src 'self'");
    }
  });
});
