import { describe, expect, it } from 'vitest';
import { cacheName, staleCaches } from '../../../src/offline/cache-names.ts';

describe('staleCaches', () => {
  const scope = 'https://user.github.io/trialbook/';

  it('removes older builds of this scope only', () => {
    const names = [
      cacheName(scope, 'old1'),
      cacheName(scope, 'new'),
      cacheName(scope, 'old2'),
      cacheName('https://user.github.io/trialbook-staging/', 'old1'),
      cacheName('https://user.github.io/', 'old1'),
      'another-app-v1',
    ];
    expect(staleCaches(names, scope, 'new')).toEqual([cacheName(scope, 'old1'), cacheName(scope, 'old2')]);
  });

  it('keeps everything when this build is the only one', () => {
    expect(staleCaches([cacheName(scope, 'new')], scope, 'new')).toEqual([]);
  });
});
