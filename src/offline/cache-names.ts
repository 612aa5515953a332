const PREFIX = 'trialbook';

/**
 * One cache per build and per scope: two Trialbook copies on one origin (GitHub Pages serves
 * every project of a user from the same origin) must not delete each other's files.
 */
export const cacheName = (scope: string, version: string) => `${PREFIX} ${scope} ${version}`;

/** The caches an activating build removes: this scope's older builds, nothing else. */
export function staleCaches(names: readonly string[], scope: string, version: string): string[] {
  const current = cacheName(scope, version);
  const ours = `${PREFIX} ${scope} `;
  return names.filter((name) => name.startsWith(ours) && name !== current);
}
