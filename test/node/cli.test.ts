/** The ccsim command line, run as a user runs it (the real launcher, in a child process). */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { schemaText } from '../../engine/node/cli/schema-command.ts';
import { SUMMARY_METRICS } from '../../engine/core/index.ts';

const CCSIM = join(process.cwd(), 'bin', 'ccsim.mjs');

function ccsim(args: string[], cwd = process.cwd()) {
  const r = spawnSync(process.execPath, [CCSIM, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ccsim-cli-'));
  writeFileSync(join(dir, 'small.json'), JSON.stringify({ name: 'small', time: { weeks: 60, fundingWeeks: 40 }, recruitment: { invitedSites: 6, comparisonSites: 3 } }));
  writeFileSync(join(dir, 'child.json'), JSON.stringify({ extends: './small.json', name: 'child', coreTeam: { hoursPerWeek: 20 } }));
  writeFileSync(join(dir, 'bad.json'), JSON.stringify({ name: 'bad', coreTeam: { hoursPerWeek: -5, credibilty: 0.5 }, recruitment: { mode: 'voluntry' } }));
  writeFileSync(join(dir, 'bad-child.json'), JSON.stringify({ extends: './small.json', tactics: { hardness: 3 } }));
  writeFileSync(join(dir, 'broken.json'), '{"name": "x",,}');
  ccsim(['version']); // builds the bundle once, before the tests run in parallel
});

describe('ccsim run', () => {
  it('prints the weekly series as CSV, one row per replicate and week, first columns replicate,seed,week', () => {
    const r = ccsim(['run', join(dir, 'small.json'), '--replicates', '2']);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0].startsWith('replicate,seed,week,phase,memberTrue,')).toBe(true);
    expect(lines).toHaveLength(1 + 2 * 61);
    expect(lines[1].startsWith('1,')).toBe(true);
    expect(lines[62].startsWith('2,')).toBe(true);
  });

  it('is byte-identical for the same scenario and seed, and differs for another seed', () => {
    const a = ccsim(['run', join(dir, 'small.json'), '--seed', '5', '--replicates', '3']).out;
    const b = ccsim(['run', join(dir, 'small.json'), '--seed', '5', '--replicates', '3']).out;
    const c = ccsim(['run', join(dir, 'small.json'), '--seed', '6', '--replicates', '3']).out;
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('replicates 3..5 alone give the same rows as inside a run of 1..10', () => {
    const all = ccsim(['run', join(dir, 'small.json'), '--replicates', '10', '--summary']).out.trim().split('\n');
    const some = ccsim(['run', join(dir, 'small.json'), '--replicates', '3..5', '--summary']).out.trim().split('\n');
    expect(some[0]).toBe(all[0]);
    expect(some.slice(1)).toEqual(all.slice(3, 6));
  });

  it('--summary gives one row per replicate with the summary metrics', () => {
    const r = ccsim(['run', join(dir, 'small.json'), '--summary', '--replicates', '4']);
    const [header, ...rows] = r.out.trim().split('\n');
    for (const name of ['gapClosedAtFundingEnd', 'gapClosedOneYearAfter', 'sustainmentRatio', 'dropoutShare', 'didEstimate', 'trueEffect', 'spreadAcrossSites']) {
      expect(header.split(',')).toContain(name);
    }
    expect(rows).toHaveLength(4);
  });

  it('--format json gives the same numbers as CSV', () => {
    const csv = ccsim(['run', join(dir, 'small.json'), '--summary']).out.trim().split('\n');
    const json = JSON.parse(ccsim(['run', join(dir, 'small.json'), '--summary', '--format', 'json']).out);
    const header = csv[0].split(',');
    const values = csv[1].split(',');
    expect(json).toHaveLength(1);
    header.forEach((name, i) => {
      const v = json[0][name];
      expect(v === null ? '' : String(v)).toBe(values[i]);
    });
  });

  it('--sites and --events give per-site and per-event rows', () => {
    const sites = ccsim(['run', join(dir, 'small.json'), '--sites']).out.trim().split('\n');
    expect(sites).toHaveLength(1 + 9);
    expect(sites[0].startsWith('replicate,seed,site,type,role,')).toBe(true);
    const events = ccsim(['run', join(dir, 'small.json'), '--events']).out.trim().split('\n');
    expect(events[0]).toBe('replicate,seed,week,kind,site,value');
    expect(events.some((l) => l.includes(',joined,'))).toBe(true);
  });

  it('--set overrides any path and --weeks the horizon; an extends chain is followed', () => {
    const r = ccsim(['run', join(dir, 'child.json'), '--weeks', '10', '--set', 'tactics.hardness=0', '--set', 'community.groups[1].share=0.5']);
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toHaveLength(12);
  });

  it('--out writes the file, and leaves nothing behind when the scenario is bad', () => {
    const out = join(dir, 'series.csv');
    expect(ccsim(['run', join(dir, 'small.json'), '--out', out]).code).toBe(0);
    expect(readFileSync(out, 'utf8').split('\n')[0].startsWith('replicate,seed,week')).toBe(true);
    const bad = join(dir, 'never.csv');
    expect(ccsim(['run', join(dir, 'bad.json'), '--out', bad]).code).toBe(2);
    expect(existsSync(bad)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
  });

  it('--format table names its overrides, so tables of one file under different --set read apart', () => {
    const a = ccsim(['run', join(dir, 'small.json'), '--summary', '--format', 'table', '--set', 'tactics.hardness=0']);
    const b = ccsim(['run', join(dir, 'small.json'), '--summary', '--format', 'table', '--set', 'tactics.hardness=0.5']);
    expect(a.out.split('\n')[0]).toContain('tactics.hardness=0');
    expect(b.out.split('\n')[0]).toContain('tactics.hardness=0.5');
    expect(a.out.split('\n')[0]).not.toBe(b.out.split('\n')[0]);
  });

  it('--format table prints the summary with intervals', () => {
    const r = ccsim(['run', join(dir, 'small.json'), '--summary', '--replicates', '3', '--format', 'table']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('mean over 3 replicates');
    expect(r.out).toMatch(/gapClosedAtFundingEnd\s+[\d.]+\s+\[/);
    // Intervals of what cannot leave its bounds (a share of sites, a count) stay within them.
    let bounded = 0;
    for (const m of r.out.matchAll(/^ {2}(\w+)\s+-?[\d.]+\s+\[(-?[\d.]+), (-?[\d.]+)\]/gm)) {
      const bounds = SUMMARY_METRICS.find((x) => x.name === m[1])?.bounds;
      if (!bounds) continue;
      bounded++;
      expect(Number(m[2]), m[1]).toBeGreaterThanOrEqual(bounds[0]);
      expect(Number(m[3]), m[1]).toBeLessThanOrEqual(bounds[1]);
    }
    expect(bounded).toBeGreaterThan(10);
    // A rate's cost per unit of improvement reads sensibly; a metric some runs leave undefined says over how many it is.
    const rate = ccsim(['run', 'scenarios/lessons/01-challenge/frequent-events.json', '--summary', '--replicates', '3', '--format', 'table']);
    expect(rate.out).toMatch(/costPerUnitImproved .* £ per unit of improvement \(per 1,000 catheter-days\)\n/);
    // With only three sites invited, some runs have no member site at all: their figures are not given.
    const partial = ccsim(['run', 'scenarios/lessons/04-resources/under-resourced.json', '--summary', '--replicates', '24', '--seed', '2026', '--format', 'table', '--set', 'recruitment.invitedSites=3']);
    expect(partial.out).toMatch(/gapClosedAtFundingEnd .* share {2}\((1?\d|2[0-3]) of 24 runs\)\n/);
  });
});

describe('errors and usage', () => {
  it('a bad scenario prints every problem with file, path, expected, found and fix, and exits 2', () => {
    const r = ccsim(['run', join(dir, 'bad.json')]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    const lines = r.err.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('bad.json: coreTeam.hoursPerWeek: expected a number from 0 to 100000 (hours per week), got -5.');
    expect(r.err).toContain('Did you mean "credibility"?');
    expect(r.err).toContain('Did you mean "voluntary"?');
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('a problem in a file that extends another names the file that holds the value', () => {
    const r = ccsim(['run', join(dir, 'bad-child.json')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('bad-child.json: tactics.hardness: expected a number from 0 to 1');
  });

  it('bad flags and commands print usage and exit 2', () => {
    for (const args of [['frobnicate'], ['run'], ['run', 'a.json', 'b.json'], ['run', join(dir, 'small.json'), '--bogus'], ['run', join(dir, 'small.json'), '--seed', 'abc'], ['run', join(dir, 'small.json'), '--replicates', '5..3'], ['run', join(dir, 'small.json'), '--format', 'xml'], ['run', join(dir, 'small.json'), '--summary', '--sites'], ['run', join(dir, 'small.json'), '--format', 'table'], ['validate'], ['schema', '--bogus']]) {
      const r = ccsim(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toMatch(/Usage: ccsim/);
    }
    expect(ccsim([]).code).toBe(2);
  });

  it('--help on every command prints its usage and exits 0', () => {
    for (const args of [['--help'], ['run', '--help'], ['validate', '--help'], ['schema', '--help'], ['help']]) {
      const r = ccsim(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.out).toMatch(/Usage: ccsim/);
    }
  });

  it('a missing file and broken JSON are reported, not thrown', () => {
    const missing = ccsim(['run', join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('no such file');
    const broken = ccsim(['run', join(dir, 'broken.json')]);
    expect(broken.code).toBe(2);
    expect(broken.err).toContain('expected valid JSON');
    expect(broken.err).toContain('line 1, column');
  });

  it('hostile files and overrides get one clear message each and exit 2 (issue 11, items 4 and 11)', () => {
    writeFileSync(join(dir, 'deep.json'), `{"name":"deep","description":${'['.repeat(10_000)}1${']'.repeat(10_000)}}`);
    writeFileSync(join(dir, 'long.json'), JSON.stringify({ name: 'long', description: 'x'.repeat(6_000) }));
    writeFileSync(join(dir, 'proto.json'), '{"extends":"./small.json","__proto__":{"name":"evil"}}');
    writeFileSync(join(dir, 'huge-seed.json'), '{"name":"seed","seed":1e300}');
    writeFileSync(join(dir, 'no-scenario.json'), JSON.stringify({ name: 'e', replicates: 2 }));
    writeFileSync(join(dir, 'endless.json'), JSON.stringify({ extends: '/dev/zero', name: 'z' }));
    const cases: Array<[string[], RegExp]> = [
      [['validate', join(dir, 'deep.json')], /deep\.json: description(\[0\])+: expected at most 64 levels/],
      [['validate', join(dir, 'long.json')], /description: expected a text of at most 5,000 characters, got "x+"\.\.\. \(6,000 characters\)/],
      [['validate', join(dir, 'proto.json')], /proto\.json: __proto__: expected an ordinary setting name/],
      [['run', join(dir, 'small.json'), '--set', '__proto__=1'], /--set: __proto__: expected a key ccsim knows/],
      [['run', join(dir, 'small.json'), '--set', 'time.__proto__={"weeks":5}'], /--set: time\.__proto__: expected a key ccsim knows in time/],
      [['run', join(dir, 'small.json'), '--set', 'time={"a":{"__proto__":1}}'], /--set: time\.a\.__proto__: expected an ordinary setting name/],
      [['run', join(dir, 'small.json'), '--set', 'community.groups[4294967295].share=0.5'], /community\.groups\[4294967295\]\.share: expected an index of community\.groups from 0 to 7/],
      [['run', join(dir, 'small.json'), '--set', 'time.weeks=1e400'], /time\.weeks: expected a whole number from 1 to 1040 \(weeks\), got Infinity\. Use a whole number for Horizon\.$/m],
      [['run', join(dir, 'small.json'), '--weeks', '2000'], /--weeks: expected a whole number from 1 to 1040, got "2000"/],
      [['validate', join(dir, 'huge-seed.json')], /^[^\n]*seed: expected a whole number from 0 to 4294967295[^\n]*\n$/],
      [['experiment', join(dir, 'no-scenario.json'), '--out', join(dir, 'nowhere')], /scenario: expected a non-empty text or an object, got nothing/],
      [['run', join(dir, 'small.json'), '--out', '/proc/ccsim.csv'], /\/proc\/ccsim\.csv: expected a place ccsim can write, got a folder where no file can be created/],
      [['validate', join(dir, 'endless.json')], /endless\.json: extends: expected a scenario file that exists and can be read, got \/dev\/zero: larger than 64 MB/],
    ];
    for (const [args, message] of cases) {
      const r = ccsim(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toMatch(message);
      expect(r.err, args.join(' ')).not.toMatch(/\n\s+at /);
      expect(r.err.length, args.join(' ')).toBeLessThan(2_000);
    }
  });
});

describe('ccsim validate and ccsim schema', () => {
  it('validate prints ok for valid files and every problem otherwise', () => {
    const ok = ccsim(['validate', join(dir, 'small.json'), join(dir, 'child.json'), 'scenarios/baseline.json']);
    expect(ok.code).toBe(0);
    expect(ok.out.trim().split('\n')).toEqual([`ok ${join(dir, 'small.json')}`, `ok ${join(dir, 'child.json')}`, 'ok scenarios/baseline.json']);
    const bad = ccsim(['validate', join(dir, 'small.json'), join(dir, 'bad.json'), join(dir, 'broken.json')]);
    expect(bad.code).toBe(2);
    expect(bad.out.trim()).toBe(`ok ${join(dir, 'small.json')}`);
    expect(bad.err.trim().split('\n')).toHaveLength(4);
  });

  it('says where an output cannot be written, without a stack trace, and leaves nothing behind', () => {
    const missing = ccsim(['run', join(dir, 'small.json'), '--out', join(dir, 'no-such-folder', 'x.csv')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toBe(`ccsim run: ${join(dir, 'no-such-folder', 'x.csv')}: expected a place ccsim can write, got no folder ${join(dir, 'no-such-folder')}. Create the folder first, or choose a path in one that exists.\n`);
    const underFile = ccsim(['schema', '--out', join(dir, 'small.json', 'schema.json')]);
    expect(underFile.code).toBe(2);
    expect(underFile.err).toContain('got a file where a folder should be');
    expect(underFile.err).not.toContain('    at ');
  });

  it('validate checks experiment and calibration targets files as what they are', () => {
    const ok = ccsim(['validate', 'scenarios/experiments/tactics-and-conflict.json', 'scenarios/archetypes/keystone-icu.targets.json']);
    expect(ok.code).toBe(0);
    expect(ok.out.trim().split('\n')).toEqual([
      'ok scenarios/experiments/tactics-and-conflict.json (experiment, 10 design points)',
      'ok scenarios/archetypes/keystone-icu.targets.json (calibration targets, checked against scenarios/archetypes/keystone-icu.json)',
    ]);
    // Targets beside their scenario are checked against it (metric names, weeks); alone, against their schema.
    writeFileSync(join(dir, 'small.targets.json'), JSON.stringify({ name: 't', parameters: [{ path: 'practice.peerPerYear', min: 0.1, max: 6 }], targets: [{ name: 'x', metric: 'practise', week: 10, value: 0.3 }] }));
    const paired = ccsim(['validate', join(dir, 'small.targets.json')]);
    expect(paired.code).toBe(2);
    expect(paired.err).toContain(`${join(dir, 'small.targets.json')}: targets[0].metric: expected a series column`);
    writeFileSync(join(dir, 'lonely.targets.json'), JSON.stringify({ name: 't', parameters: [{ path: 'practice.peerPerYear', min: 6, max: 1 }], targets: [{ name: 'x', metric: 'practice', week: 10, value: 0.3 }] }));
    const lonely = ccsim(['validate', join(dir, 'lonely.targets.json')]);
    expect(lonely.code).toBe(2);
    expect(lonely.err).toContain(`${join(dir, 'lonely.targets.json')}: parameters[0].max: expected a maximum above the minimum (6), got 1.`);
    writeFileSync(join(dir, 'exp.json'), JSON.stringify({ name: 'e', scenario: 'small.json', parameters: [{ path: 'tactics.hardnes', values: [0, 1] }] }));
    const badExperiment = ccsim(['validate', join(dir, 'exp.json')]);
    expect(badExperiment.code).toBe(2);
    expect(badExperiment.err).toContain(`${join(dir, 'exp.json')}: parameters[0].path: expected a key ccsim knows in tactics, got unknown key "hardnes". Did you mean "hardness"?`);
  });

  it('schema prints the JSON Schema the bundled scenarios point at', () => {
    const r = ccsim(['schema']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(schemaText());
    expect(JSON.parse(r.out).properties.coreTeam.properties.hoursPerWeek.unit).toBe('hours per week');
  });
});
