/**
 * Which behaviour assumptions a programme's answer rests on (issue #10; docs/validation.md,
 * section 6). Morris screening (Campolongo, Cariboni and Saltelli 2007) of every numeric
 * behaviour setting at once, on each programme of a joint calibration, with the experiment
 * machinery any user has (`ccsim experiment`, `ccsim analyze`): a trajectory design over the
 * settings' ranges, run on the worker pool, then mu* (how much a setting moves the outcome over
 * its range) with a bootstrap interval, and sigma (non-linearity and interaction).
 *
 * The ranges carry what is known about each value:
 * - a fitted setting spans its model-uncertainty ensemble (the behaviour sets that reproduce the
 *   figures the fit reproduces): the fit's own uncertainty;
 * - every other setting is a documented prior no figure has tested, so it spans half to one and a
 *   half times its value (a share no further up than halfway to 1; a zero prior up to a tenth of
 *   its range), within its bounds.
 * So a setting that matters and was never fitted is a finding: the answer leans on an assumption.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BEHAVIOUR, behaviourEnsemble, behaviourValue } from '../../core/scenario/behaviour.ts';
import { BEHAVIOUR_PATHS } from '../../core/scenario/roles.ts';
import { schemaNodeAt } from '../../core/scenario/json-schema.ts';
import type { ExperimentInput } from '../../core/experiment/schema.ts';
import { experimentFrom } from '../experiment/files.ts';
import { runExperiment } from '../experiment/run-experiment.ts';
import { ANALYSIS_COLUMNS, analyzeResults } from '../experiment/analyze.ts';
import { CCSIM_VERSION } from '../version.ts';
import type { JointInputs } from './joint.ts';

/** The outcome screened: the share of its gap the programme closed at member sites by the end of funding. */
export const SENSITIVITY_METRIC = 'programmeEffectAtFundingEnd';

export interface SensitivityRange {
  path: string;
  min: number;
  max: number;
  /** Whether the range is the fit's uncertainty (a fitted setting) rather than a band around an untested prior. */
  fitted: boolean;
}

export interface SensitivityIndex {
  path: string;
  muStar: number;
  lower: number;
  upper: number;
  sigma: number;
}

export interface SensitivityRecord {
  method: string;
  metric: string;
  trajectories: number;
  replicates: number;
  seed: number;
  ranges: SensitivityRange[];
  /** Per programme, every setting's indices, largest mu* first. */
  programmes: Array<{ name: string; runs: number; indices: SensitivityIndex[] }>;
  ccsim: string;
  date: string;
}

export interface SensitivityOptions {
  trajectories?: number;
  replicates?: number;
  seed?: number;
  workers?: number;
  workerFile?: string;
  onProgress?: (programme: string, done: number, of: number) => void;
}

/** The range each numeric behaviour setting is screened over (see the module comment). */
export function sensitivityRanges(): SensitivityRange[] {
  const fitted = new Set((BEHAVIOUR.calibration?.fitted ?? []).map((f) => f.path));
  const ensemble = behaviourEnsemble();
  const out: SensitivityRange[] = [];
  for (const path of BEHAVIOUR_PATHS) {
    const value = behaviourValue(path);
    if (typeof value !== 'number') continue;
    const node = schemaNodeAt(path.split('.'));
    const lo = typeof node?.minimum === 'number' ? node.minimum : -Infinity;
    const hi = typeof node?.maximum === 'number' ? node.maximum : Infinity;
    const integer = node?.type === 'integer';
    let min: number;
    let max: number;
    const k = ensemble?.paths.indexOf(path) ?? -1;
    if (fitted.has(path) && ensemble && k >= 0) {
      const values = ensemble.members.map((m) => m[k]);
      min = Math.min(value, ...values);
      max = Math.max(value, ...values);
    } else if (lo === 0 && hi === 1) {
      min = value / 2;
      max = Math.min(value * 1.5, value + (1 - value) / 2);
    } else if (value === 0) {
      min = 0;
      max = Number.isFinite(hi) ? Math.min(hi, (hi - Math.max(lo, 0)) / 10) : 1;
    } else {
      min = value * 0.5;
      max = value * 1.5;
      if (min > max) [min, max] = [max, min];
    }
    min = Math.max(lo, min);
    max = Math.min(hi, max);
    if (integer) {
      min = Math.ceil(min);
      max = Math.floor(max);
    }
    if (max > min) out.push({ path, min, max, fitted: fitted.has(path) });
  }
  return out;
}

