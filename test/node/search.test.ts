/**
 * Design searches as designers and researchers run them: the real `ccsim design` command, and
 * runSearch in process, checked for what they promise: every design meets the same contexts with
 * the same seeds, the front respects the budget, the files agree with each other, an interrupted
 * search resumed (on another number of workers) gives the very same files, and mistakes in a
 * search file get clear errors before anything runs.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSearch } from '../../engine/node/search/files.ts';
import { runSearch } from '../../engine/node/search/run-search.ts';
import { resolveWorkerFile } from '../../engine/node/pool/pool.ts';

const CCSIM = join(process.cwd(), 'bin', 'ccsim.mjs');
// In euros: every amount a report writes is in the scenario's currency.
const SMALL = { name: 'small', time: { weeks: 100, fundingWeeks: 40 }, recruitment: { invitedSites: 6, comparisonSites: 3 }, costs: { currency: '€' } };
const SEARCH = {
  name: 'tiny search',
  scenario: './small.json',
  seed: 5,
  replicates: 2,
  levers: [
    { path: 'resources.budget', min: 100000, max: 900000 },
    { path: 'tactics.hardness', min: 0, max: 1 },
    { path: 'conflict.management', values: ['ignored', 'managed'] },
  ],
  contexts: {
    samples: 6,
    factors: [
      { path: 'resources.staffTurnoverPerYear', min: 0.05, max: 0.3 },
      { path: 'context.sites.punitiveHistory', min: 0.1, max: 0.7 },
    ],
  },
  objectives: [{ metric: 'programmeEffectOneYearAfter' }, { metric: 'costFull', goal: 'min' }],
  thresholds: [{ metric: 'programmeEffectOneYearAfter', atLeast: 0.3 }],
  budget: { max: 600000 },
  search: { population: 6, generations: 2 },
};

function ccsim(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CCSIM, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const read = (...path: string[]) => readFileSync(join(...path), 'utf8');
const table = (text: string) => {
  const [head, ...rest] = text.trimEnd().split('\n');
  const columns = head.split(',');
  return rest.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i], v])));
};

let dir: string;
let cli: ReturnType<typeof ccsim>;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ccsim-search-'));
  writeFileSync(join(dir, 'small.json'), JSON.stringify(SMALL));
  writeFileSync(join(dir, 'search.json'), JSON.stringify(SEARCH));
  cli = ccsim(['design', 'search.json', '--out', 'whole', '--workers', '2'], dir);
}, 180_000);

describe('ccsim design', () => {
  it('writes the front, every design, robustness, the boxes and every run', () => {
    expect(cli.err).toMatch(/tiny search: \d+ designs, \d+ runs in/);
    expect(cli.code).toBe(0);
    expect(cli.out).toContain('The Pareto front:');
    expect(cli.out).toContain('Budget: costFull at most €600,000 on average over the contexts');
    expect(cli.out).not.toContain('£');
    expect(read(dir, 'whole', 'report.txt')).toBe(cli.out);
    const manifest = JSON.parse(read(dir, 'whole', 'manifest.json'));
    expect(manifest).toMatchObject({ format: 'ccsim-search-results', status: 'complete', generationsDone: 3 });
    const designs = table(read(dir, 'whole', 'designs.csv'));
    expect(designs.length).toBe(manifest.designs);
    expect(new Set(designs.map((d) => d.design)).size).toBe(designs.length);
    // Three generations of six, less the designs a later generation proposed again.
    expect(designs.length).toBeGreaterThan(6);
    expect(designs.length).toBeLessThanOrEqual(18);
    const front = designs.filter((d) => d.onFront === 'true');
    expect(front.length).toBeGreaterThan(0);
    expect(front.every((d) => d.frontRank === '1')).toBe(true);
    // Some designs are within the budget, so every design on the front is.
    expect(designs.some((d) => d.withinBudget === 'true')).toBe(true);
    expect(front.every((d) => d.withinBudget === 'true' && Number(d.budgetMean) <= 600000)).toBe(true);
    // No design on the front is beaten on both objectives by any design within the budget.
    for (const f of front) {
      const beaten = designs.some(
        (d) =>
          d.withinBudget === 'true' &&
          Number(d.programmeEffectOneYearAfter) >= Number(f.programmeEffectOneYearAfter) &&
          Number(d.costFull) <= Number(f.costFull) &&
          (Number(d.programmeEffectOneYearAfter) > Number(f.programmeEffectOneYearAfter) || Number(d.costFull) < Number(f.costFull)),
      );
      expect(beaten).toBe(false);
    }
    const robustness = table(read(dir, 'whole', 'robustness.csv'));
    expect(new Set(robustness.map((r) => r.metric))).toEqual(new Set(['programmeEffectOneYearAfter', 'costFull', 'careImproved']));
    expect(robustness.length).toBe(3 * designs.length);
    // The best design in each context has no regret there, so some design has a least regret of 0 on each metric.
    for (const metric of ['programmeEffectOneYearAfter', 'costFull']) {
      const rows = robustness.filter((r) => r.metric === metric);
      expect(rows.every((r) => Number(r.meanRegret) >= 0 && Number(r.maxRegret) >= Number(r.meanRegret))).toBe(true);
    }
    expect(read(dir, 'whole', 'fails-when.csv').split('\n')[0]).toBe('design,box,coverage,density,mass,factor,lower,upper,description');
    const contexts = table(read(dir, 'whole', 'contexts.csv'));
    expect(contexts).toHaveLength(6);
  });

  it('runs every design in every context with the same seeds (common random numbers)', () => {
    const generations = readdirSync(join(dir, 'whole')).filter((f) => f.startsWith('generation-'));
    let runs = 0;
    const seedOf = new Map<string, string>();
    for (const g of generations) {
      for (const row of table(read(dir, 'whole', g, 'runs.csv'))) {
        runs++;
        const seen = seedOf.get(row.replicate);
        if (seen) expect(row.seed).toBe(seen);
        else seedOf.set(row.replicate, row.seed);
      }
    }
    expect(seedOf.size).toBe(2);
    const designs = table(read(dir, 'whole', 'designs.csv'));
    expect(runs).toBe(designs.length * 6 * 2);
  });

  it('resumes an interrupted search (on one worker) to the very same files', async () => {
    const loaded = loadSearch('search.json', dir);
    if (!loaded.ok) throw new Error('the search file should load');
    const out = join(dir, 'interrupted');
    const controller = new AbortController();
    const workerFile = await resolveWorkerFile();
    // Stop in the middle of the second generation.
    await expect(
      runSearch(loaded.value, {
        out,
        workers: 1,
        workerFile,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.generation === 2 && p.done >= 4) controller.abort();
        },
      }),
    ).rejects.toThrow();
    expect(JSON.parse(read(out, 'manifest.json')).status).toBe('running');
    expect(() => readFileSync(join(out, 'designs.csv'))).toThrow();
    const resumed = await runSearch(loaded.value, { out, workers: 1, workerFile, resume: true });
    expect(resumed.ran).toBeLessThan(resumed.runs);
    for (const file of ['designs.csv', 'robustness.csv', 'fails-when.csv', 'report.txt', 'contexts.csv']) expect(read(out, file)).toBe(read(dir, 'whole', file));
    for (const g of readdirSync(join(dir, 'whole')).filter((f) => f.startsWith('generation-'))) expect(read(out, g, 'runs.csv')).toBe(read(dir, 'whole', g, 'runs.csv'));
  }, 180_000);

  it('runs as two shards sharing one folder (as a SLURM array does) to the very same findings', async () => {
    const shard = (i: number) =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        const child = spawn(process.execPath, [CCSIM, 'design', 'search.json', '--out', 'sharded', '--workers', '1', '--shard', `${i}/2`], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
        let out = '';
        let err = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (err += d));
        child.on('close', (code) => resolve({ code, out, err }));
      });
    const [one, two] = await Promise.all([shard(1), shard(2)]);
    expect(one.code, one.err).toBe(0);
    expect(two.code, two.err).toBe(0);
    // Shard 1 prints and writes the findings; shard 2 only its runs.
    expect(one.out).toBe(read(dir, 'whole', 'report.txt'));
    expect(two.out).toBe('');
    for (const file of ['designs.csv', 'robustness.csv', 'fails-when.csv', 'acceptability.csv', 'value-of-information.csv', 'results.json', 'report.txt', 'contexts.csv']) expect(read(dir, 'sharded', file), file).toBe(read(dir, 'whole', file));
    expect(JSON.parse(read(dir, 'sharded', 'manifest-shard-2-of-2.json'))).toMatchObject({ status: 'complete', shard: { index: 2, count: 2 } });
    // Each generation's runs are split between the shards, none lost or made twice.
    for (const g of readdirSync(join(dir, 'whole')).filter((f) => f.startsWith('generation-'))) {
      const whole = read(dir, 'whole', g, 'runs.csv').trimEnd().split('\n');
      const parts = [1, 2].flatMap((i) => read(dir, 'sharded', g, `shard-${i}-of-2`, 'runs.csv').trimEnd().split('\n').slice(1));
      expect(parts.sort()).toEqual(whole.slice(1).sort());
    }
    // A shard cannot join a folder sharded another way.
    const wrong = ccsim(['design', 'search.json', '--out', 'sharded', '--shard', '1/3'], dir);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('sharded another way');
  }, 180_000);

  it("writes money in the scenario's currency in ccsim run's table too", () => {
    const table = ccsim(['run', 'small.json', '--summary', '--replicates', '1..2', '--format', 'table'], dir);
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/^ {2}costFull +\d+ +\[\d+, \d+\] +€$/m);
    expect(table.out).toMatch(/^ {2}costPerCaseImproved .*€ per case$/m);
  });

  it('refuses to write over results, and to resume another search', () => {
    const again = ccsim(['design', 'search.json', '--out', 'whole'], dir);
    expect(again.code).toBe(2);
    expect(again.err).toContain('already holds the complete results of a design search');
    writeFileSync(join(dir, 'other.json'), JSON.stringify({ ...SEARCH, seed: 6 }));
    const other = ccsim(['design', 'other.json', '--out', 'whole', '--resume'], dir);
    expect(other.code).toBe(2);
    expect(other.err).toContain('holds a different search');
  });

  it('reports mistakes in a search file with where and how to fix them, before running anything', () => {
    const cases: Array<[object, RegExp]> = [
      [{ objectives: [{ metric: 'programmeEfectOneYearAfter' }] }, /objectives\[0\]\.metric: expected a summary metric.*Did you mean "programmeEffectOneYearAfter"/s],
      [{ objectives: [{ metric: 'costFull' }] }, /objectives\[0\]\.goal: expected "max" or "min".*Add "goal": "min"/s],
      [{ levers: [{ path: 'tactics.hardnes', min: 0, max: 1 }] }, /levers\[0\]\.path: .*Did you mean "hardness"/s],
      [{ levers: [{ path: 'tactics.hardness', min: 0, max: 2 }] }, /levers\[0\]\.max: expected values of tactics\.hardness that are a number from 0 to 1/],
      [{ levers: [{ path: 'tactics.hardness', min: 0.5, max: 0.2 }] }, /levers\[0\]\.max: expected a maximum above the minimum/],
      [{ objectives: [{ satisficing: true }], thresholds: [] }, /thresholds: expected thresholds for the satisficing objective/],
      [{ contexts: { factors: [{ path: 'tactics.hardness', min: 0, max: 1 }] } }, /contexts\.factors\[0\]\.path: expected each path once; lever 2 already sets tactics\.hardness/],
    ];
    for (const [change, message] of cases) {
      writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...SEARCH, ...change }));
      const r = ccsim(['design', 'bad.json', '--out', 'never'], dir);
      expect(r.code, JSON.stringify(change)).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err).not.toMatch(/at .*\.ts:\d+/);
    }
    expect(readdirSync(dir)).not.toContain('never');
  });
});
