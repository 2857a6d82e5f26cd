/**
 * One behaviour set for every programme (issue #10): scenarios/behaviour.json holds every
 * behaviour setting's one shared value, the scenario schema takes its defaults from it, it differs
 * from the declared priors only where its calibration record says it was fitted, and no archetype
 * sets a behaviour value of its own.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioSchema } from '../../../engine/core/scenario/schema.ts';
import { schemaNodeAt } from '../../../engine/core/scenario/json-schema.ts';
import { BEHAVIOUR, behaviourEnsemble, behaviourIssues, behaviourValue, leafPaths, withEnsembleMember } from '../../../engine/core/scenario/behaviour.ts';
import { BEHAVIOUR_PATHS, roleOf } from '../../../engine/core/scenario/roles.ts';

const fitted = new Set((BEHAVIOUR.calibration?.fitted ?? []).map((f) => f.path));

describe('the shared behaviour set', () => {
  it('scenarios/behaviour.json holds every behaviour setting, nothing else, each inside its range', () => {
    expect(behaviourIssues(JSON.parse(readFileSync('scenarios/behaviour.json', 'utf8')), 'scenarios/behaviour.json', ScenarioSchema)).toEqual([]);
  });

  it('is what every scenario runs on: the schema defaults are its values', () => {
    const scenario = ScenarioSchema.parse({ name: 'only a name' }) as unknown as Record<string, unknown>;
    const at = (path: string) => path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], scenario);
    for (const path of BEHAVIOUR_PATHS) {
      expect(at(path), path).toEqual(behaviourValue(path));
      expect(schemaNodeAt(path.split('.'))?.default, path).toEqual(behaviourValue(path));
    }
  });

  it('differs from the declared priors only where its calibration record says it was fitted, and says what the prior was', () => {
    for (const path of BEHAVIOUR_PATHS) {
      const node = schemaNodeAt(path.split('.'))!;
      if (fitted.has(path)) {
        const record = BEHAVIOUR.calibration!.fitted.find((f) => f.path === path) as { prior: number; value: number };
        expect(record.value, path).toEqual(behaviourValue(path));
        expect(node.prior ?? node.default, path).toEqual(record.prior);
      } else {
        expect(node.prior, `${path} differs from its declared prior but is not in the calibration record`).toBeUndefined();
      }
    }
  });

  it('a scenario may still set a behaviour value itself (a sensitivity run, an ablation), and that value wins', () => {
    const s = ScenarioSchema.parse({ name: 'x', practice: { peerPerYear: 0.5 } });
    expect(s.practice.peerPerYear).toBe(0.5);
    expect(s.practice.externalPerYear).toBe(behaviourValue('practice.externalPerYear'));
  });

  it('a behaviour file with a setting of another role, a missing one, or one out of range says so, path by path', () => {
    const values = structuredClone(BEHAVIOUR.values) as Record<string, Record<string, unknown>>;
    values.practice.peerPerYear = -1;
    delete values.recruitment.dropoutPerYear;
    values.coreTeam.hoursPerWeek = 40;
    const issues = behaviourIssues({ values }, 'mine.json', ScenarioSchema).map((i) => [i.code, i.path]);
    expect(issues).toEqual([
      ['unknown-key', 'values.coreTeam.hoursPerWeek'],
      ['missing', 'values.recruitment.dropoutPerYear'],
    ]);
    delete values.coreTeam.hoursPerWeek;
    values.recruitment.dropoutPerYear = 0.06;
    expect(behaviourIssues({ values }, 'mine.json', ScenarioSchema).map((i) => [i.code, i.path, i.file])).toEqual([['too-small', 'values.practice.peerPerYear', 'mine.json']]);
  });
});

/** The real programmes: the fitted archetypes and the programmes only predicted. */
const PROGRAMMES = ['archetypes', 'predictions'].flatMap((d) =>
  readdirSync(join('scenarios', d))
    .filter((f) => f.endsWith('.json') && !f.endsWith('.targets.json'))
    .map((f) => join('scenarios', d, f)),
);

describe('the real programmes', () => {
  it.each(PROGRAMMES)('%s sets no behaviour value: it differs from the other programmes only in what its description gives', (file) => {
    const data = JSON.parse(readFileSync(file, 'utf8'));
    delete data.calibration;
    const set = leafPaths(data).filter((p) => roleOf(p) === 'behaviour');
    expect(set).toEqual([]);
  });
});

describe('the real programmes\' sources', () => {
  /** The settings a file sets, lists as one setting (their items are sourced together). */
  const settings = (data: Record<string, unknown>) =>
    leafPaths(data as never)
      .map((p) => p.replace(/\.\d+(\..*)?$/, ''))
      .filter((p, i, all) => all.indexOf(p) === i);

  it.each(PROGRAMMES)('%s gives a source for every value it sets from its programme\'s description', (file) => {
    const data = JSON.parse(readFileSync(file, 'utf8'));
    const sources: Record<string, string> = data.sources ?? {};
    for (const key of ['calibration', 'sources', 'notes', '$schema', 'name', 'title', 'description']) delete data[key];
    const covered = (path: string) => Object.keys(sources).some((s) => path === s || path.startsWith(`${s}.`) || path.startsWith(`${s}[`));
    const unsourced = settings(data).filter((p) => roleOf(p) !== 'meta' && !covered(p));
    expect(unsourced).toEqual([]);
  });
});

describe('model uncertainty', () => {
  const ensemble = { rule: 'test', candidates: 3, paths: ['practice.peerPerYear', 'recruitment.dropoutPerYear'], members: [[0.5, 0.01], [2, 0.2]] };

  it('runs replicate r on behaviour set r of the ensemble, cycling, and keeps what a scenario sets itself', () => {
    const base = ScenarioSchema.parse({ name: 'x' });
    const first = withEnsembleMember(base, 1, ensemble);
    expect([first.practice.peerPerYear, first.recruitment.dropoutPerYear]).toEqual([0.5, 0.01]);
    const third = withEnsembleMember(base, 3, ensemble);
    expect([third.practice.peerPerYear, third.recruitment.dropoutPerYear]).toEqual([0.5, 0.01]);
    expect(withEnsembleMember(base, 2, ensemble).practice.peerPerYear).toBe(2);
    // The scenario itself is untouched, and a value it sets (not the shared one) is kept.
    expect(base.practice.peerPerYear).toBe(behaviourValue('practice.peerPerYear'));
    const own = ScenarioSchema.parse({ name: 'x', practice: { peerPerYear: 0.77 } });
    expect(withEnsembleMember(own, 2, ensemble).practice.peerPerYear).toBe(0.77);
    expect(withEnsembleMember(own, 2, ensemble).recruitment.dropoutPerYear).toBe(0.2);
  });

  it('the shipped ensemble holds the fitted settings, each member inside the fit\'s bounds', () => {
    const shipped = behaviourEnsemble();
    expect(shipped).toBeDefined();
    const fittedPaths = (BEHAVIOUR.calibration?.fitted ?? []).map((f) => f.path);
    expect(shipped!.paths).toEqual(fittedPaths);
    expect(shipped!.members.length).toBeGreaterThanOrEqual(10);
    for (const m of shipped!.members) {
      m.forEach((v, i) => {
        const f = BEHAVIOUR.calibration!.fitted[i];
        expect(v).toBeGreaterThanOrEqual(f.min);
        expect(v).toBeLessThanOrEqual(f.max);
      });
    }
  });
});
