import { defineConfig } from 'vite';

// The web client: web/client, built to dist/web (served by the ccsim server).
export default defineConfig({
  root: 'web/client',
  base: './',
  build: { outDir: '../../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 2500, target: 'es2022' },
  worker: { format: 'es' },
  server: { proxy: { '/api': { target: 'http://127.0.0.1:8080' } } },
});
