/**
 * docs/validation.md, generated whole by `ccsim docs` (and pinned by `ccsim docs --check`): the
 * evidence that one model, with one behaviour set, reproduces real programmes and predicts ones
 * it was not fitted to, in the order of TRACE (Grimm et al. 2014): purpose and patterns,
 * verification, calibration, out-of-sample checks, what the design does, sensitivity, and the
 * known limits. Figures come from the records the calibration writes (scenarios/behaviour.json,
 * each programme's calibration record, docs/validation/leave-one-out.json) and from runs made
 * here with fixed seeds (fresh seeds, design elements), so the page is identical on every run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { replicateSeed, runScenario, validateDocument, type ScenarioDocument } from '../../core/index.ts';
import { BEHAVIOUR } from '../../core/scenario/behaviour.ts';
import { BEHAVIOUR_PATHS } from '../../core/scenario/roles.ts';
import { nearBound } from '../../core/calibration/bounded.ts';
import { assessTargets, type TargetResult } from '../../core/calibration/targets.ts';
import { formatEstimate, type Estimate } from '../../core/stats/interval.ts';
import { JointCalibrationSchema } from '../../core/calibration/schema.ts';
import { loadCalibration } from '../calibration/calibrate.ts';
import type { PatternScreen } from '../calibration/joint.ts';
import type { SensitivityRecord } from '../calibration/sensitivity.ts';
import { designEffects, DESIGN_ELEMENTS, DESIGN_REPLICATES, DESIGN_SEED, type DesignEffects } from './programme-design.ts';

export const VALIDATION_FILE = 'docs/validation.md';
export const LEAVE_ONE_OUT_FILE = 'docs/validation/leave-one-out.json';
/** The record of the joint fit made with no regard to the patterns (docs/validation/unconstrained.json). */
export const UNCONSTRAINED_FILE = 'docs/validation/unconstrained-behaviour.json';
export const SENSITIVITY_FILE = 'docs/validation/sensitivity.json';

interface UnconstrainedRecord {
  calibration: {
    fitted: Array<{ path: string; value: number; min: number; max: number; prior: number }>;
    programmes: Array<{ name: string; use?: 'fit' | 'predict'; within: number; targets: number }>;
    objective: number;
    evaluations: number;
    patternScreen: PatternScreen & { pull?: Array<{ value: number; fail: string[] }> };
  };
}
const CALIBRATION_FILE = 'scenarios/calibration.json';
export const FRESH_SEED = 2026;
export const FRESH_REPLICATES = 24;

interface RecordedResult {
  name: string;
  source?: string;
  metric: string;
  week?: number;
  weeks?: [number, number];
  published: number;
  band: [number, number];
  simulated: number | null;
  lower: number | null;
  upper: number | null;
  within: boolean;
}

export interface Programme {
  name: string;
  title: string;
  scenarioFile: string;
  use: 'fit' | 'predict';
  results: RecordedResult[];
  fresh: TargetResult[];
  design: DesignEffects;
}

