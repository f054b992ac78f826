import { defineConfig } from 'vite';
import path from 'node:path';

// The renderer is plain React + Monaco, bundled locally: no CDN, workers from 'self'.
export default defineConfig({
  root: path.join(__dirname),
  base: './',
  logLevel: 'error',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: path.join(__dirname, '..', 'dist', 'renderer'),
    // not emptied: npm run build empties dist first, then runs tsc beside this, and tsc puts the renderer modules the
    // unit tests import (timeline/timeScale, app/bannerAction) under dist/renderer/src
    emptyOutDir: false,
    chunkSizeWarningLimit: 8000,
    sourcemap: false,
  },
  worker: { format: 'es' },
  // Monaco's icon font: editor.api does not import its @font-face and the package's exports hide the file
  resolve: {
    alias: [
      {
        find: /^monaco-editor\/codicon\.css$/,
        replacement: path.join(
          __dirname,
          '..',
          'node_modules',
          'monaco-editor',
          'esm',
          'vs',
          'base',
          'browser',
          'ui',
          'codicons',
          'codicon',
          'codicon.css',
        ),
      },
    ],
  },
});