/** Morris screening of the behaviour set on every programme the joint calibration fits. */
export async function behaviourSensitivity(inputs: JointInputs, options: SensitivityOptions = {}): Promise<SensitivityRecord> {
  const trajectories = options.trajectories ?? 10;
  const replicates = options.replicates ?? 2;
  const seed = options.seed ?? 1;
  const ranges = sensitivityRanges();
  const programmes: SensitivityRecord['programmes'] = [];
  for (const programme of inputs.programmes.filter((p) => p.use === 'fit')) {
    const data: ExperimentInput = {
      name: `behaviour sensitivity: ${programme.name}`,
      scenario: programme.inputs.own,
      seed,
      replicates,
      parameters: ranges.map((r) => ({ path: r.path, min: r.min, max: r.max, ...(schemaNodeAt(r.path.split('.'))?.type === 'integer' ? { integer: true } : {}) })),
      design: { kind: 'morris', trajectories, levels: 4 },
      outputs: { metrics: [SENSITIVITY_METRIC] },
    };
    const loaded = experimentFrom(data, `${programme.inputs.scenarioFile} (behaviour sensitivity)`, () => {
      throw new Error('the programme scenario is given inline');
    });
    if (!loaded.ok) throw new Error(`behaviour sensitivity of ${programme.name}: ${loaded.issues.map((i) => `${i.path}: expected ${i.expected}, found ${i.found}`).join('; ')}`);
    const dir = mkdtempSync(join(tmpdir(), 'ccsim-sensitivity-'));
    try {
      const outcome = await runExperiment(loaded.value, {
        out: dir,
        workers: options.workers,
        workerFile: options.workerFile,
        onProgress: (p) => options.onProgress?.(programme.name, p.alreadyDone + p.done, p.ofAll),
      });
      const analysis = await analyzeResults(dir);
      const column = (name: (typeof ANALYSIS_COLUMNS)[number]) => ANALYSIS_COLUMNS.indexOf(name);
      const [cParameter, cStatistic, cEstimate, cLower, cUpper] = (['parameter', 'statistic', 'estimate', 'lower95', 'upper95'] as const).map(column);
      const byPath = new Map<string, SensitivityIndex>();
      for (const row of analysis.rows) {
        const path = String(row[cParameter]);
        const index = byPath.get(path) ?? { path, muStar: NaN, lower: NaN, upper: NaN, sigma: NaN };
        if (row[cStatistic] === 'mu_star') Object.assign(index, { muStar: Number(row[cEstimate]), lower: Number(row[cLower]), upper: Number(row[cUpper]) });
        if (row[cStatistic] === 'sigma') index.sigma = Number(row[cEstimate]);
        byPath.set(path, index);
      }
      programmes.push({ name: programme.name, runs: outcome.manifest.runs.done, indices: [...byPath.values()].sort((a, b) => b.muStar - a.muStar) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return {
    method: `Morris screening (Campolongo, Cariboni and Saltelli 2007) of the ${ranges.length} numeric behaviour settings at once on each fitted programme: ${trajectories} trajectories of ${ranges.length + 1} points on 4 levels, ${replicates} replicates a point (root seed ${seed}); the outcome is ${SENSITIVITY_METRIC}, the share of its gap the programme closed at member sites by the end of funding; mu* is the mean absolute change in it over a setting's whole range, with a bootstrap 95% interval over trajectories. A fitted setting spans its model-uncertainty ensemble; every other spans half to one and a half times its documented prior (a share no further up than halfway to 1; a zero prior up to a tenth of its range), within its bounds (engine/node/calibration/sensitivity.ts).`,
    metric: SENSITIVITY_METRIC,
    trajectories,
    replicates,
    seed,
    ranges,
    programmes,
    ccsim: CCSIM_VERSION,
    date: new Date().toISOString().slice(0, 10),
  };
}

/** The record as text: for each programme, the settings that move its outcome most. */
export function sensitivityReport(record: SensitivityRecord, top = 8): string {
  const fitted = new Set(record.ranges.filter((r) => r.fitted).map((r) => r.path));
  const lines = [`Behaviour sensitivity: ${record.method}`, ''];
  for (const p of record.programmes) {
    lines.push(`${p.name} (${p.runs} runs), largest mu* first:`);
    for (const i of p.indices.slice(0, top)) {
      lines.push(`  ${i.path.padEnd(44)} mu* ${i.muStar.toFixed(3)} [${i.lower.toFixed(3)}, ${i.upper.toFixed(3)}]  sigma ${i.sigma.toFixed(3)}  ${fitted.has(i.path) ? 'fitted' : 'prior'}`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}`;
}