export interface LeaveOneOutRecord {
  /** The joint calibration the folds were fitted with. */
  file: string;
  replicates: number;
  seed: number;
  ccsim: string;
  date: string;
  predictions: Array<{ leftOut: string; fitted: Array<{ path: string; value: number; atBound: string | null }>; patterns?: { t: number; failedAtFit: string[] }; evaluations: number; results: RecordedResult[] }>;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const num = (x: number | null) => (x === null || !Number.isFinite(x) ? 'NA' : String(Number(x.toPrecision(3))));
const when = (r: { week?: number; weeks?: [number, number] }) => (r.weeks ? `weeks ${r.weeks[0]}-${r.weeks[1]}` : r.week !== undefined ? `week ${r.week}` : 'whole run');
const interval = (r: RecordedResult) => `${num(r.simulated)} [${num(r.lower)}, ${num(r.upper)}]`;
/** A programme's figures as recorded: each published figure, its band, and the model's mean with its interval. */
function figureTable(results: RecordedResult[], model: 'Simulated' | 'Predicted'): string[] {
  return [
    `| Figure | When | Published | Band | ${model} [95% interval] | Within |`,
    '|---|---|---|---|---|---|',
    ...results.map((r) => `| ${cell(r.name)} | ${when(r)} | ${num(r.published)} | ${num(r.band[0])} to ${num(r.band[1])} | ${interval(r)} | ${r.within ? 'yes' : '**no**'} |`),
  ];
}
const estimateText = (e: Estimate) => formatEstimate(e).replace(/ \(n=\d+\)/, '');

function programmes(cwd: string): Programme[] {
  const spec = JointCalibrationSchema.parse(JSON.parse(readFileSync(join(cwd, CALIBRATION_FILE), 'utf8')));
  return spec.programmes.map((p) => {
    const scenarioFile = join('scenarios', p.scenario);
    const loaded = loadCalibration(scenarioFile, join('scenarios', p.targets), cwd);
    if (!loaded.ok) throw new Error(`${scenarioFile}: ${loaded.issues.map((i) => `${i.path}: ${i.found}`).join('; ')}`);
    const own = loaded.value.own as unknown as { name: string; title?: string; calibration?: { results: RecordedResult[] } };
    const scenario = validated(loaded.value.base);
    const runs = Array.from({ length: FRESH_REPLICATES }, (_, r) => runScenario(scenario, { seed: replicateSeed(FRESH_SEED, r + 1) }));
    return {
      name: own.name,
      title: own.title ?? own.name,
      scenarioFile,
      use: p.use,
      results: own.calibration?.results ?? [],
      fresh: assessTargets(runs, loaded.value.targets.targets),
      design: designEffects(scenarioFile, DESIGN_REPLICATES, DESIGN_SEED, cwd),
    };
  });
}

/** The scenario exactly as the calibration reads it. */
function validated(doc: ScenarioDocument) {
  const v = validateDocument(doc);
  if (!v.ok) throw new Error(`${doc.file}: ${v.issues.map((i) => `${i.path}: ${i.found}`).join('; ')}`);
  return v.value;
}

export interface Validation {
  programmes: Programme[];
  loo: LeaveOneOutRecord | null;
  unconstrained: UnconstrainedRecord | null;
  sensitivity: SensitivityRecord | null;
}

/** Everything the page shows: the records, and the runs it makes (fresh seeds, design elements). */
export function collectValidation(cwd = process.cwd()): Validation {
  const loo: LeaveOneOutRecord | null = existsSync(join(cwd, LEAVE_ONE_OUT_FILE)) ? JSON.parse(readFileSync(join(cwd, LEAVE_ONE_OUT_FILE), 'utf8')) : null;
  const unconstrained: UnconstrainedRecord | null = existsSync(join(cwd, UNCONSTRAINED_FILE)) ? JSON.parse(readFileSync(join(cwd, UNCONSTRAINED_FILE), 'utf8')) : null;
  const sensitivity: SensitivityRecord | null = existsSync(join(cwd, SENSITIVITY_FILE)) ? JSON.parse(readFileSync(join(cwd, SENSITIVITY_FILE), 'utf8')) : null;
  return { programmes: programmes(cwd), loo, unconstrained, sensitivity };
}

export function validationMarkdown(v: Validation): string {
  const all = v.programmes;
  const loo = v.loo;
  const fitted = BEHAVIOUR.calibration?.fitted ?? [];
  const record = BEHAVIOUR.calibration as undefined | { replicates: number; seed: number; evaluations: number; objective: number; targetsFitted: number; ccsim: string; date: string };
  const fitResults = all.filter((p) => p.use === 'fit').flatMap((p) => p.results);
  const within = fitResults.filter((r) => r.within).length;
  const atBound = fitted.filter((f) => nearBound(f.value, f));
  const out: string[] = [];
  out.push('# Validation: one model for every programme');
  out.push('');
  out.push('<!-- Generated by `ccsim docs` from scenarios/behaviour.json, scenarios/calibration.json, the programmes\' scenario and targets files and docs/validation/leave-one-out.json; `ccsim docs --check` fails when it is out of date. Do not edit by hand. -->');
  out.push('');
  out.push('Laid out as a TRACE document (Grimm et al. 2014, "Towards better modelling and decision support"): what the model is for, how it was checked, what was fitted to what, how it does on programmes and seeds it was not fitted to, what the programme\'s design does in it, and what it cannot yet do.');
  out.push('');
  out.push('## 1. Purpose and patterns');
  out.push('');
  out.push('ccsim simulates a clinical community (a core team and the sites it recruits) closing a gap between evidence and practice, so that a programme designer can ask what a design will do: whether it closes the gap, for whom, whether it lasts and what it costs. The patterns it must reproduce are those of the model brief: S-shaped spread, most sites changing little, dropout of 5-35%, fading after funding unless practice became routine, and the ten lessons of the Health Foundation\'s programme, each shown as a behaviour with its mechanism and gone without it ([the ablation table in docs/model.md](model.md#ablation)).');
  out.push('');
  out.push(`**One behaviour set.** How people and sites respond (hazards, effect sizes, learning rates; every setting whose role is *behaviour*, ${BEHAVIOUR_PATHS.length} of them) is shared by every programme: it is [scenarios/behaviour.json](../scenarios/behaviour.json), which is the default of every scenario. A programme\'s file sets only what its published description gives: its design, its challenge and its context, each value with its source in the file's \`sources\`. No archetype sets a behaviour value (a test fails if one does), so differences between programmes come from their described design, challenge and context, acting through the same behaviour.`);
  out.push('');
  out.push('## 2. Verification');
  out.push('');
  out.push('- **The Bass limit.** With every mechanism at its neutral value the adoption hazard reduces to the Bass model\'s p + qF, and the mean simulated path matches the closed form within sampling error (test/core/model/bass.test.ts).');
  out.push('- **Invariants.** The state\'s running totals (counts by site, group and practice state, member totals, practice weights, neighbours\' practice) equal what they total week after week, through turnover, reviews, dropout and shocks (test/core/model/invariants.test.ts); scenario files are fuzzed with fast-check (test/core/scenario/fuzz.test.ts).');
  out.push('- **Determinism.** The same scenario and seed give identical runs (test/core/determinism.test.ts); runs in worker threads equal the same runs in process (test/node/pool/pool.test.ts); a shared link reopened in the browser gives identical numbers (test/e2e/studio.e2e.ts).');
  out.push('- **Each mechanism earns its place.** Every behaviour the model brief asks for holds with its mechanism and not with it switched off ([docs/model.md](model.md#ablation)).');
  out.push('');
  out.push('## 3. Calibration');
  out.push('');
  if (!record) {
    out.push('The behaviour set has not been fitted: every value is its documented prior.');
  } else {
    out.push(`**Method.** \`ccsim calibrate --joint scenarios/calibration.json --write\`: ${fitted.length} shared behaviour settings fitted at once to the ${record.targetsFitted} published figures of ${all.filter((p) => p.use === 'fit').length} programmes, by Nelder-Mead on common random numbers (${record.replicates} replicates of every programme at every evaluation, root seed ${record.seed}; ${record.evaluations} evaluations; objective ${num(record.objective)}), each value searched on a logistic scale between its bounds. The objective is the sum, over every target, of the squared distance of the simulated mean from the published figure in half-widths of its band. Fitted with ccsim ${record.ccsim} on ${record.date}.`);
    out.push('');
    out.push(`**${fitted.length} fitted values for ${record.targetsFitted} targets; ${within} of ${fitResults.length} targets within their bands; ${atBound.length ? `${atBound.length} fitted value${atBound.length === 1 ? '' : 's'} within 2% of a bound (${atBound.map((f) => `\`${f.path}\``).join(', ')}): a finding, not a fit (section 7)` : 'no fitted value within 2% of a bound'}.** Every other behaviour value stays at its documented prior (docs/model.md).`);
    out.push('');
    const patterns = (BEHAVIOUR.calibration as { patterns?: { t: number; failedAtFit: string[]; rows: number; extended?: string[] } } | undefined)?.patterns;
    const extended = patterns?.extended ?? [];
    if (patterns) {
      out.push(
        patterns.t < 1
          ? `**Held to the model brief's patterns.** Pattern-oriented modelling (Grimm et al. 2005): a behaviour set is acceptable only if every behaviour the model brief asks for still shows: each row of [the ablation table](model.md#ablation) holds with its mechanism and not without it, and the level patterns P1-P3 and decay after funding hold (engine/node/library/patterns.ts): ${patterns.rows} patterns in all. The best fit to the programmes broke ${patterns.failedAtFit.length} of them (${patterns.failedAtFit.map((id) => `\`${id}\``).join(', ')}), so the values below lie ${Math.round(patterns.t * 100)}% of the way from the documented priors to that fit, on its search scale: the furthest point along that path at which every pattern holds${extended.length ? `; then each setting on its own was moved the rest of the way to the fit where every pattern still held, which ${extended.map((p) => `\`${p}\``).join(', ')} did` : ''}. The programmes' figures below are at these values. That the best fit to four programmes breaks the patterns is itself a finding (section 7).`
          : `**Held to the model brief's patterns:** every one of the ${patterns.rows} patterns (the rows of [the ablation table](model.md#ablation), P1-P3 and decay after funding) holds at the fit.`,
      );
      out.push('');
    }
    out.push('| Setting | Prior | Fitted | Bounds | Position in range |');
    out.push('|---|---|---|---|---|');
    for (const f of fitted) {
      const flag = nearBound(f.value, f);
      const position = ((f.value - f.min) / (f.max - f.min)) * 100;
      out.push(`| \`${f.path}\` | ${f.prior} | ${f.value} | ${f.min} to ${f.max} | ${position.toFixed(1)}%${flag ? ` **at its ${flag === 'min' ? 'lower' : 'upper'} bound**` : ''} |`);
    }
  }
  if (v.unconstrained) out.push('', ...unconstrainedSection(v.unconstrained));
  out.push('');
  out.push('Each programme\'s figures against the fitted model (its calibration record; the mean over replicates with its 95% interval). Charts of each programme against its published points are in [docs/scenarios.md](scenarios.md#calibrated-archetypes).');
  for (const p of all) {
    out.push('');
    out.push(`<a id="${p.name}"></a>`);
    out.push('');
    out.push(`### ${p.title}`);
    out.push('');
    out.push(`[${p.scenarioFile}](../${p.scenarioFile}), ${p.use === 'fit' ? 'fitted' : '**predicted, never fitted**'}: ${p.results.filter((r) => r.within).length} of ${p.results.length} figures within their bands.`);
    out.push('');
    out.push(...figureTable(p.results, 'Simulated'));
  }
  out.push('');
  out.push('## 4. Out of sample');
  out.push('');
  out.push('### 4.1 Leave one programme out');
  out.push('');
  if (!loo) {
    out.push('Not yet run: `ccsim calibrate --joint scenarios/calibration.json --leave-one-out --report docs/validation/leave-one-out.json`.');
  } else {
    out.push(`Each programme in turn is left out, the behaviour set is fitted to the others, and the programme left out is predicted at those values (\`ccsim calibrate --joint ${loo.file} --leave-one-out\`; ${loo.replicates} replicates, root seed ${loo.seed}; ccsim ${loo.ccsim}, ${loo.date}). A prediction is the model\'s answer for a programme it has not seen; each fold\'s search starts from the documented priors, so none starts from values fitted with the programme it leaves out.${loo.file.includes('unconstrained') ? ' The folds are fitted as the unconstrained fit is (section 3), with no regard to the patterns: held to them, each fold would stay close to the priors, as the shipped fit does. So this is a test of whether the programmes inform one another, not of the shipped set.' : ''}`);
    for (const pr of loo.predictions) {
      out.push('');
      out.push(`**${pr.leftOut}**, predicted from a fit to the others (${pr.fitted.map((f) => `\`${f.path}\` ${f.value}${f.atBound ? ' at its bound' : ''}`).join(', ')}${pr.patterns && pr.patterns.t < 1 ? `; held to the patterns, ${Math.round(pr.patterns.t * 100)}% of the way from the priors` : ''}): ${pr.results.filter((r) => r.within).length} of ${pr.results.length} figures within their bands.`);
      out.push('');
      out.push(...figureTable(pr.results, 'Predicted'));
    }
  }
  out.push('');
  out.push('### 4.2 Fresh seeds');
  out.push('');
  out.push(`The fitted model on seeds the fit never saw: ${FRESH_REPLICATES} replicates from root seed ${FRESH_SEED} (the fit used ${record?.replicates ?? 'its'} replicates from root seed ${record?.seed ?? 1}).`);
  out.push('');
  out.push('| Programme | Figure | When | Band | Simulated [95% interval] | Within |');
  out.push('|---|---|---|---|---|---|');
  for (const p of all) {
    for (const r of p.fresh) out.push(`| ${p.name} | ${cell(r.target.name)} | ${when(r.target)} | ${num(r.band[0])} to ${num(r.band[1])} | ${num(r.simulated.mean)} [${num(r.simulated.lower)}, ${num(r.simulated.upper)}] | ${r.within ? 'yes' : '**no**'} |`);
  }
  out.push('');
  out.push('## 5. Does the programme cause its effect, and does its design drive it?');
  out.push('');
  out.push(`For each programme, over ${DESIGN_REPLICATES} paired replicates (root seed ${DESIGN_SEED}): the gap its member sites closed by the end of funding (secular trend included), the part the programme closed (each site against its own no-programme path, same seeds), the programme\'s share of the gain, and the change in the programme\'s effect when one design element is removed (the same seeds without it). The evidence says each element helps, so removing it must lower the effect (its interval wholly below zero: "lowers"); the unit standard is removed only where a programme's description has one. test/validation/validation.test.ts asserts both (for feedback it reports the change without requiring it).`);
  out.push('');
  out.push(`| Programme | Gap closed | By the programme | Programme's share | ${DESIGN_ELEMENTS.map((e) => `Without ${e.label}`).join(' | ')} |`);
  out.push(`|---|---|---|---|${DESIGN_ELEMENTS.map(() => '---').join('|')}|`);
  for (const p of all) {
    const d = p.design;
    out.push(`| ${p.name} | ${estimateText(d.gapClosed)} | ${estimateText(d.programmeEffect)} | ${estimateText(d.programmeShare)} | ${d.removals.map((r) => (r.used ? `${estimateText(r.change)}${r.lowers ? ' lowers' : ''}` : 'none in its design')).join(' | ')} |`);
  }
  out.push('');
  out.push(`Where the evidence for each element comes from: ${DESIGN_ELEMENTS.map((e) => `${e.label} (${e.evidence})`).join('; ')}.`);
  out.push('');
  out.push('## 6. Sensitivity');
  out.push('');
  out.push(...sensitivitySection(v.sensitivity));
  out.push('');
  out.push('## 7. Known limits');
  out.push('');
  for (const limit of knownLimits(fitted, all, loo, v.unconstrained, v.sensitivity)) out.push(`- ${limit}`);
  out.push('');
  return out.join('\n');
}

