/**
 * An experiment on a real SLURM cluster, not a mock: a throwaway single-node cluster (Debian's
 * slurm-wlm and munge, started by scripts/slurm/up.sh), the documented array script
 * (docs/slurm/ccsim-array.sbatch) submitted with sbatch --array, one shard per task, then
 * `ccsim merge`; the merged result must equal an unsharded run. Every daemon is stopped after.
 * .ci/run installs SLURM when it is missing; elsewhere the test says how to install it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = process.cwd();
const CCSIM = join(ROOT, 'bin', 'ccsim.mjs');
const SHARDS = 3;

let base: string;
let dir: string;
let env: NodeJS.ProcessEnv;

function missingCommands(): string[] {
  return ['sbatch', 'squeue', 'scontrol', 'slurmctld', 'slurmd', 'munged'].filter((c) => spawnSync('sh', ['-c', `command -v ${c}`]).status !== 0);
}

/** Run one of the cluster scripts; a failure shows what it printed. */
function cluster(script: 'up.sh' | 'down.sh'): void {
  const r = spawnSync('bash', [join(ROOT, 'scripts', 'slurm', script)], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`scripts/slurm/${script} failed (${r.status}):\n${r.stdout}${r.stderr}`);
}

function ccsim(args: string[]) {
  const r = spawnSync(process.execPath, [CCSIM, ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/**
 * Submit a documented array script with resources this one-node, two-CPU cluster can give, wait
 * for every task, and expect each to have exited 0 (squeue is also empty if slurmctld died, so
 * the exit codes are read back), showing the tasks' logs if not.
 */
async function runArray(script: string, tasks: number, memory: string, logPrefix: string, args: string[]): Promise<void> {
  const jobId = execFileSync(
    'sbatch',
    ['--parsable', `--array=1-${tasks}`, '--cpus-per-task=1', `--mem-per-cpu=${memory}`, `--chdir=${ROOT}`, `--output=${join(dir, `${logPrefix}-%A_%a.log`)}`, join(ROOT, 'docs', 'slurm', script), ...args],
    { env, encoding: 'utf8' },
  ).trim();
  expect(jobId).toMatch(/^\d+$/);
  const deadline = Date.now() + 120_000;
  while (spawnSync('squeue', ['-h', '-j', jobId], { env, encoding: 'utf8' }).stdout.trim() !== '') {
    if (Date.now() > deadline) throw new Error(`the array job ${jobId} did not finish within 120 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const jobs = execFileSync('scontrol', ['show', 'job', jobId], { env, encoding: 'utf8' });
  const codes = [...jobs.matchAll(/ExitCode=(\d+:\d+)/g)].map((m) => m[1]);
  const logs = readdirSync(dir).filter((f) => f.startsWith(`${logPrefix}-`)).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
  expect(codes, logs).toEqual(Array(tasks).fill('0:0'));
}

beforeAll(() => {
  const missing = missingCommands();
  if (missing.length) {
    throw new Error(`SLURM is not installed here (missing ${missing.join(', ')}). .ci/run installs it; on Debian: apt-get install --no-install-recommends slurm-wlm munge`);
  }
  base = mkdtempSync(join(tmpdir(), 'ccsim-slurm-'));
  // munged wants every folder above its socket searchable by all (mkdtemp makes it private).
  chmodSync(base, 0o711);
  dir = mkdtempSync(join(tmpdir(), 'ccsim-slurm-work-'));
  env = { ...process.env, SLURM_BASE: join(base, 'cluster'), SLURM_CONF: join(base, 'cluster', 'etc', 'slurm.conf') };
  cluster('up.sh');
  // The bundles the tasks run, built once before they start together.
  expect(spawnSync(process.execPath, [CCSIM, 'experiment', '--help']).status).toBe(0);
}, 60_000);

afterAll(() => {
  if (!env) return;
  cluster('down.sh');
  for (const daemon of ['munged', 'slurmctld', 'slurmd']) expect(existsSync(join(base, 'cluster', 'run', `${daemon}.pid`)), `${daemon} stopped`).toBe(false);
}, 60_000);

describe('an experiment as a SLURM array job', () => {
  it('runs one shard per task, and the merged shards equal an unsharded run', async () => {
    writeFileSync(join(dir, 'small.json'), JSON.stringify({ name: 'small', time: { weeks: 60, fundingWeeks: 40 }, recruitment: { invitedSites: 6, comparisonSites: 3 } }));
    writeFileSync(
      join(dir, 'exp.json'),
      JSON.stringify({
        name: 'on slurm',
        scenario: './small.json',
        replicates: 5,
        parameters: [{ path: 'tactics.hardness', values: [0, 0.5, 1] }],
        outputs: { metrics: ['gapClosedAtFundingEnd', 'dropoutShare'], series: 'end' },
      }),
    );
    expect(ccsim(['experiment', 'exp.json', '--workers', '1', '--out', 'whole']).code).toBe(0);

    await runArray('ccsim-array.sbatch', SHARDS, '200M', 'slurm', [join(dir, 'exp.json'), join(dir, 'results')]);
    const shards = readdirSync(join(dir, 'results')).sort();
    expect(shards).toEqual(Array.from({ length: SHARDS }, (_, i) => `shard-${i + 1}-of-${SHARDS}`));

    const merged = ccsim(['merge', ...shards.map((s) => join('results', s))]);
    expect(merged.code, merged.err).toBe(0);
    for (const file of ['runs.csv', 'series.csv', 'summary.csv']) expect(readFileSync(join(dir, 'results', file), 'utf8'), file).toBe(readFileSync(join(dir, 'whole', file), 'utf8'));
  }, 150_000);
});

describe('a design search as a SLURM array job', () => {
  it('runs one shard per task in a shared folder, the tasks waiting for each other between generations, to the findings of an unsharded search', async () => {
    writeFileSync(join(dir, 'short.json'), JSON.stringify({ name: 'short', time: { weeks: 100, fundingWeeks: 40 }, recruitment: { invitedSites: 5, comparisonSites: 2 } }));
    writeFileSync(
      join(dir, 'search.json'),
      JSON.stringify({
        name: 'search on slurm',
        scenario: './short.json',
        seed: 4,
        replicates: 2,
        levers: [
          { path: 'resources.budget', min: 100000, max: 900000 },
          { path: 'conflict.management', values: ['ignored', 'managed'] },
        ],
        contexts: { samples: 4, factors: [{ path: 'resources.staffTurnoverPerYear', min: 0.05, max: 0.3 }] },
        objectives: [{ metric: 'programmeEffectOneYearAfter' }, { metric: 'costFull', goal: 'min' }],
        thresholds: [{ metric: 'programmeEffectOneYearAfter', atLeast: 0.3 }],
        search: { population: 4, generations: 2 },
      }),
    );
    expect(ccsim(['design', 'search.json', '--workers', '1', '--out', 'search-whole']).code).toBe(0);
    // Two tasks: this cluster has two CPUs, so both run at once (as the script says they must).
    await runArray('ccsim-design-array.sbatch', 2, '300M', 'design', [join(dir, 'search.json'), join(dir, 'search-results')]);
    for (const file of ['designs.csv', 'robustness.csv', 'fails-when.csv', 'report.txt']) {
      expect(readFileSync(join(dir, 'search-results', file), 'utf8'), file).toBe(readFileSync(join(dir, 'search-whole', file), 'utf8'));
    }
  }, 150_000);
});
