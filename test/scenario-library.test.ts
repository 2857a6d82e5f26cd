/**
 * The scenario library: every lesson set differs only in its lesson's design choice, shows its
 * lesson (each comparison's 95% interval excludes no effect, in the expected direction), and
 * docs/scenarios.md with its charts is current, so that any change in the model that moves a
 * scenario's figures shows up in review (run `npm run docs` when this fails, and look at the diff).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDocument } from '../engine/core/index.ts';
import { fileReader } from '../engine/node/scenario-files.ts';
import { LESSON_SETS } from '../engine/node/library/lesson-sets.ts';
import { DROPOUT_CEILING, DROPOUT_RANGE, buildCatalogue, staleFiles, type Catalogue } from '../engine/node/library/catalogue.ts';
import { formatEstimate } from '../engine/core/stats/interval.ts';
import { report, reportTo } from './behaviour/arms.ts';

let catalogue: Catalogue;
beforeAll(() => {
  reportTo('scenario-library');
  catalogue = buildCatalogue('.');
}, 120_000);

describe('the lesson sets', () => {
  it('cover the ten lessons, and every file under scenarios/lessons belongs to one', () => {
    expect(LESSON_SETS.map((s) => s.lesson)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const folder of readdirSync(join('scenarios', 'lessons'))) {
      const set = LESSON_SETS.find((s) => s.folder === folder);
      expect(set, folder).toBeDefined();
      expect(readdirSync(join('scenarios', 'lessons', folder)).sort()).toEqual(set!.scenarios.map((s) => `${s}.json`).sort());
    }
  });

  it.each(LESSON_SETS.map((s) => [s.folder, s] as const))('%s: its scenarios differ only in the lesson\'s design choice', (_folder, set) => {
    const reader = fileReader('.');
    const docs = set.scenarios.map((s) => {
      const doc = loadDocument(join('scenarios', 'lessons', set.folder, `${s}.json`), reader);
      if (!doc.ok) throw new Error(JSON.stringify(doc.issues));
      return doc.value.data;
    });
    const described = new Set(['name', 'title', 'description', 'notes', '$schema', 'extends']);
    for (const doc of docs) {
      for (const key of new Set([...Object.keys(doc), ...Object.keys(docs[0])])) {
        if (described.has(key) || set.sections.includes(key)) continue;
        expect(JSON.stringify(doc[key]), `${set.folder}: ${key}`).toBe(JSON.stringify(docs[0][key]));
      }
    }
    for (const doc of docs) {
      expect((doc.notes as { whatToNotice: string[] }).whatToNotice.length).toBeGreaterThan(0);
      expect((doc.notes as { thingsToTry: string[] }).thingsToTry.length).toBeGreaterThan(0);
    }
  });

  it('each show their lesson: every comparison goes the expected way, its 95% interval excluding no effect', () => {
    expect(catalogue.comparisons.length).toBeGreaterThanOrEqual(LESSON_SETS.length);
    for (const c of catalogue.comparisons) report(`L${c.lesson} ${c.metric}, ${c.ahead} minus ${c.behind}: ${formatEstimate(c.difference)}`);
    const failing = catalogue.comparisons.filter((c) => !c.holds).map((c) => `L${c.lesson} ${c.metric}: ${c.ahead} vs ${c.behind} ${formatEstimate(c.difference)}`);
    expect(failing).toEqual([]);
  });
});

describe('the library as a whole', () => {
  it('keeps dropout in the published range for every design, and below half for every scenario; stress shows as passive sites', () => {
    const dropout = catalogue.figures.filter((f) => f.metric === 'dropoutShare');
    for (const f of dropout) report(`dropout ${f.id}: ${f.mean.toFixed(3)}`);
    const designs = dropout.filter((f) => !f.archetype);
    expect(designs.length).toBeGreaterThan(20);
    expect(designs.filter((f) => !(f.mean >= DROPOUT_RANGE[0] && f.mean <= DROPOUT_RANGE[1])).map((f) => `${f.id}: ${f.mean}`)).toEqual([]);
    expect(dropout.filter((f) => !(f.mean <= DROPOUT_CEILING)).map((f) => `${f.id}: ${f.mean}`)).toEqual([]);
    // The design with the least time and money keeps most of its sites, passive.
    const under = (metric: string) => catalogue.figures.find((f) => f.id === 'lessons/04-resources/under-resourced' && f.metric === metric)!.mean;
    expect(under('passiveShare')).toBeGreaterThan(under('dropoutShare'));
    // Net of the trend, no design's gains look more than sustained, but for a design whose
    // programme effect is next to nothing (under-resourced: its harm ends with its funding).
    const sustained = catalogue.figures.filter((f) => f.metric === 'sustainmentRatio' && !f.archetype && Number.isFinite(f.mean) && f.id !== 'lessons/04-resources/under-resourced');
    expect(sustained.filter((f) => f.mean >= 1).map((f) => `${f.id}: ${f.mean}`)).toEqual([]);
  });
});

describe('docs/scenarios.md', () => {
  it('and its charts are current: the pinned figures of every scenario (run `npm run docs` when this fails)', () => {
    expect(staleFiles('.', catalogue)).toEqual([]);
  });
});
