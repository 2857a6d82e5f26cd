#!/usr/bin/env node
// The ccsim command. TypeScript runs in Node from an esbuild bundle of engine/ (dist/node),
// rebuilt here whenever a source file is newer than it, so every command starts in about a
// tenth of a second with no separate build step. Tests run the same sources through vitest.
import { buildCli } from './build-cli.mjs';

const bundle = await buildCli();
// Experiments run on worker threads, which load their own bundle beside the CLI's.
if (process.argv[2] === 'experiment' || process.argv[2] === 'calibrate') await buildCli('pool/worker');
const { main } = await import(bundle);
process.exitCode = await main(process.argv.slice(2));
