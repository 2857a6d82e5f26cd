/**
 * The output catalogue: every output (weekly series column, summary metric, per-site column) is
 * declared once, and every consumer reads it: the recorder's columns, the summary's keys, the
 * command line's CSV headers, the output reference in docs/model.md and the studio's cards. A
 * metric added to a catalogue shows up in each of them; one missing from a consumer fails here.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  SITE_OUTPUTS,
  SUMMARY_METRICS,
  cardMetrics,
  clipToBounds,
  replicateSeed,
  runScenario,
  seriesColumns,
  summaryValue,
  whyUnavailable,
  type RunResult,
  type Scenario,
} from '../../../engine/core/index.ts';
import { outputReference } from '../../../engine/core/docs/reference.ts';
import { scenarioWith } from '../../behaviour/arms.ts';

const CCSIM = join(process.cwd(), 'bin', 'ccsim.mjs');
const SMALL = { name: 'small', time: { weeks: 110, fundingWeeks: 52 }, recruitment: { invitedSites: 8, comparisonSites: 4 } };

function header(args: string[]): string[] {
  const r = spawnSync(process.execPath, [CCSIM, 'run', ...args], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.split('\n')[0].split(',');
}

let file: string;
let runs: RunResult[];
let scenario: Scenario;
beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'ccsim-catalogue-'));
  file = join(dir, 'small.json');
  writeFileSync(file, JSON.stringify(SMALL));
  scenario = scenarioWith(['time.weeks=110', 'time.fundingWeeks=52', 'recruitment.invitedSites=8', 'recruitment.comparisonSites=4']);
  runs = Array.from({ length: 4 }, (_, r) => runScenario(scenario, { seed: replicateSeed(3, r + 1) }));
});

describe('the output catalogue', () => {
  it('names each output once, with a title, a description and a unit', () => {
    for (const list of [seriesColumns(scenario), SUMMARY_METRICS, SITE_OUTPUTS]) {
      const names = list.map((m) => m.name);
      expect(new Set(names).size).toBe(names.length);
      for (const m of list) {
        expect(m.title.length, m.name).toBeGreaterThan(0);
        expect(m.description, m.name).toMatch(/\.$|\)$/);
        expect(m.unit.length, m.name).toBeGreaterThan(0);
      }
    }
  });

  it("a run's summary has exactly the catalogue's metrics, in its order", () => {
    expect(Object.keys(runs[0].summary)).toEqual(SUMMARY_METRICS.map((m) => m.name));
    expect(runs[0].series.columns.map((c) => c.name)).toEqual(seriesColumns(scenario).map((c) => c.name));
    expect(Object.keys(runs[0].sites[0]).sort()).toEqual(SITE_OUTPUTS.map((c) => c.name).sort());
  });

  it("the command line's CSV headers are the catalogue's names, in its order", () => {
    expect(header([file])).toEqual(['replicate', 'seed', 'week', ...seriesColumns(scenario).map((c) => c.name)]);
    expect(header([file, '--summary'])).toEqual(['replicate', 'seed', ...SUMMARY_METRICS.map((m) => m.name)]);
    expect(header([file, '--sites'])).toEqual(['replicate', 'seed', ...SITE_OUTPUTS.map((c) => c.name)]);
  });

  it('the output reference (docs/model.md) lists every output with its description, and the committed docs are current', () => {
    const reference = outputReference();
    for (const m of [...SUMMARY_METRICS, ...SITE_OUTPUTS]) {
      expect(reference).toContain(`\`${m.name}\``);
      expect(reference).toContain(m.description.replace(/\|/g, '\\|'));
    }
    for (const c of seriesColumns(scenario)) {
      const family = /^(adoption|share|sites)_/.exec(c.name);
      expect(reference).toContain(family ? `\`${family[1]}_<` : `\`${c.name}\``);
    }
    expect(readFileSync(join(process.cwd(), 'docs', 'model.md'), 'utf8')).toContain(reference.trim());
  });

  it('the cards are the metrics the catalogue marks, each saying why it can be missing', () => {
    const cards = cardMetrics();
    expect(cards.map((m) => m.card)).toEqual(cards.map((_, i) => i + 1));
    expect(cards.map((m) => m.name)).toContain('shareLittleChange');
    const short = scenarioWith(['time.weeks=60', 'time.fundingWeeks=52', 'recruitment.comparisonSites=0']);
    const reasons = Object.fromEntries(cards.map((m) => [m.name, whyUnavailable(m, short)]));
    expect(reasons.programmeEffectOneYearAfter).toMatch(/stops 8 weeks after funding ends; it needs 52/);
    expect(reasons.didEstimate).toMatch(/no comparison sites/);
    expect(reasons.sustainmentRatio).toMatch(/stops 8 weeks after funding/);
    expect(reasons.dropoutShare).toBeNull();
  });

  it('a value stays within the bounds its metric declares, in every run, week and site', () => {
    for (const r of runs) {
      for (const m of SUMMARY_METRICS) {
        const v = r.summary[m.name];
        if (m.bounds && v !== null) expect(v, m.name).toBeGreaterThanOrEqual(m.bounds[0]), expect(v, m.name).toBeLessThanOrEqual(m.bounds[1]);
      }
      r.series.columns.forEach((c, k) => {
        if (!c.bounds) return;
        for (const v of r.series.values[k]) if (!Number.isNaN(v)) expect(v, c.name).toBeGreaterThanOrEqual(c.bounds[0]), expect(v, c.name).toBeLessThanOrEqual(c.bounds[1]);
      });
      for (const s of r.sites) {
        for (const c of SITE_OUTPUTS) {
          const v = s[c.name];
          if (c.bounds && typeof v === 'number') expect(v, c.name).toBeGreaterThanOrEqual(c.bounds[0]), expect(v, c.name).toBeLessThanOrEqual(c.bounds[1]);
        }
      }
    }
  });

  it('an interval is clipped to its bounds but never so that it excludes its mean', () => {
    // Gains sustained is a ratio that can pass 1: its interval stands as computed.
    const sustainment = SUMMARY_METRICS.find((m) => m.name === 'sustainmentRatio')!;
    expect(clipToBounds(sustainment, 1.001, 1.016, 1.008)).toEqual([1.001, 1.016]);
    const dropout = SUMMARY_METRICS.find((m) => m.name === 'dropoutShare')!;
    expect(clipToBounds(dropout, -0.02, 0.1, 0.04)).toEqual([0, 0.1]);
    expect(clipToBounds({ bounds: [0, 1] }, 1.02, 1.04, 1.03)).toEqual([1.02, 1.03]);
  });

  it('a name read from a file finds its value, an unknown one none', () => {
    expect(summaryValue(runs[0].summary, 'dropoutShare')).toBe(runs[0].summary.dropoutShare);
    expect(summaryValue(runs[0].summary, 'toString')).toBeNull();
  });
});
