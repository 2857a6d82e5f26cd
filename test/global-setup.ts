/**
 * Before the unit tests: build the bundles that worker threads run (the run pool's worker and the
 * server's intake thread) from the current sources, as the launchers do, so tests that start a
 * pool or a server run the code under test.
 */
// @ts-expect-error: plain JavaScript build helpers
import { buildCli } from '../bin/build-cli.mjs';

export default async function setup(): Promise<void> {
  await buildCli('pool/worker');
  await buildCli('web/server/intake-worker');
}