/** The limits, said plainly; the ones that follow from the figures are worked out from them. */
function knownLimits(
  fitted: Array<{ path: string; value: number; min: number; max: number; prior: number }>,
  all: Programme[],
  loo: LeaveOneOutRecord | null,
  unconstrained: UnconstrainedRecord | null,
  sensitivity: SensitivityRecord | null,
): string[] {
  const out: string[] = [];
  for (const f of fitted) {
    const flag = nearBound(f.value, f);
    if (flag) out.push(`\`${f.path}\` sits at its ${flag === 'min' ? 'lower' : 'upper'} bound (${f.value}, bounds ${f.min} to ${f.max}): the figures push it there, and the bound, not the figures, holds it. The model needs a stronger response there than the structure allows, so a mechanism is missing or mis-scaled.`);
    const ratio = f.value / f.prior;
    if (!flag && f.prior > 0 && (ratio > 10 || ratio < 0.1)) {
      out.push(`\`${f.path}\` is fitted at ${f.value}, ${ratio > 1 ? `${Math.round(ratio)} times` : `a ${Math.round(1 / ratio)}th of`} its documented prior (${f.prior}). The figures want it there, so the prior was badly off or another mechanism is mis-scaled; the fitted value is what the model now assumes, and its meaning should be read with that in mind.`);
    }
  }
  for (const p of all) {
    const missed = p.results.filter((r) => !r.within);
    if (missed.length) out.push(`${p.name}: ${missed.length} of ${p.results.length} figures not reproduced (${missed.map((r) => `${r.name}: ${num(r.simulated)} against ${num(r.band[0])} to ${num(r.band[1])}`).join('; ')}).`);
    const weak = p.design.removals.filter((r) => r.used && !r.lowers);
    if (weak.length) out.push(`${p.name}: removing ${weak.map((r) => r.element.label).join(' or ')} does not lower the programme's effect clearly (an interval that reaches zero).`);
  }
  const capture = all.find((p) => p.name === 'aaaqip')?.results.find((r) => !r.within && r.metric === 'completeness');
  if (capture) {
    out.push(`aaaqip's data capture falls in the model (to ${num(capture.simulated)}) where it rose (to ${num(capture.published)}). The model's completeness follows each unit's engagement and its tie to the core team, and under a routine national audit a unit that would leave goes passive and reports less completely; the programme's work on the National Vascular Database itself, which raised capture nationally, has no mechanism, and the published figure is national while the model's is the mean over the units the programme reached.`);
  }
  const patterns = (BEHAVIOUR.calibration as { patterns?: { t: number; failedAtFit: string[] } } | undefined)?.patterns;
  if (patterns && patterns.t < 1) {
    out.push(`The best fit of the shipped settings breaks ${patterns.failedAtFit.length} of the model brief's patterns (${patterns.failedAtFit.map((id) => `\`${id}\``).join(', ')}); the shipped values stop short of it (section 3).`);
  }
  if (unconstrained) {
    const c = unconstrained.calibration;
    const pull = c.fitted.find((f) => f.path === 'practice.externalPerYear');
    const fittedProgrammes = c.programmes.filter((p) => p.use !== 'predict');
    const total = fittedProgrammes.reduce((a, p) => a + p.targets, 0);
    const pullAtPrior = c.patternScreen.oneAtATime.find((r) => r.path === 'practice.externalPerYear')?.withinAtPrior;
    out.push(
      `**The programmes and the lessons still pull the behaviour apart.** Fitted with no regard to the patterns, the shared behaviour reproduces ${fittedProgrammes.reduce((a, p) => a + p.within, 0)} of ${total} figures of the programmes it was fitted to, but ${c.patternScreen.all.length} of the model brief's patterns then fail${pull ? `, and it takes an external pull of ${pull.value} a year, ${Math.round(pull.value / pull.prior)} times its prior: staff at an engaged site would start the practice within a week or two, and design elements that act through the pull would change little` : ''}.` +
        (pull && pullAtPrior !== undefined
          ? ` With the pull back at its prior and every other value as fitted, ${pullAtPrior} of ${total} figures are still reproduced: a site's decision to make the intervention its written standard, and the training of its staff in it (the unit standard, docs/model.md 7.2.1), now carry the fast fall of a simple, standardised bundle such as Keystone's, which before it only the pull could. The pull buys the remaining ${(c.patternScreen.withinAtFit ?? 0) - pullAtPrior}.`
          : '') +
        ` What is still missing is a mechanism for those figures that breaks no pattern, and patterns that hold by a margin (several hold at the priors by little: the pull moved from 0.06 to 0.09 a year already lost one before the unit standard).`,
    );
  }
  if (!loo) out.push('The leave-one-out predictions have not been run for this behaviour set.');
  const predicted = all.filter((p) => p.use === 'predict');
  if (predicted.length) {
    out.push(`The programmes predicted and never fitted (${predicted.map((p) => p.name).join(', ')}) are described thinly: their budgets, core teams, events and several challenge values are assumptions, said in their files' sources, so a miss there says as much about the description as about the model.`);
  }
  out.push('No programme here has comparison sites in its published figures, so the secular trend (`context.secularTrendPerYear`, 3% of the gap a year) is an assumption in every one, and the programme\'s share of the gain rests on it.');
  out.push('The programmes\' budgets and core-team hours are published for ASCQI only; Keystone\'s and AAAQIP\'s are the defaults, so what the design elements do there is the model\'s answer for a typical budget, not theirs.');
  out.push('The model-uncertainty ensemble keeps behaviour sets that reproduce every figure the fit reproduces; it does not check the patterns for each member.');
  if (!sensitivity) out.push('The sensitivity of the outcome to the whole behaviour set, with the fit\'s uncertainty, has not been screened for this behaviour set (`ccsim calibrate --joint scenarios/calibration.json --sensitivity docs/validation/sensitivity.json`).');
  else {
    const leaning = untestedLeaders(sensitivity);
    if (leaning.length) out.push(`The programmes' answers lean on behaviour no figure has tested: among the settings that move a programme's effect most (section 6), ${leaning.map((l) => `\`${l.path}\` (${l.programmes.join(', ')})`).join(', ')} are documented priors, never fitted. Their ranges in the screen are a judgement (half to one and a half times the prior), so how much they matter is real, but where they should sit is not known.`);
  }
  return out;
}

/** What the programmes alone ask of the behaviour, and which of the model brief's patterns that costs. */
function unconstrainedSection(u: UnconstrainedRecord): string[] {
  const c = u.calibration;
  const shipped = new Set((BEHAVIOUR.calibration?.fitted ?? []).map((f) => f.path));
  const notShipped = c.fitted.map((f) => f.path).filter((p) => !shipped.has(p));
  const fittedProgrammes = c.programmes.filter((p) => p.use !== 'predict');
  const within = fittedProgrammes.reduce((a, p) => a + p.within, 0);
  const total = fittedProgrammes.reduce((a, p) => a + p.targets, 0);
  const out: string[] = [];
  out.push('### What the programmes alone ask for');
  out.push('');
  out.push(`Fitted with no regard to the patterns ([docs/validation/unconstrained.json](validation/unconstrained.json), ${c.fitted.length} settings, ${c.evaluations} evaluations; the record is [unconstrained-behaviour.json](validation/unconstrained-behaviour.json)), the shared behaviour reproduces ${within} of ${total} figures of the four programmes (objective ${num(c.objective)}):`);
  out.push('');
  const figures = c.patternScreen.withinAtFit !== undefined;
  out.push(`| Setting | Prior | Unconstrained fit | Patterns that fail with it alone |${figures ? ' Figures within their bands with it back at its prior |' : ''}`);
  out.push(`|---|---|---|---|${figures ? '---|' : ''}`);
  for (const f of c.fitted) {
    const screen = c.patternScreen.oneAtATime.find((s) => s.path === f.path);
    const failing = screen ? (screen.fail.length ? screen.fail.map((id) => `\`${id}\``).join(', ') : 'none') : 'not screened';
    out.push(`| \`${f.path}\` | ${f.prior} | ${f.value} | ${failing} |${figures ? ` ${screen?.withinAtPrior ?? 'not run'} of ${total} |` : ''}`);
  }
  out.push('');
  if (figures) {
    out.push(`The last column is what each fitted value buys: the figures reproduced with that one setting back at its documented prior and every other at its unconstrained value (${c.patternScreen.withinAtFit} of ${total} at the fit itself).`);
    out.push('');
  }
  out.push(`With every value at once, ${c.patternScreen.all.length} of the patterns fail (${c.patternScreen.all.map((id) => `\`${id}\``).join(', ')}). ${c.patternScreen.method}${c.patternScreen.pull ? ` The external pull alone, moved from its prior toward the fit: ${c.patternScreen.pull.map((p) => `${p.value} (${p.fail.length ? p.fail.map((id) => `\`${id}\``).join(', ') : 'every pattern holds'})`).join('; ')}.` : ''} The shipped fit (above) is held to the patterns, so a setting that breaks one here moves there only as far as every pattern still holds${notShipped.length ? `, and ${notShipped.map((p) => `\`${p}\``).join(', ')} ${notShipped.length === 1 ? 'is' : 'are'} not fitted there at all` : ''}.`);
  return out;
}

