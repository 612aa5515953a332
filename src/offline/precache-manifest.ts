/** What the build writes into sw.js: every file of the build, relative to its folder, and a version. */
export interface PrecacheManifest {
  version: string;
  files: string[];
}

/** The free identifier in the service worker that the build replaces with the manifest's JSON. */
export const PRECACHE_PLACEHOLDER = '__TRIALBOOK_PRECACHE__';
