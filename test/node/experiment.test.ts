/**
 * Experiments as researchers run them: the real `ccsim experiment`, `merge` and `analyze`
 * commands in child processes, checked for what they promise: the same rows whatever the
 * number of workers, sharding or interruption, and analyses that agree with the in-process
 * statistics.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScenarioSchema, replicateSeed, runScenario } from '../../engine/core/index.ts';
import { pairedDifference } from '../../engine/core/stats/interval.ts';
import { acceptability, incrementalCostEffect } from '../../engine/core/stats/cost-effectiveness.ts';
import { createRunPool, resolveWorkerFile, type RunPool } from '../../engine/node/pool/pool.ts';
import { loadExperiment } from '../../engine/node/experiment/files.ts';

const CCSIM = join(process.cwd(), 'bin', 'ccsim.mjs');
const SMALL = { name: 'small', time: { weeks: 60, fundingWeeks: 40 }, recruitment: { invitedSites: 6, comparisonSites: 3 } };

function ccsim(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CCSIM, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const read = (...path: string[]) => readFileSync(join(...path), 'utf8');
const rows = (text: string) => text.trimEnd().split('\n');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ccsim-experiment-'));
  writeFileSync(join(dir, 'small.json'), JSON.stringify(SMALL));
  writeFileSync(
    join(dir, 'sweep.json'),
    JSON.stringify({
      name: 'sweep',
      scenario: './small.json',
      seed: 11,
      replicates: 6,
      parameters: [
        { path: 'tactics.hardness', values: [0, 0.8] },
        { path: 'conflict.management', values: ['ignored', 'managed'] },
      ],
      outputs: { metrics: ['gapClosedAtFundingEnd', 'dropoutShare', 'trueEffect'], series: 10, seriesColumns: ['practice', 'gapClosed'] },
    }),
  );
  // Builds the CLI and worker bundles once, before tests run in parallel.
  expect(ccsim(['experiment', 'sweep.json', '--workers', '1', '--out', 'one-worker'], dir).code).toBe(0);
}, 120_000);

describe('ccsim experiment', () => {
  it('writes the manifest, one row per run, the kept series and the per-point summary', () => {
    const manifest = JSON.parse(read(dir, 'one-worker', 'manifest.json'));
    expect(manifest).toMatchObject({ status: 'complete', ccsim: '0.1.0', shard: null, runs: { total: 24, here: 24, done: 24 }, seeds: { root: 11, seeding: 'common' } });
    expect(manifest.scenario).toEqual(SMALL);
    expect(manifest.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.points).toHaveLength(4);
    expect(typeof manifest.machine.cpus).toBe('number');
    const runs = rows(read(dir, 'one-worker', 'runs.csv'));
    expect(runs[0]).toBe('run,point,tactics.hardness,conflict.management,replicate,seed,gapClosedAtFundingEnd,dropoutShare,trueEffect');
    expect(runs).toHaveLength(25);
    expect(runs[1].split(',').slice(0, 6)).toEqual(['0', manifest.points[0].id, '0', 'ignored', '1', String(replicateSeed(11, 1))]);
    const series = rows(read(dir, 'one-worker', 'series.csv'));
    expect(series[0]).toBe('run,week,practice,gapClosed');
    expect(series.slice(1, 9).map((r) => r.split(',').slice(0, 2).join(','))).toEqual(['0,0', '0,10', '0,20', '0,30', '0,40', '0,50', '0,60', '1,0']);
    const summary = rows(read(dir, 'one-worker', 'summary.csv'));
    expect(summary[0]).toBe('point,tactics.hardness,conflict.management,metric,mean,sd,lower95,upper95,n');
    expect(summary).toHaveLength(1 + 4 * 3);
  });

  it('gives runs that equal the same runs made in process (the CLI seed rule)', () => {
    const runs = rows(read(dir, 'one-worker', 'runs.csv')).slice(1).map((r) => r.split(','));
    const scenario = ScenarioSchema.parse({ ...SMALL, tactics: { hardness: 0.8 }, conflict: { management: 'managed' } });
    const row = runs.find((r) => r[2] === '0.8' && r[3] === 'managed' && r[4] === '3')!;
    const result = runScenario(scenario, { seed: replicateSeed(11, 3) });
    expect(row.slice(6).map(Number)).toEqual([result.summary.gapClosedAtFundingEnd, result.summary.dropoutShare, result.summary.trueEffect]);
  });

  it('writes identical files with 1 and 2 workers', () => {
    expect(ccsim(['experiment', 'sweep.json', '--workers', '2', '--out', 'two-workers'], dir).code).toBe(0);
    for (const file of ['runs.csv', 'series.csv', 'summary.csv']) expect(read(dir, 'two-workers', file), file).toBe(read(dir, 'one-worker', file));
  });

  it('sharded into 3 and merged, gives the files of an unsharded run', () => {
    for (const i of [1, 2, 3]) {
      const r = ccsim(['experiment', 'sweep.json', '--shard', `${i}/3`, '--workers', '1'], dir);
      expect(r.code, r.err).toBe(0);
      expect(JSON.parse(read(dir, 'sweep-results', `shard-${i}-of-3`, 'manifest.json')).runs.here).toBe(8);
    }
    const merged = ccsim(['merge', 'sweep-results/shard-1-of-3', 'sweep-results/shard-3-of-3', 'sweep-results/shard-2-of-3'], dir);
    expect(merged.code, merged.err).toBe(0);
    expect(merged.err).toBe('merged 3 shards of sweep: 24 runs in sweep-results (runs.csv, series.csv, summary.csv)\n');
    for (const file of ['runs.csv', 'series.csv', 'summary.csv']) expect(read(dir, 'sweep-results', file), file).toBe(read(dir, 'one-worker', file));
    expect(JSON.parse(read(dir, 'sweep-results', 'manifest.json'))).toMatchObject({ status: 'complete', shard: null, runs: { done: 24 } });
  });

  it('refuses to merge an incomplete set of shards, or to overwrite results', () => {
    const missing = ccsim(['merge', 'sweep-results/shard-1-of-3', 'sweep-results/shard-2-of-3', '--out', 'partial'], dir);
    expect(missing.code).toBe(2);
    expect(missing.err).toBe('ccsim merge: shard 3 of 3 is missing; merge needs all 3\n');
    const again = ccsim(['experiment', 'sweep.json', '--out', 'one-worker'], dir);
    expect(again.code).toBe(2);
    expect(again.err).toContain('one-worker already holds the complete results of an experiment; choose another --out (ccsim never overwrites results)');
  });

  it('refuses to merge a shard whose files are shorter than its manifest says (a copy cut off), and writes nothing', () => {
    // A copy of shard 2 cut off mid-way: its manifest still says complete, its runs.csv lost its last rows.
    cpSync(join(dir, 'sweep-results', 'shard-2-of-3'), join(dir, 'cut', 'shard-2-of-3'), { recursive: true });
    const runs = read(dir, 'cut', 'shard-2-of-3', 'runs.csv').split('\n');
    writeFileSync(join(dir, 'cut', 'shard-2-of-3', 'runs.csv'), `${runs.slice(0, 5).join('\n')}\n`);
    expect(JSON.parse(read(dir, 'cut', 'shard-2-of-3', 'manifest.json')).status).toBe('complete');
    const merged = ccsim(['merge', 'sweep-results/shard-1-of-3', 'cut/shard-2-of-3', 'sweep-results/shard-3-of-3', '--out', 'cut-merged'], dir);
    expect(merged.code).toBe(2);
    expect(merged.err).toMatch(/^ccsim merge: the shards' runs\.csv files hold fewer runs than their manifests say: run \d+ is in none of /);
    expect(merged.err).toContain('Nothing was written.');
    expect(existsSync(join(dir, 'cut-merged', 'runs.csv'))).toBe(false);
    expect(existsSync(join(dir, 'cut-merged', 'series.csv'))).toBe(false);
    expect(existsSync(join(dir, 'cut-merged', 'manifest.json'))).toBe(false);
  });

  it('starts its workers only for a valid experiment, before its design points are prepared', () => {
    const seen: string[] = [];
    const valid = loadExperiment(join(dir, 'sweep.json'), dir, { beforePreparing: (experiment) => seen.push(experiment.name) });
    expect(valid.ok).toBe(true);
    expect(seen).toEqual(['sweep']);
    writeFileSync(join(dir, 'broken.json'), JSON.stringify({ name: 'broken', scenario: './small.json', replicates: 0, parameters: [] }));
    const broken = loadExperiment(join(dir, 'broken.json'), dir, { beforePreparing: (experiment) => seen.push(experiment.name) });
    expect(broken.ok).toBe(false);
    expect(seen).toEqual(['sweep']);
  });

  it('checks its flags', () => {
    const shard = ccsim(['experiment', 'sweep.json', '--shard', '4/3'], dir);
    expect(shard.code).toBe(2);
    expect(shard.err).toContain('--shard: expected i/N with 1 <= i <= N (such as 2/8), got "4/3"');
    const workers = ccsim(['experiment', 'sweep.json', '--workers', 'all'], dir);
    expect(workers.code).toBe(2);
    expect(workers.err).toContain('--workers: expected a whole number from 1 to 1024, got "all"');
    const file = ccsim(['experiment', 'nope.json'], dir);
    expect(file.code).toBe(2);
    expect(file.err).toBe('nope.json: expected a readable experiment file, got no such file. Check the path (it is relative to the current folder).\n');
  });
});

describe('an interrupted experiment', () => {
  let big: string;
  beforeAll(() => {
    big = join(dir, 'big.json');
    writeFileSync(
      big,
      JSON.stringify({
        name: 'big',
        scenario: './small.json',
        replicates: 40,
        parameters: [{ path: 'tactics.hardness', values: [0, 0.25, 0.5, 0.75, 1] }],
        outputs: { metrics: ['gapClosedAtFundingEnd'], series: 'end' },
      }),
    );
    expect(ccsim(['experiment', 'big.json', '--workers', '2', '--out', 'big-whole'], dir).code).toBe(0);
  }, 120_000);

  it('resumed, gives the same rows as an uninterrupted run: none lost, none twice', async () => {
    const child = spawn(process.execPath, [CCSIM, 'experiment', 'big.json', '--workers', '2', '--out', 'big-cut'], { cwd: dir, stdio: 'ignore' });
    const runsFile = join(dir, 'big-cut', 'runs.csv');
    // Kill it hard (no chance to tidy up) once some but not all runs are on disk.
    for (let i = 0; i < 600; i++) {
      await new Promise((r) => setTimeout(r, 20));
      if (existsSync(runsFile) && rows(read(runsFile)).length > 30) break;
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const before = rows(read(runsFile)).length - 1;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(200);
    // And as if the kill had come in the middle of writing a row.
    appendFileSync(runsFile, '999,deadbeef,0.5,1,123');
    appendFileSync(join(dir, 'big-cut', 'series.csv'), '999,260,0.');

    const refused = ccsim(['experiment', 'big.json', '--out', 'big-cut'], dir);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('big-cut holds an interrupted run');
    expect(refused.err).toContain('pass --resume to finish it');
    const resumed = ccsim(['experiment', 'big.json', '--workers', '2', '--out', 'big-cut', '--resume'], dir);
    expect(resumed.code, resumed.err).toBe(0);
    expect(resumed.err).toContain(`were already on disk`);
    for (const file of ['runs.csv', 'series.csv', 'summary.csv']) expect(read(dir, 'big-cut', file), file).toBe(read(dir, 'big-whole', file));
    const manifest = JSON.parse(read(dir, 'big-cut', 'manifest.json'));
    expect(manifest.status).toBe('complete');
    expect(manifest.resumed).toHaveLength(1);
  }, 120_000);

  it('will not resume over rows whose point or seed is not the one this experiment gives the run', () => {
    // Complete rows of big-whole, the folder marked interrupted, and one row's seed edited (as a
    // row written by another version of the design would differ).
    cpSync(join(dir, 'big-whole'), join(dir, 'big-edited'), { recursive: true });
    const runsFile = join(dir, 'big-edited', 'runs.csv');
    const lines = read(runsFile).split('\n').slice(0, 11);
    const fields = lines[5].split(',');
    fields[4] = String(Number(fields[4]) + 1);
    lines[5] = fields.join(',');
    writeFileSync(runsFile, `${lines.join('\n')}\n`);
    const manifestFile = join(dir, 'big-edited', 'manifest.json');
    writeFileSync(manifestFile, JSON.stringify({ ...JSON.parse(read(manifestFile)), status: 'running' }));
    const r = ccsim(['experiment', 'big.json', '--out', 'big-edited', '--resume'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/row 5 \(run 4\) has point p[0-9a-f]{16}, replicate \d+, seed \d+; this experiment gives it/);
  });

  it('counts the runs on disk from runs.csv, not from a manifest left behind by an interruption', () => {
    cpSync(join(dir, 'big-whole'), join(dir, 'big-stale'), { recursive: true });
    const runsFile = join(dir, 'big-stale', 'runs.csv');
    writeFileSync(runsFile, `${read(runsFile).split('\n').slice(0, 45).join('\n')}\n`);
    const manifestFile = join(dir, 'big-stale', 'manifest.json');
    const manifest = JSON.parse(read(manifestFile));
    writeFileSync(manifestFile, JSON.stringify({ ...manifest, status: 'running', runs: { ...manifest.runs, done: 3 } }));
    const refused = ccsim(['experiment', 'big.json', '--out', 'big-stale'], dir);
    expect(refused.err).toContain('holds an interrupted run (44 of 200 runs on disk)');
    const analysed = ccsim(['analyze', 'big-stale'], dir);
    expect(analysed.code, analysed.err).toBe(0);
    expect(analysed.out).toContain('44 runs (incomplete: 44 of 200 runs)');
  });

  it('will not be resumed by a different experiment', () => {
    writeFileSync(join(dir, 'other.json'), JSON.stringify({ ...JSON.parse(read(big)), replicates: 41 }));
    const r = ccsim(['experiment', 'other.json', '--out', 'big-whole', '--resume'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('big-whole holds results of a different experiment');
  });
});

describe('ccsim analyze', () => {
  it('compares each point with the reference, paired by replicate, as pairedDifference does', () => {
    const r = ccsim(['analyze', 'one-worker'], dir);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('sweep: factorial design, 4 points x 6 replicates, 24 runs');
    expect(r.out).toContain('paired by replicate (common random numbers)');
    const runs = rows(read(dir, 'one-worker', 'runs.csv')).slice(1).map((x) => x.split(','));
    const values = (hardness: string, management: string) => runs.filter((x) => x[2] === hardness && x[3] === management).map((x) => Number(x[6]));
    const expected = pairedDifference(values('0', 'ignored'), values('0.8', 'managed'));
    const analysis = rows(read(dir, 'one-worker', 'analysis.csv'));
    expect(analysis[0]).toBe('analysis,metric,point,versus,parameter,statistic,estimate,lower95,upper95,n');
    const manifest = JSON.parse(read(dir, 'one-worker', 'manifest.json'));
    const line = analysis.find((x) => x.startsWith(`difference,gapClosedAtFundingEnd,${manifest.points[3].id},`))!.split(',');
    expect(Number(line[6])).toBeCloseTo(expected.mean, 12);
    expect(Number(line[7])).toBeCloseTo(expected.lower, 12);
    expect(Number(line[8])).toBeCloseTo(expected.upper, 12);
    expect(read(dir, 'one-worker', 'analysis.txt')).toBe(r.out);
    // The report names the reference by its number and settings, reads shares in percentage
    // points as the studio does (analysis.csv keeps shares), and says what * means.
    expect(r.out).toContain('Each point minus the reference, point 1: tactics.hardness=0, conflict.management=ignored (id p');
    expect(r.out).toContain('gapClosedAtFundingEnd (difference in percentage points)');
    const pts = r.out.split('\n').find((x) => x.includes('point 4: tactics.hardness=0.8, conflict.management=managed'))!;
    const shown = /managed\s+([+-]?[\d.]+) pts /.exec(pts)!;
    expect(Number(shown[1])).toBeCloseTo(100 * expected.mean, 1);
    expect(r.out).toContain('* the 95% interval excludes 0');
  });

  it('prices each point against the reference: the paired cost and care differences, the ICER with Fieller\'s interval, and the acceptability curve', () => {
    writeFileSync(join(dir, 'mandated.json'), JSON.stringify({ name: 'mandated', time: { weeks: 104, fundingWeeks: 78 }, recruitment: { invitedSites: 8, comparisonSites: 2, mode: 'mandated' } }));
    writeFileSync(
      join(dir, 'priced.json'),
      JSON.stringify({ name: 'priced', scenario: './mandated.json', seed: 5, replicates: 8, parameters: [{ path: 'resources.budget', values: [100000, 1600000] }], outputs: { metrics: ['costFull', 'careImproved', 'trueEffect'] } }),
    );
    expect(ccsim(['experiment', 'priced.json', '--workers', '1', '--out', 'priced'], dir).code).toBe(0);
    const r = ccsim(['analyze', 'priced'], dir);
    expect(r.code, r.err).toBe(0);
    const runs = rows(read(dir, 'priced', 'runs.csv')).slice(1).map((x) => x.split(','));
    const of = (hours: string, column: number) => runs.filter((x) => x[2] === hours).sort((a, b) => Number(a[3]) - Number(b[3])).map((x) => Number(x[column]));
    const dC = of('1600000', 5).map((c, i) => c - of('100000', 5)[i]);
    const dE = of('1600000', 6).map((e, i) => e - of('100000', 6)[i]);
    const expected = incrementalCostEffect(dC, dE);
    const analysis = rows(read(dir, 'priced', 'analysis.csv')).map((x) => x.split(','));
    const icer = analysis.find((x) => x[0] === 'cost-effectiveness' && x[1] === 'costFull/careImproved' && x[5].startsWith('icer'))!;
    expect(icer[5]).toBe(`icer (${expected.verdict})`);
    expect(Number(icer[6])).toBeCloseTo(expected.icer!, 6);
    if (expected.lower !== null) expect(Number(icer[7])).toBeCloseTo(expected.lower, 6);
    const curve = analysis.filter((x) => x[0] === 'cost-effectiveness' && x[5] === 'probability cost-effective');
    expect(curve[0][4]).toBe('willingnessToPay=0');
    expect(Number(curve[0][6])).toBeCloseTo(acceptability(dC, dE, [0])[0], 12);
    expect(r.out).toContain('Cost-effectiveness against the reference, paired by replicate');
    expect(r.out).toMatch(/per case \[(£[\d,]+, £[\d,]+|unbounded: the effect may not differ)\]/);
    expect(r.out).toContain('probability cost-effective at £0: ');
  });

  it('says what is wrong with its arguments', () => {
    const metric = ccsim(['analyze', 'one-worker', '--metric', 'dropoutshare'], dir);
    expect(metric.code).toBe(2);
    expect(metric.err).toContain('--metric: expected a metric this experiment kept (gapClosedAtFundingEnd, dropoutShare, trueEffect), got "dropoutshare"; did you mean "dropoutShare"?');
    const folder = ccsim(['analyze', 'small.json'], dir);
    expect(folder.code).toBe(2);
    expect(folder.err).toContain('holds no manifest.json');
  });
});

describe('the run pool', () => {
  let pool: RunPool;
  beforeAll(async () => {
    pool = createRunPool({ threads: 2, workerFile: await resolveWorkerFile() });
  }, 60_000);
  afterAll(() => pool.close());

  it('gives exactly the results of runs made in process', async () => {
    const scenario = ScenarioSchema.parse(SMALL);
    const seeds = [1, 2, 3].map((r) => replicateSeed(5, r));
    const inWorkers = await pool.run(scenario, seeds);
    const slim = await pool.runBatch(scenario, seeds, { slim: { series: false } });
    seeds.forEach((seed, i) => {
      const here = runScenario(scenario, { seed });
      expect(inWorkers[i].summary).toEqual(here.summary);
      expect(inWorkers[i].series.values).toEqual(here.series.values);
      expect(inWorkers[i].sites).toEqual(here.sites);
      expect(inWorkers[i].events).toEqual(here.events);
      expect(slim[i].summary).toEqual(here.summary);
      expect(slim[i].series.values).toEqual([]);
    });
  });
});
