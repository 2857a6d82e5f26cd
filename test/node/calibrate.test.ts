/** `ccsim calibrate`, as a user runs it: a small fit end to end, the check mode, and its errors. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const CCSIM = join(process.cwd(), 'bin', 'ccsim.mjs');
function ccsim(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CCSIM, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ccsim-calibrate-'));
  writeFileSync(join(dir, 'small.json'), JSON.stringify({ name: 'small', time: { weeks: 60, fundingWeeks: 40 }, recruitment: { invitedSites: 6, comparisonSites: 2 } }));
  writeFileSync(
    join(dir, 'small.targets.json'),
    JSON.stringify({
      name: 'small fit',
      replicates: 6,
      parameters: [{ path: 'practice.peerPerYear', min: 0.1, max: 6 }],
      targets: [
        { name: 'gap closed by the end of funding', metric: 'gapClosedAtFundingEnd', value: 0.35, tolerance: 0.05 },
        { name: 'practice at week 30', metric: 'practice', week: 30, value: 0.5, range: [0.2, 0.8] },
      ],
      method: { maxEvaluations: 40 },
    }),
  );
}, 60_000);

describe('ccsim calibrate', () => {
  it('fits the parameter, writes the fitted scenario with its calibration record, and reports the fit', () => {
    const r = ccsim(['calibrate', 'small.json', '--targets', 'small.targets.json', '--workers', '2'], dir);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^small fit: fitted 1 parameter in \d+ evaluations/);
    expect(r.out).toContain('Every target is reproduced');
    expect(r.err).toContain('wrote the fitted scenario to small.fitted.json');
    const fitted = JSON.parse(readFileSync(join(dir, 'small.fitted.json'), 'utf8'));
    expect(fitted.name).toBe('small');
    expect(fitted.practice.peerPerYear).toBeGreaterThan(0.1);
    expect(fitted.calibration).toMatchObject({ targets: 'small.targets.json', replicates: 6, seed: 1, fitted: [{ path: 'practice.peerPerYear', min: 0.1, max: 6 }] });
    expect(fitted.calibration.results.map((x: { within: boolean }) => x.within)).toEqual([true, true]);
    // The fitted file, checked as it stands, reproduces the record exactly.
    const check = ccsim(['calibrate', 'small.fitted.json', '--targets', 'small.targets.json', '--check', '--report', 'fit.csv'], dir);
    expect(check.code, check.out).toBe(0);
    // The tidy report: a row per target, readable by R or pandas.
    const csv = readFileSync(join(dir, 'fit.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('target,source,metric,week_from,week_to,published,band_lower,band_upper,simulated_mean,simulated_lower,simulated_upper,within,replicates,seed');
    expect(csv).toHaveLength(3);
    expect(csv[2]).toMatch(/^practice at week 30,,practice,30,30,0.5,0.2,0.8,[0-9.e-]+,[0-9.e-]+,[0-9.e-]+,true,6,1$/);
    expect(check.out).toContain('as it stands (not fitted)');
    expect(check.out).toContain(` ${Number(fitted.calibration.results[0].simulated.toPrecision(3))} [`);
  }, 120_000);

  it('with --check, exits with status 3 (a check failed, not a bug) when a target is not reproduced', () => {
    const r = ccsim(['calibrate', 'small.json', '--targets', 'small.targets.json', '--check', '--workers', '1'], dir);
    expect(r.out).toContain('NOT reproduced');
    expect(r.code).toBe(3);
  }, 60_000);

  it('says what is wrong with a targets file before running anything', () => {
    writeFileSync(
      join(dir, 'bad.targets.json'),
      JSON.stringify({
        name: 'bad',
        parameters: [{ path: 'practice.peerPerYer', min: 0, max: 1 }],
        targets: [{ name: 't', metric: 'gapClosedAtFundingEnds', value: 0.3 }],
      }),
    );
    // Every problem at once: the parameter's path and the target's metric.
    const path = ccsim(['calibrate', 'small.json', '--targets', 'bad.targets.json'], dir);
    expect(path.code).toBe(2);
    expect(path.err).toBe(
      'bad.targets.json: parameters[0].path: expected a key ccsim knows in practice, got unknown key "peerPerYer". Did you mean "peerPerYear"?\n' +
        'bad.targets.json: targets[0].metric: expected a summary metric (a target without week or weeks reads the run summary), got "gapClosedAtFundingEnds". Did you mean "gapClosedAtFundingEnd"? (series columns take week or weeks; summary metrics take neither)\n',
    );
    writeFileSync(join(dir, 'bad2.targets.json'), JSON.stringify({ name: 'bad', parameters: [{ path: 'practice.peerPerYear', min: 0, max: 1 }], targets: [{ name: 't', metric: 'gapClosed', value: 0.3 }, { name: 'u', metric: 'practice', week: 99, value: 0.3 }] }));
    const metric = ccsim(['calibrate', 'small.json', '--targets', 'bad2.targets.json'], dir);
    expect(metric.code).toBe(2);
    expect(metric.err).toContain('bad2.targets.json: targets[0].metric: expected a summary metric (a target without week or weeks reads the run summary), got "gapClosed". "gapClosed" is a weekly series column: give week or weeks.');
    expect(metric.err).toContain('bad2.targets.json: targets[1].week: expected a week the scenario reaches (it runs 60 weeks), got 99.');
    // Where the results could not be written, it says so before fitting, not after.
    const nowhere = ccsim(['calibrate', 'small.json', '--targets', 'small.targets.json', '--out', 'no-such-folder/fitted.json', '--report', 'no-such-folder/fit.csv'], dir);
    expect(nowhere.code).toBe(2);
    expect(nowhere.err.trim().split('\n')).toEqual([
      `ccsim calibrate: ${join(dir, 'no-such-folder', 'fitted.json')}: expected a place ccsim can write, got no folder ${join(dir, 'no-such-folder')}. Create the folder first, or choose a path in one that exists.`,
      `ccsim calibrate: ${join(dir, 'no-such-folder', 'fit.csv')}: expected a place ccsim can write, got no folder ${join(dir, 'no-such-folder')}. Create the folder first, or choose a path in one that exists.`,
    ]);
    // Parameters the fit cannot move continuously, or beyond their setting's range; a target the design never gives a value for.
    writeFileSync(
      join(dir, 'bad3.targets.json'),
      JSON.stringify({
        name: 'bad',
        parameters: [
          { path: 'recruitment.mode', min: 0, max: 1 },
          { path: 'recruitment.invitedSites', min: 5, max: 20 },
          { path: 'practice.trialSuccess', min: 0.5, max: 2 },
        ],
        targets: [{ name: 't', metric: 'gapClosedAtFundingEnd', value: 0.3 }],
      }),
    );
    const kinds = ccsim(['calibrate', 'small.json', '--targets', 'bad3.targets.json'], dir);
    expect(kinds.code).toBe(2);
    expect(kinds.err.trim().split('\n')).toEqual([
      'bad3.targets.json: parameters[0].path: expected a setting that takes any number in a range (the fit moves it continuously), got recruitment.mode, which takes one of "voluntary", "targeted", "committed", "mandated". Set it in the scenario by hand (or compare values in an experiment), and fit continuous settings only.',
      'bad3.targets.json: parameters[1].path: expected a setting that takes any number in a range (the fit moves it continuously), got recruitment.invitedSites, which takes a whole number. Set it in the scenario by hand (or compare values in an experiment), and fit continuous settings only.',
      "bad3.targets.json: parameters[2].max: expected a bound within the setting's range (practice.trialSuccess takes 0 to 1), got 2. Lower it to 1 or less.",
    ]);
    writeFileSync(join(dir, 'empty.targets.json'), JSON.stringify({ name: 'e', replicates: 2, parameters: [{ path: 'practice.peerPerYear', min: 0.2, max: 6 }], targets: [{ name: 't', metric: 'memberReported', week: 0, value: 50 }] }));
    const empty = ccsim(['calibrate', 'small.json', '--targets', 'empty.targets.json', '--workers', '1'], dir);
    expect(empty.code).toBe(2);
    expect(empty.err).toContain('empty.targets.json: targets[0]: expected a metric the scenario gives a value for in week 0, got no value of memberReported there in any replicate.');
    const swapped = ccsim(['calibrate', 'small.targets.json', '--targets', 'small.json'], dir);
    expect(swapped.code).toBe(2);
    expect(swapped.err).toContain('small.targets.json is a calibration targets file (it has parameters and targets): give the scenario first and the targets after --targets');
    const missing = ccsim(['calibrate', 'small.json'], dir);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('missing --targets FILE');
  }, 60_000);
});

describe('ccsim calibrate --joint', () => {
  let jdir: string;
  beforeAll(() => {
    jdir = mkdtempSync(join(tmpdir(), 'ccsim-joint-'));
    writeFileSync(join(jdir, 'behaviour.json'), readFileSync(join(process.cwd(), 'scenarios', 'behaviour.json')));
    const programme = (name: string, sites: number, budget: number) => {
      writeFileSync(join(jdir, `${name}.json`), JSON.stringify({ name, time: { weeks: 60, fundingWeeks: 40 }, recruitment: { invitedSites: sites, comparisonSites: 0 }, resources: { budget } }));
      writeFileSync(
        join(jdir, `${name}.targets.json`),
        JSON.stringify({ name, targets: [{ name: 'practice at week 30', metric: 'practice', week: 30, value: 0.5, range: [0.2, 0.8] }, { name: 'gap closed', metric: 'gapClosedAtFundingEnd', value: 0.3, range: [0.1, 0.6] }] }),
      );
    };
    programme('rich', 6, 400000);
    programme('poor', 8, 50000);
    writeFileSync(
      join(jdir, 'calibration.json'),
      JSON.stringify({
        name: 'two programmes',
        behaviour: 'behaviour.json',
        replicates: 4,
        programmes: [
          { scenario: 'rich.json', targets: 'rich.targets.json' },
          { scenario: 'poor.json', targets: 'poor.targets.json' },
        ],
        parameters: [{ path: 'practice.peerPerYear', min: 0.1, max: 6 }],
        method: { maxEvaluations: 12, restarts: 0 },
      }),
    );
  }, 60_000);

  it('fits the shared behaviour to every programme at once and, with --write, records it in the behaviour file and each programme\'s file', () => {
    const r = ccsim(['calibrate', '--joint', 'calibration.json', '--write', '--workers', '2'], jdir);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^two programmes: fitted 1 shared behaviour setting to 4 targets of 2 programmes in \d+ evaluations/);
    expect(r.out).toContain('rich (fitted):');
    expect(r.out).toContain('poor (fitted):');
    expect(r.err).toMatch(/calibrate: fitting the shared behaviour \(at most 12 evaluations\)/);
    expect(r.err).toMatch(/calibrate: \d+ evaluations, best objective [0-9.e+-]+, [0-9.]+ s each, at most (a minute|\d+ minutes) left/);
    const behaviour = JSON.parse(readFileSync(join(jdir, 'behaviour.json'), 'utf8'));
    expect(behaviour.calibration).toMatchObject({ file: 'calibration.json', fitted: [{ path: 'practice.peerPerYear', min: 0.1, max: 6, prior: 1 }], targetsFitted: 4, replicates: 4, seed: 1 });
    expect(behaviour.values.practice.peerPerYear).toBe(behaviour.calibration.fitted[0].value);
    const rich = JSON.parse(readFileSync(join(jdir, 'rich.json'), 'utf8'));
    expect(rich.calibration).toMatchObject({ targets: 'rich.targets.json', fitted: [], replicates: 4, seed: 1 });
    expect(rich.calibration.results).toHaveLength(2);
    expect(rich.calibration.method).toMatch(/^Fitted jointly: the shared behaviour in behaviour.json/);
  }, 120_000);

  it('leaves one programme out, fits the rest and predicts it', () => {
    const one = ccsim(['calibrate', '--joint', 'calibration.json', '--leave-out', 'poor', '--workers', '2'], jdir);
    expect(one.code, one.err).toBe(0);
    expect(one.out).toContain('to 2 targets of 1 programme');
    expect(one.out).toContain('poor (predicted, not fitted):');
    const all = ccsim(['calibrate', '--joint', 'calibration.json', '--leave-one-out', '--report', 'loo.json', '--workers', '2'], jdir);
    expect(all.code, all.err).toBe(0);
    expect(all.out).toMatch(/^rich, predicted from a fit to the others \(practice.peerPerYear [0-9.]+\): \d of 2 figures within their bands/m);
    expect(all.out).toMatch(/^poor, predicted from a fit to the others/m);
    const record = JSON.parse(readFileSync(join(jdir, 'loo.json'), 'utf8'));
    expect(record.predictions.map((p: { leftOut: string }) => p.leftOut)).toEqual(['rich', 'poor']);
    expect(record.predictions[0].results).toHaveLength(2);
  }, 180_000);

  it('screens the behaviour set on each fitted programme with --sensitivity, and refuses its misuse', () => {
    const r = ccsim(['calibrate', '--joint', 'calibration.json', '--sensitivity', 'sensitivity.json', '--trajectories', '2', '--workers', '2'], jdir);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^rich \(\d+ runs\), largest mu\* first:/m);
    const record = JSON.parse(readFileSync(join(jdir, 'sensitivity.json'), 'utf8'));
    expect(record.programmes.map((p: { name: string }) => p.name)).toEqual(['rich', 'poor']);
    expect(record.programmes[0].runs).toBe(2 * (record.ranges.length + 1) * 2);
    expect(record.ranges.length).toBeGreaterThan(100);
    const wrong = ccsim(['calibrate', '--joint', 'calibration.json', '--sensitivity', 'sensitivity.csv'], jdir);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('--sensitivity writes a JSON record: give a file name ending in .json, not sensitivity.csv');
    const alone = ccsim(['calibrate', '--joint', 'calibration.json', '--trajectories', '4'], jdir);
    expect(alone.code).toBe(2);
    expect(alone.err).toContain('--trajectories goes with --sensitivity');
  }, 300_000);

  it('refuses a programme that sets a behaviour value, a fitted setting that is not behaviour, and an unknown programme to leave out', () => {
    writeFileSync(join(jdir, 'own.json'), JSON.stringify({ name: 'own', practice: { externalPerYear: 3 } }));
    writeFileSync(join(jdir, 'own.targets.json'), JSON.stringify({ name: 'own', parameters: [{ path: 'practice.trialSuccess', min: 0.5, max: 0.9 }], targets: [{ name: 'g', metric: 'gapClosedAtFundingEnd', value: 0.3 }] }));
    writeFileSync(
      join(jdir, 'bad.json'),
      JSON.stringify({ name: 'bad', behaviour: 'behaviour.json', programmes: [{ scenario: 'own.json', targets: 'own.targets.json' }], parameters: [{ path: 'coreTeam.hoursPerWeek', min: 1, max: 100 }] }),
    );
    const r = ccsim(['calibrate', '--joint', 'bad.json'], jdir);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toEqual([
      "bad.json: parameters[0].path: expected a behaviour setting (one shared value for every programme), got coreTeam.hoursPerWeek, a design setting. A design value comes from each programme's published description, in its own scenario file; it is not fitted.",
      `${join(jdir, 'own.targets.json')}: parameters: expected no parameters: a programme in a joint fit fits nothing of its own, got practice.trialSuccess. Remove them; the shared behaviour settings to fit are listed in bad.json.`,
      `${join(jdir, 'own.json')}: practice.externalPerYear: expected no behaviour values in a programme file (one shared set, scenarios/behaviour.json, serves every programme), got 3. Remove it: differences between programmes must come from their described design, challenge and context.`,
    ]);
    const out = ccsim(['calibrate', '--joint', 'calibration.json', '--leave-out', 'nobody'], jdir);
    expect(out.code).toBe(2);
    expect(out.err).toContain('calibration.json: programmes: expected the name of a programme to leave out (rich, poor), got "nobody".');
    const both = ccsim(['calibrate', '--joint', 'calibration.json', '--leave-out', 'rich', '--check'], jdir);
    expect(both.code).toBe(2);
    expect(both.err).toContain('--leave-out and --check do not go together');
    const stray = ccsim(['calibrate', 'rich.json', '--targets', 'rich.targets.json', '--write'], jdir);
    expect(stray.code).toBe(2);
    expect(stray.err).toContain('--write goes with --joint');
  }, 60_000);
});
