import { defineConfig } from 'vite';

// The web client: web/client, built to dist/web (served by the ccsim server).
export default defineConfig({
  root: 'web/client',
  base: './',
  // The browser writes CSV with the same library as the command line, in its browser build (the
  // Node build needs Node's Buffer).
  resolve: { alias: [{ find: /^csv-stringify\/sync$/, replacement: 'csv-stringify/browser/esm/sync' }] },
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    target: 'es2022',
    // Rolldown's advice that a plugin took much of the build's time is printed when the machine is
    // busy (CI); it is no fault of the build, and \`npm start\` must stay quiet unless something fails.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  worker: { format: 'es', rolldownOptions: { checks: { bundlerTimings: false } } },
  server: { proxy: { '/api': { target: 'http://127.0.0.1:8080' } } },
});
