#!/usr/bin/env node
// npm run bench: builds the benchmark from engine/ (like the CLI) and runs it.
import { buildCli } from './build-cli.mjs';

const bundle = await buildCli('bench/main');
const { main } = await import(bundle);
process.exitCode = await main(process.argv.slice(2));
