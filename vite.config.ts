/// <reference types="vitest/config" />
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { offlinePlugin } from './src/offline/vite-plugin.ts';

const ISOLATION_HEADERS = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  plugins: [svelte(), offlinePlugin()],
  publicDir: 'static',
  base: './',
  worker: { format: 'es' },
  // The wasm packages load their own .wasm by URL; pre-bundling would break those URLs.
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm', 'parquet-wasm'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 2048 },
  // Cross-origin isolation (COOP/COEP) gives the page SharedArrayBuffer, so DuckDB runs its threaded build.
  server: { headers: ISOLATION_HEADERS },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true, headers: ISOLATION_HEADERS },
  test: {
    include: ['test/unit/**/*.test.ts', 'test/reliability/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // DuckDB-WASM and sql.js instances are large; one file at a time keeps two cores responsive.
    fileParallelism: false,
  },
});
