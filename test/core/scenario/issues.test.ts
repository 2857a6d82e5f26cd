/** Every error a user can make in a scenario file, with its message pinned. */
import { describe, expect, it } from 'vitest';
import { documentOf, formatIssue, loadDocument, validateDocument, applyOverrides, type JsonObject, type ScenarioReader } from '../../../engine/core/index.ts';

function problems(data: JsonObject): string[] {
  const r = validateDocument(documentOf(data, 'scenarios/mine.json'));
  return r.ok ? [] : r.issues.map(formatIssue);
}

function memoryReader(files: Record<string, string>): ScenarioReader {
  return {
    read: (file) => (file in files ? { ok: true, text: files[file] } : { ok: false, notFound: true, reason: 'no such file' }),
    resolve: (from, ref) => {
      const dir = from.includes('/') ? from.slice(0, from.lastIndexOf('/') + 1) : '';
      return (dir + ref).replace(/\/\.\//g, '/').replace(/^\.\//, '');
    },
  };
}

describe('scenario problems, as users see them', () => {
  it('a number out of range', () => {
    expect(problems({ name: 'x', coreTeam: { hoursPerWeek: -5 } })).toMatchInlineSnapshot(`
      [
        "scenarios/mine.json: coreTeam.hoursPerWeek: expected a number from 0 to 100000 (hours per week), got -5. Core team time: Hours per week the core team spends supporting sites during the funded period. The default is 60.",
      ]
    `);
  });

  it('a file written for an earlier format, whose settings meant other things', () => {
    const [message] = problems({ name: 'x', formatVersion: 1 } as unknown as JsonObject);
    expect(message).toMatch(/^scenarios\/mine\.json: formatVersion: expected format 2, got 1\. This file is written for an earlier format/);
    expect(message).toContain('recruitment.effects.timePressure');
    expect(message).toContain('set formatVersion to 2 or remove it');
  });

  it('a wave that would launch after the funding ends', () => {
    expect(problems({ name: 'x', time: { fundingWeeks: 100 }, recruitment: { waves: [{ share: 1, launchWeek: 0 }, { share: 1, launchWeek: 120 }] } })).toEqual([
      'scenarios/mine.json: recruitment.waves[1].launchWeek: expected a launch week inside the funded period (before week 100), or its sites could never join, got 120. Launch week: Week the wave is invited: its sites may join from then, for as long as the recruitment window lasts. The default is 0.',
    ]);
  });

  it('a continuous measure without its unit', () => {
    expect(problems({ name: 'x', challenge: { outcome: { measure: 'continuous', baseline: 14, best: 6 } } })).toEqual([
      "scenarios/mine.json: challenge.outcome.unitLabel: expected the unit of a continuous measure, such as 'days' or 'hours', got nothing. Unit: The unit as charts should show it; defaults to '%' or 'per 1,000 exposure days' (a continuous measure must name its own, such as 'days').",
    ]);
  });

  it('a number where a share is expected', () => {
    expect(problems({ name: 'x', tactics: { hardness: 1.5 } })).toMatchInlineSnapshot(`
      [
        "scenarios/mine.json: tactics.hardness: expected a number from 0 to 1 (share), got 1.5. Hardness: Balance of tactics: 0 soft only (persuasion, identity, stories), 1 hard only (mandates, targets, sanctions). The default is 0.4.",
      ]
    `);
  });

  it('a text where a number is expected', () => {
    expect(problems({ name: 'x', resources: { budget: 'lots' } })).toMatchInlineSnapshot(`
      [
        "scenarios/mine.json: resources.budget: expected a number from 0 to 10000000000 (£), got "lots". Budget: Money for the whole funded period (backfill, coaching and events). The default is 800000.",
      ]
    `);
  });

  it('a fraction where a whole number is expected', () => {
    expect(problems({ name: 'x', recruitment: { invitedSites: 2.5 } })).toMatchInlineSnapshot(`
      [
        "scenarios/mine.json: recruitment.invitedSites: expected a whole number from 1 to 50000 (sites), got 2.5. Use a whole number for Sites invited, such as 3.",
      ]
    `);
  });

  it('a misspelt key, with a suggestion', () => {
    expect(problems({ name: 'x', coreTeam: { credibilty: 0.5 } })).toMatchInlineSnapshot(`
      [
        "scenarios/mine.json: coreTeam.credibilty: expected a key ccsim knows in coreTeam, got unknown key "credibilty". Did you mean "credibility"? Correct the spelling or remove the key.",
      ]
    `);
  });

  it('an unknown top-level key with no near match', () => {
    expect(problems({ name: 'x', widgets: 3 })).toMatchInlineSnapshot(`
      [
        "scenarios/mine.json: widgets: expected a key ccsim knows in the top level of a scenario, got unknown key "widgets". Remove the key; the keys here are "$schema", "extends", "formatVersion", "name", "title", "description", "notes", "sources", "calibration", "seed", "replicates", "time", "challenge", "coreTeam", "recruitment", "community", "resources", "costs", "theoryOfChange", "belonging", "conflict", "tactics", "data", "context", "practice", "protocol", "outcomes".",
      ]
    `);
  });

  it('a choice that is not an option, with a suggestion', () => {
    expect(problems({ name: 'x', recruitment: { mode: 'voluntry' } })).toMatchInlineSnapshot(`
      [
        "scenarios/mine.json: recruitment.mode: expected one of "voluntary", "targeted", "committed", "mandated", got "voluntry". Did you mean "voluntary"? Choose one of "voluntary", "targeted", "committed", "mandated".",
      ]
    `);
  });

  it('the name missing', () => {
    expect(problems({})).toMatchInlineSnapshot(`
      [
        "scenarios/mine.json: name: expected a non-empty text of at most 120 characters, got nothing. Add name (Short name of the scenario, used in output and file names.).",
      ]
    `);
  });

  it('an empty list where one item is needed', () => {
    expect(problems({ name: 'x', community: { groups: [] } })).toMatchInlineSnapshot(`
      [
        "scenarios/mine.json: community.groups: expected a list of at least 1 and at most 8, got an empty list. Professional groups: The professions that deliver the practice (at most 8).",
      ]
    `);
  });

  it('a bad item inside a list', () => {
    expect(problems({ name: 'x', community: { groups: [{ name: 'doctor', share: 2 }] } })).toMatchInlineSnapshot(`
      [
        "scenarios/mine.json: community.groups[0].share: expected a number from 0 to 1 (share), got 2. Share of staff: Share of each site's staff in this group (normalised). The default is 0.25.",
      ]
    `);
  });

  it('shares of the budget that add up to more than the budget', () => {
    expect(problems({ name: 'x', resources: { backfillShare: 0.7, coachingShare: 0.3, eventsShare: 0.2 } })).toMatchInlineSnapshot(`
      [
        "scenarios/mine.json: resources.eventsShare: expected backfill, coaching and events shares to sum to at most 1 (they sum to 1.2), got 0.2. Share on events: Share of the budget for learning events; the rest is overhead. The default is 0.2.",
      ]
    `);
  });

  it('several problems at once are all reported', () => {
    expect(problems({ name: 'x', coreTeam: { hoursPerWeek: -1, credibility: 'high' }, time: { weeks: 0 } })).toHaveLength(3);
  });

  it('broken JSON, with its line and column', () => {
    const r = loadDocument('a.json', memoryReader({ 'a.json': '{\n  "name": "x",\n}' }));
    expect(r.ok ? [] : r.issues.map(formatIssue)).toMatchInlineSnapshot(`
      [
        "a.json: expected valid JSON, got Expected double-quoted property name at line 3, column 1. Check for a missing or extra comma, quote or bracket near that place (JSON allows no comments or trailing commas).",
      ]
    `);
  });

  it('JSON that is not an object', () => {
    const r = loadDocument('a.json', memoryReader({ 'a.json': '[1, 2]' }));
    expect(r.ok ? [] : r.issues.map(formatIssue)).toMatchInlineSnapshot(`
      [
        "a.json: expected a JSON object with at least a "name", got [1, 2]. Write the scenario as an object, for example {"name": "my community"}.",
      ]
    `);
  });

  it('a missing file, and a missing file named by extends', () => {
    const missing = loadDocument('nope.json', memoryReader({}));
    const parent = loadDocument('s/child.json', memoryReader({ 's/child.json': '{"extends": "./base.json"}' }));
    expect([...(missing.ok ? [] : missing.issues), ...(parent.ok ? [] : parent.issues)].map(formatIssue)).toMatchInlineSnapshot(`
      [
        "nope.json: expected a scenario file that exists and can be read, got nope.json: no such file. Check the path (an extends path is relative to the file that contains it).",
        "s/child.json: extends: expected a scenario file that exists and can be read, got s/base.json: no such file. Check the path (an extends path is relative to the file that contains it).",
      ]
    `);
  });

  it('an extends cycle', () => {
    const r = loadDocument('a.json', memoryReader({ 'a.json': '{"extends": "b.json"}', 'b.json': '{"extends": "a.json"}' }));
    expect(r.ok ? [] : r.issues.map(formatIssue)).toMatchInlineSnapshot(`
      [
        "b.json: extends: expected a chain of extends that ends, got a cycle: a.json -> b.json -> a.json. Remove the extends that points back to a file already in the chain.",
      ]
    `);
  });

  it('an extends that is not a path', () => {
    const r = loadDocument('a.json', memoryReader({ 'a.json': '{"name": "x", "extends": 3}' }));
    expect(r.ok ? [] : r.issues.map(formatIssue)).toMatchInlineSnapshot(`
      [
        "a.json: extends: expected the path of another scenario file, as text, got 3. Write extends as a relative path such as "./baseline.json", or remove it.",
      ]
    `);
  });

  it('a bad --set: malformed, unknown path, and a bad value', () => {
    const doc = documentOf({ name: 'x' }, 'mine.json');
    const malformed = applyOverrides(doc, ['coreTeam.hoursPerWeek']);
    const unknown = applyOverrides(doc, ['coreTeam.hours=3', 'tactics.hardness.level=1']);
    const badValue = applyOverrides(doc, ['tactics.hardness=2']);
    const validated = badValue.ok ? validateDocument(badValue.value) : badValue;
    expect([...(malformed.ok ? [] : malformed.issues), ...(unknown.ok ? [] : unknown.issues), ...(validated.ok ? [] : validated.issues)].map(formatIssue)).toMatchInlineSnapshot(`
      [
        "--set: coreTeam.hoursPerWeek: expected path=value, such as coreTeam.hoursPerWeek=40, got "coreTeam.hoursPerWeek". Write the path, then =, then the value, with no spaces around =.",
        "--set: coreTeam.hours: expected a key ccsim knows in coreTeam, got unknown key "hours". The keys here are hoursPerWeek, credibility, legitimacy, expertise, embeddedness, supportNeedHoursPerSite, postFundingHoursPerWeek, effects.",
        "--set: tactics.hardness.level: expected nothing after tactics.hardness, which holds a single value, got .level. Set tactics.hardness itself.",
        "--set: tactics.hardness: expected a number from 0 to 1 (share), got 2. Hardness: Balance of tactics: 0 soft only (persuasion, identity, stories), 1 hard only (mandates, targets, sanctions). The default is 0.4.",
      ]
    `);
  });
});
