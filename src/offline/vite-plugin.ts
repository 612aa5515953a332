import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { PRECACHE_PLACEHOLDER, type PrecacheManifest } from './precache-manifest.ts';

const SERVICE_WORKER = fileURLToPath(new URL('./service-worker.ts', import.meta.url));
const FILE_NAME = 'sw.js';

/**
 * Builds src/offline/service-worker.ts into sw.js at the root of the build and writes into it
 * the list of every file the build outputs (the bundle, the workers' files, the public folder)
 * and a version that changes with any of their contents, so a new build replaces the old cache.
 */
export function offlinePlugin(): Plugin {
  let publicDir = '';
  return {
    name: 'trialbook:offline',
    apply: 'build',
    // After Vite's own plugins, which add index.html and the workers' files in generateBundle.
    enforce: 'post',
    configResolved(config) {
      publicDir = config.publicDir;
    },
    buildStart() {
      this.emitFile({ type: 'chunk', id: SERVICE_WORKER, fileName: FILE_NAME });
    },
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const worker = bundle[FILE_NAME];
        if (worker?.type !== 'chunk') return this.error(`${FILE_NAME} is missing from the bundle`);
        // Registered as a classic script (every browser supports that), so it must stand alone.
        if (worker.imports.length > 0 || worker.dynamicImports.length > 0) {
          return this.error(`${FILE_NAME} imports ${[...worker.imports, ...worker.dynamicImports].join(', ')}; the service worker must share no module with the app`);
        }
        const contents = new Map<string, string | Uint8Array>();
        for (const [name, output] of Object.entries(bundle)) if (name !== FILE_NAME) contents.set(name, output.type === 'chunk' ? output.code : output.source);
        if (publicDir) for (const name of filesUnder(publicDir)) contents.set(name, readFileSync(join(publicDir, name)));
        const manifest = precacheManifest(contents);
        const parts = worker.code.split(PRECACHE_PLACEHOLDER);
        if (parts.length !== 2) return this.error(`${FILE_NAME} must name ${PRECACHE_PLACEHOLDER} exactly once, found ${parts.length - 1}`);
        worker.code = parts.join(JSON.stringify(manifest));
      },
    },
  };
}

/**
 * The threaded DuckDB build (34 MB) runs only when asked for (`?engine=threaded`, see
 * src/engine/browser.ts), so it is fetched when used rather than precached for every visitor;
 * offline, the engine falls back to the single-threaded build, which is precached.
 */
const ON_DEMAND = /(^|\/)duckdb-(browser-)?coi[.-]/;

/** The files to precache, sorted, and a version hashed from their names and bytes. */
export function precacheManifest(contents: ReadonlyMap<string, string | Uint8Array>): PrecacheManifest {
  const files = [...contents.keys()].filter((name) => !ON_DEMAND.test(name)).sort();
  const hash = createHash('sha256');
  for (const name of files) hash.update(`${name}\0`).update(contents.get(name)!).update('\0');
  return { version: hash.digest('hex').slice(0, 16), files };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'));
}
