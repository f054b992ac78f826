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
    // emptied first: npm run build runs tsc after this, which puts the renderer modules the unit tests import
    // (timeline/timeScale, app/bannerAction) under dist/renderer/src
    emptyOutDir: true,
    chunkSizeWarningLimit: 8000,
    sourcemap: false,
  },
  worker: { format: 'es' },
});