/** How many of each programme's most influential settings the page shows. */
const SENSITIVITY_TOP = 6;

/** Settings among some programme's most influential that were never fitted, with the programmes where they lead. */
function untestedLeaders(record: SensitivityRecord): Array<{ path: string; programmes: string[] }> {
  const fitted = new Set(record.ranges.filter((r) => r.fitted).map((r) => r.path));
  const leaders = new Map<string, string[]>();
  for (const p of record.programmes) {
    for (const i of p.indices.slice(0, 3)) if (!fitted.has(i.path)) leaders.set(i.path, [...(leaders.get(i.path) ?? []), p.name]);
  }
  return [...leaders].map(([path, programmes]) => ({ path, programmes }));
}

/** Section 6: which behaviour settings each programme's effect rests on (docs/validation/sensitivity.json). */
function sensitivitySection(record: SensitivityRecord | null): string[] {
  const out: string[] = [];
  const designs = 'Which design choices matter is a question for the experiments any user can run (the Morris design in [scenarios/experiments/what-matters-morris.json](../scenarios/experiments/what-matters-morris.json), the Sobol design in [sustainment-sobol.json](../scenarios/experiments/sustainment-sobol.json); docs/experiments.md).';
  if (!record) {
    out.push(`The behaviour set has not been screened (\`ccsim calibrate --joint scenarios/calibration.json --sensitivity ${SENSITIVITY_FILE}\` writes the record this section shows). ${designs}`);
    return out;
  }
  const fitted = new Set(record.ranges.filter((r) => r.fitted).map((r) => r.path));
  out.push(`Which behaviour assumptions each programme's answer rests on ([${SENSITIVITY_FILE}](validation/sensitivity.json), written by \`ccsim calibrate --joint scenarios/calibration.json --sensitivity ${SENSITIVITY_FILE}\`; ccsim ${record.ccsim}, ${record.date}). ${record.method}`);
  out.push('');
  out.push(`The ${SENSITIVITY_TOP} settings that move each programme's effect most (mu* in shares of the gap, with its 95% interval; sigma large beside mu* means the setting acts through interactions or non-linearly):`);
  out.push('');
  out.push('| Programme | Setting | mu* [95% interval] | sigma | Range screened | Fitted or prior |');
  out.push('|---|---|---|---|---|---|');
  for (const p of record.programmes) {
    for (const i of p.indices.slice(0, SENSITIVITY_TOP)) {
      const range = record.ranges.find((r) => r.path === i.path);
      out.push(`| ${p.name} | \`${i.path}\` | ${num(i.muStar)} [${num(i.lower)}, ${num(i.upper)}] | ${num(i.sigma)} | ${range ? `${num(range.min)} to ${num(range.max)}` : ''} | ${fitted.has(i.path) ? 'fitted (the fit\'s uncertainty)' : 'prior (half to one and a half times)'} |`);
    }
  }
  out.push('');
  const fittedRanks = record.programmes.map((p) => `${p.name}: ${[...fitted].map((path) => `\`${path}\` ${p.indices.findIndex((i) => i.path === path) + 1}`).join(', ')}`);
  out.push(`Where the fitted settings rank among the ${record.ranges.length} (1 moves the effect most): ${fittedRanks.join('; ')}. ${designs}`);
  return out;
}
