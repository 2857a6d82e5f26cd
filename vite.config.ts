import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const page = (name: string) => fileURLToPath(new URL(`./web/client/${name}`, import.meta.url));

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
    // Two pages: the studio, and the workshop rooms (phones must not load the studio's plotly).
    rolldownOptions: { input: { studio: page('index.html'), room: page('room.html') }, checks: { bundlerTimings: false } },
    // checks: rolldown's advice that a plugin took much of the build's time is printed when the
    // machine is busy (CI); it is no fault of the build, and `npm start` must stay quiet.
    target: 'es2022',
  },
  worker: { format: 'es', rolldownOptions: { checks: { bundlerTimings: false } } },
  server: { proxy: { '/api': { target: 'http://127.0.0.1:8080', ws: true } } },
});
