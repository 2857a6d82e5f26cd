/**
 * Leave-one-programme-out cross-validation of the shared behaviour (issue #10): each fitted
 * programme in turn is left out, the behaviour set is fitted to the others, and the programme
 * left out is predicted at those values, never having informed them. Its predictions against
 * its published figures say how the model does on a programme it was not fitted to. Each fold's
 * search starts from the documented priors, not from the values on record: those were fitted
 * with the programme the fold leaves out.
 */
import { CCSIM_VERSION } from '../version.ts';
import { resultRecord, targetLines } from './calibrate.ts';
import { calibrateJoint, fromPriors, holdToPatterns, type JointInputs, type JointOptions, type JointOutcome } from './joint.ts';

export interface Prediction {
  leftOut: string;
  outcome: JointOutcome;
}

export async function leaveOneOut(inputs: JointInputs, options: JointOptions & { onStart?: (what: string) => void; patterns?: boolean; onCheck?: (t: number, failed: string[], moved?: string) => void } = {}): Promise<Prediction[]> {
  const out: Prediction[] = [];
  const fitted = inputs.programmes.filter((p) => p.use === 'fit');
  if (fitted.length < 2) throw new Error('leave-one-out needs at least two fitted programmes');
  for (const left of fitted) {
    options.onStart?.(`fitting without ${left.name} (${out.length + 1} of ${fitted.length})`);
    const programmes = inputs.programmes.map((p) => ({ ...p, use: p.name === left.name ? ('predict' as const) : p.use }));
    const fit = await calibrateJoint({ ...fromPriors(inputs), programmes }, options);
    // Held to the patterns as the full fit is, so that a prediction is what the shipped procedure would give.
    out.push({ leftOut: left.name, outcome: options.patterns ? await holdToPatterns(fit, options) : fit });
  }
  return out;
}

export function leaveOneOutReport(predictions: Prediction[]): string {
  const lines: string[] = [];
  for (const p of predictions) {
    const results = p.outcome.programmes.find((q) => q.name === p.leftOut)!.results;
    const within = results.filter((r) => r.within).length;
    lines.push(`${p.leftOut}, predicted from a fit to the others (${p.outcome.fitted.map((f) => `${f.path} ${f.value}`).join(', ')}): ${within} of ${results.length} figures within their bands`);
    lines.push(...targetLines(results));
    lines.push('');
  }
  return `${lines.join('\n')}`;
}

/** The predictions as a record (what docs/validation.md shows). */
export function leaveOneOutRecord(predictions: Prediction[]) {
  const spec = predictions[0]?.outcome.inputs.spec;
  return {
    description: 'Leave-one-programme-out predictions: each programme predicted from the shared behaviour fitted to the others (ccsim calibrate --joint --leave-one-out).',
    file: spec ? predictions[0].outcome.inputs.file.split('\\').join('/') : undefined,
    replicates: spec?.replicates,
    seed: spec?.seed,
    ccsim: CCSIM_VERSION,
    date: new Date().toISOString().slice(0, 10),
    predictions: predictions.map((p) => ({
      leftOut: p.leftOut,
      fitted: p.outcome.fitted.map((f) => ({ path: f.path, value: f.value, atBound: f.atBound })),
      ...(p.outcome.patterns ? { patterns: { t: p.outcome.patterns.t, failedAtFit: p.outcome.patterns.failedAtFit } } : {}),
      evaluations: p.outcome.evaluations,
      results: p.outcome.programmes.find((q) => q.name === p.leftOut)!.results.map(resultRecord),
    })),
  };
}
