import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

/**
 * @fontsource's CSS lists each face as woff2 then woff; Chromium (Electron's and the browsers
 * the web version supports) always takes the woff2, so the woff files were 6 MB shipped for
 * nothing. This drops the woff fallback from those @font-face rules before Vite sees the URLs.
 */
function woff2Only(): Plugin {
  return {
    name: 'village-ledger:woff2-only',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]@fontsource[\\/].*\.css$/.test(id)) return null;
      return code.replace(/,\s*url\([^)]*\.woff\)\s*format\(['"]?woff['"]?\)/g, '');
    },
  };
}

// The design card's layout is not electron-vite's default (src/main …): every entry is named.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve('electron/main/index.ts'),
          // The bounded parser's worker (services/files/bounded-run.ts): its own file, next
          // to index.js, so a hostile file's blow-up ends in the worker, not the app.
          'parse-worker': resolve('electron/services/files/parse-worker.ts'),
          // A background job's worker thread (services/jobs/worker-run.ts): a roster import or
          // the demo seed written on its own connection while the window keeps answering.
          'job-worker': resolve('electron/services/jobs/job-worker.ts'),
          // The service process (issue 15 item 1): the session runs there, started by
          // index.ts with utilityProcess.fork from this file next to index.js.
          'service-process': resolve('electron/service-process/main.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        // A sandboxed preload must be one CommonJS file.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react(), woff2Only()],
    build: {
      outDir: 'out/renderer',
      // electron-vite leaves every target unminified; the renderer is fetched and parsed on each
      // start, so it is minified (issue 15 item 4: one entry chunk ≤ 1 MB).
      minify: true,
      // ES2021: class private fields (#x, in TanStack Query's core) are lowered, so the
      // Electronegativity gate (scripts/electronegativity.mjs) can parse every built file;
      // Electron's Chromium runs either form.
      target: 'es2021',
      // ECharts' own chunk is ~530 KB minified, fetched only with the first chart; the start-up
      // scripts' limit is test/e2e/bundle-size.spec.ts's 1 MB.
      chunkSizeWarningLimit: 600,
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
