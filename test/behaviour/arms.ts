/**
 * Helpers for behaviour tests: build scenario arms from --set style overrides, run each arm over
 * the same replicate seeds (common random numbers, so differences are paired), and report the
 * effect with its 95% interval both in the test output and in test-results/behaviour/.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import {
  applyOverrides,
  columnValues,
  documentOf,
  replicateSeed,
  rowOf,
  runScenario,
  validateDocument,
  type JsonObject,
  type RunResult,
  type Scenario,
  type SeriesName,
  type SummaryName,
} from '../../engine/core/index.ts';
import { estimate, formatEstimate, pairedDifference, type Estimate } from '../../engine/core/stats/interval.ts';

export const ROOT_SEED = 2026;

export function scenarioWith(sets: string[] = [], base: JsonObject = { name: 'behaviour test' }): Scenario {
  const doc = applyOverrides(documentOf(base, 'test'), sets);
  if (!doc.ok) throw new Error(JSON.stringify(doc.issues));
  const valid = validateDocument(doc.value);
  if (!valid.ok) throw new Error(JSON.stringify(valid.issues));
  return valid.value;
}

export function runArm(scenario: Scenario, replicates: number, root = ROOT_SEED): RunResult[] {
  return Array.from({ length: replicates }, (_, r) => runScenario(scenario, { seed: replicateSeed(root, r + 1) }));
}

export function arm(sets: string[], replicates: number, base?: JsonObject): RunResult[] {
  return runArm(scenarioWith(sets, base), replicates);
}

/** A summary metric of each replicate (NaN where it is null). */
export function summaryOf(results: RunResult[], name: SummaryName): number[] {
  return results.map((r) => r.summary[name] ?? NaN);
}

/** A series column at a week, for each replicate. */
export function seriesAt(results: RunResult[], column: SeriesName, week: number): number[] {
  return results.map((r) => columnValues(r.series, column)[rowOf(r.series, week)]);
}

/** Mean of a series column over a range of weeks, for each replicate. */
export function seriesMean(results: RunResult[], column: SeriesName, from: number, to: number): number[] {
  return results.map((r) => {
    const values = columnValues(r.series, column);
    let sum = 0;
    for (let w = from; w <= to; w++) sum += values[rowOf(r.series, w)];
    return sum / (to - from + 1);
  });
}

export function perReplicate(results: RunResult[], f: (r: RunResult) => number): number[] {
  return results.map(f);
}

/** Paired difference b - a, reported under a label. */
export function difference(label: string, a: number[], b: number[]): Estimate {
  const d = pairedDifference(a, b);
  report(`${label}: ${formatEstimate(d)}`);
  return d;
}

export function level(label: string, xs: number[]): Estimate {
  const e = estimate(xs);
  report(`${label}: ${formatEstimate(e)}`);
  return e;
}

export function report(line: string): void {
  const file = (globalThis as { __behaviourFile?: string }).__behaviourFile ?? 'behaviour';
  console.log(line);
  mkdirSync('test-results/behaviour', { recursive: true });
  appendFileSync(`test-results/behaviour/${file}.txt`, `${line}\n`);
}

/** Name the report file for the behaviour tests of one module (and start it afresh). */
export function reportTo(file: string): void {
  (globalThis as { __behaviourFile?: string }).__behaviourFile = file;
  mkdirSync('test-results/behaviour', { recursive: true });
  appendFileSync(`test-results/behaviour/${file}.txt`, '', { flag: 'w' });
}
