/**
 * The calibrated archetypes reproduce the published figures they target: run with the replicates
 * and seed of their targets file, each target's mean lands inside its band (the published range,
 * or within its tolerance, 15% unless stated, of a point value), and the calibration record in
 * the scenario file matches what the scenario does now (so a model change that moves a fit shows
 * up: run `npx ccsim calibrate <scenario> --targets <targets> --out <scenario>` and review).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { calibrate, loadCalibration } from '../engine/node/calibration/calibrate.ts';
import { resolveWorkerFile } from '../engine/node/pool/pool.ts';
import { report, reportTo } from './behaviour/arms.ts';

const DIR = join('scenarios', 'archetypes');
const ARCHETYPES = readdirSync(DIR).filter((f) => f.endsWith('.json') && !f.endsWith('.targets.json'));

describe('calibrated archetypes', () => {
  beforeAll(() => reportTo('archetypes'));

  it('are there: Keystone ICU, both ASCQI bundles, AAAQIP', () => {
    expect(ARCHETYPES.sort()).toEqual(['aaaqip.json', 'ascqi-ami.json', 'ascqi-stroke.json', 'keystone-icu.json']);
  });

  it.each(ARCHETYPES)('%s reproduces every published figure it targets, as its calibration record says', async (file) => {
    const path = join(DIR, file);
    const record = JSON.parse(readFileSync(path, 'utf8')).calibration;
    expect(record, `${file} has no calibration record`).toBeDefined();
    const loaded = loadCalibration(path, join(DIR, record.targets));
    expect(loaded.ok ? [] : loaded.issues).toEqual([]);
    if (!loaded.ok) return;
    const outcome = await calibrate(loaded.value, { checkOnly: true, workers: 2, workerFile: await resolveWorkerFile() });
    for (const r of outcome.results) {
      report(`${file}: ${r.target.name}: published ${r.target.value}, band ${r.band[0].toPrecision(3)} to ${r.band[1].toPrecision(3)}, simulated ${r.simulated.mean.toPrecision(3)} [${r.simulated.lower.toPrecision(3)}, ${r.simulated.upper.toPrecision(3)}]`);
    }
    expect(outcome.results.filter((r) => !r.within).map((r) => `${r.target.name}: ${r.simulated.mean} outside ${r.band}`)).toEqual([]);
    // The record is current: the same means (to the 4 digits it keeps).
    const recorded = record.results.map((r: { name: string; simulated: number }) => [r.name, r.simulated]);
    const now = outcome.results.map((r) => [r.target.name, Number(r.simulated.mean.toPrecision(4))]);
    expect(now).toEqual(recorded);
  }, 120_000);
});
