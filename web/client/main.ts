/**
 * The ccsim web app: the design studio (controls from the schema, runs in Web Workers, charts and
 * outcome cards, compare against a pinned baseline, share links and downloads) and the workshop
 * view. It holds no model logic: the engine computes, this page shows.
 */
import { MAX_SEED, formatIssue, merge, parseJson, type JsonObject, type Scenario, type ScenarioIssue } from '../../engine/core/index.ts';
import { buildControls } from './controls.ts';
import { buildChartFigures, clearCharts, drawCharts, drawPreviews, downloadChart, loadPlotly, plotlyReady, type ChartId } from './charts.ts';
import { drawCards } from './cards.ts';
import { createRunner, type Ensemble, type ReplicateResult } from './runner.ts';
import { decodeServedReplicate } from './served-replicate.ts';
import { CCSIM_VERSION } from '../../engine/node/version.ts';
import { validateDraft, withValue, type Draft } from './scenario-state.ts';
import { readHash, shareHash } from './share.ts';
import { download, fileName, resultsCsv, savedScenario, scenarioFile } from './downloads.ts';
import { changedPaths } from './draft-changes.ts';
import { openWorkshop, type Workshop } from './workshop.ts';
import { openFinder, type Finder } from './design-finder.ts';
import { el } from './controls.ts';
import { behaviourEnsemble } from '../../engine/core/scenario/behaviour.ts';
import { DEFAULT_LIMITS } from '../server/limits.ts';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

interface AppState {
  draft: Draft;
  /** The design as it was opened (bundled, file or link), to say what has changed since and to revert to. */
  original: JsonObject;
  scenario: Scenario | null;
  seed: number;
  replicates: number;
  /** Replicates also vary the fitted behaviour across the ensemble (model uncertainty). */
  modelUncertainty: boolean;
  ensemble: Ensemble | null;
  baseline: Ensemble | null;
  running: boolean;
  dirty: boolean;
  /** The address bar's link is behind the design on screen (see updateLink). */
  linkDue: boolean;
  workshop: Workshop | null;
  finder: Finder | null;
}

/** Figures the browser tests and the benchmark read. */
const probe = { renders: 0, lastRunMs: 0, lastDrawMs: 0, lastPartialMs: 0, lastOnScreenMs: 0, firstChartAt: 0, interactiveAt: 0, completeAt: 0, summaries: [] as unknown[], week: () => state.workshop?.week() ?? -1 };
(window as unknown as { __ccsim: typeof probe }).__ccsim = probe;

const runner = createRunner();
/** What the server allows (GET /api/limits); until it answers, the server's defaults. */
const limits = { replicatesPerRun: DEFAULT_LIMITS.replicatesPerRun };
const charts = buildChartFigures($('charts'));
const state: AppState = { draft: { source: 'baseline', data: {} }, original: {}, scenario: null, seed: 1, replicates: 20, modelUncertainty: false, ensemble: null, baseline: null, running: false, dirty: false, linkDue: false, workshop: null, finder: null };
const controls = buildControls($('controls'), (path, value) => edit(path, value));

function setStatus(text: string): void {
  $('status').textContent = text;
}

function showProblems(title: string, issues: Array<ScenarioIssue | string>): void {
  const box = $('problems');
  if (issues.length === 0) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  box.hidden = false;
  box.replaceChildren(el('h2', {}, title), el('ul', {}, ...issues.map((i) => el('li', {}, typeof i === 'string' ? i : formatIssue(i)))));
}

function describeScenario(): void {
  const data = state.draft.data;
  const about = $('scenario-about');
  // Redrawn on every edit: keep open whatever the reader had opened.
  const open = new Set([...about.querySelectorAll('details[open] > summary')].map((x) => x.textContent ?? ''));
  about.replaceChildren(el('h2', {}, String(data.title ?? data.name ?? 'Scenario')), el('p', { class: 'source' }, sourceText(state.draft.source)), el('p', {}, String(data.description ?? '')));
  const changed = changedPaths(state.original, data);
  if (changed.length > 0) {
    const revert = el('button', { type: 'button', id: 'revert' }, 'Revert') as HTMLButtonElement;
    revert.addEventListener('click', () => apply({ source: state.draft.source, data: state.original }));
    about.append(
      el(
        'p',
        { class: 'changed', id: 'changed' },
        `Changed from ${state.draft.source === 'shared link' ? 'the shared link' : state.draft.source}: ${changed.length} setting${changed.length === 1 ? '' : 's'} (${changed.slice(0, 4).join(', ')}${changed.length > 4 ? ', …' : ''}). `,
        revert,
      ),
    );
  }
  const notes = data.notes as { whatToNotice?: string[]; thingsToTry?: string[] } | undefined;
  if (notes?.whatToNotice?.length) about.append(el('details', {}, el('summary', {}, 'What to notice'), el('ul', {}, ...notes.whatToNotice.map((n) => el('li', {}, n)))));
  if (notes?.thingsToTry?.length) about.append(el('details', {}, el('summary', {}, 'Things to try'), el('ul', {}, ...notes.thingsToTry.map((n) => el('li', {}, n)))));
  const record = state.scenario?.calibration;
  if (record) about.append(calibrationRecord(record));
  for (const d of about.querySelectorAll('details')) if (open.has(d.querySelector('summary')?.textContent ?? '')) d.open = true;
}

/** Where the design on screen came from, in words. */
function sourceText(source: string): string {
  if (source === 'shared link') return 'Opened from a shared link.';
  if (/\.json$/i.test(source)) return `Your file: ${source}.`;
  return `From the scenario library: scenarios/${source}.json.`;
}

/** A calibrated scenario's record: each published figure against what the fitted scenario gave. */
function calibrationRecord(record: NonNullable<Scenario['calibration']>): HTMLElement {
  const figure = (x: number | null) => (x === null ? 'n/a' : String(Number(x.toPrecision(3))));
  const rows = record.results.map((r) =>
    el(
      'tr',
      { title: r.source ?? '' },
      el('td', {}, r.name),
      el('td', {}, figure(r.published)),
      el('td', {}, `${figure(r.band[0])} to ${figure(r.band[1])}`),
      el('td', {}, `${figure(r.simulated)}${r.lower !== null && r.upper !== null ? ` [${figure(r.lower)}, ${figure(r.upper)}]` : ''}`),
      el('td', { class: r.within ? 'within' : 'outside' }, r.within ? 'yes' : 'no'),
    ),
  );
  return el(
    'details',
    { class: 'calibration' },
    el('summary', {}, 'Published figures and the fit'),
    el(
      'p',
      { class: 'help' },
      record.fitted.length
        ? `Fitted to ${record.targets} (${record.results.length} figures, ${record.replicates} replicates, root seed ${record.seed}). `
        : `Nothing in this file is fitted: it is set from the programme's published description, and the behaviour is the model's one shared set, ${/^Predicted/.test(record.method) ? 'never fitted to this programme (a prediction, out of sample)' : 'fitted jointly to four programmes'}. Its figures against the model: ${record.results.length} figures, ${record.replicates} replicates, root seed ${record.seed}. `,
      'A figure is reproduced when the simulated mean lies in its accepted range (the published range, or 15% either side). The outcome chart marks the published figures; this record describes the file as set, not your edits. ',
      el('a', { href: `/docs/validation#${encodeURIComponent(String(state.draft.data.name ?? ''))}`, target: '_blank', rel: 'noopener' }, 'How the model was validated'),
    ),
    el('table', {}, el('tr', {}, el('th', { scope: 'col' }, 'Figure'), el('th', { scope: 'col' }, 'Published'), el('th', { scope: 'col' }, 'Accepted range'), el('th', { scope: 'col' }, 'Simulated mean [95%]'), el('th', { scope: 'col' }, 'Mean in range')), ...rows),
  );
}

/** Validate the draft; show it and run it if valid, else show every problem where it belongs. */
function apply(draft: Draft): void {
  state.draft = draft;
  const result = validateDraft(draft);
  if (!result.ok) {
    // Problems with a control are shown beside it; the rest (unknown keys, broken structure) are
    // listed in the problems panel, which always says how many there are in all.
    const unplaced = controls.showIssues(result.issues);
    const count = result.issues.length;
    const placed = count - unplaced.length;
    const lines: Array<ScenarioIssue | string> = [...unplaced];
    if (placed > 0) lines.push(`${placed} setting${placed === 1 ? ' is' : 's are'} out of range or invalid; each is marked beside its control.`);
    showProblems(`${draft.source} has ${count} problem${count === 1 ? '' : 's'}: fix ${count === 1 ? 'it' : 'them'} to run`, lines);
    // Nothing of the design shown before stays on screen: its values, heading or results.
    controls.showDraft(draft.data);
    controls.showIssues(result.issues);
    state.scenario = null;
    describeScenario();
    clearResults('Not run: the scenario has problems (see the highlighted settings).');
    return;
  }
  state.scenario = result.value;
  // The run is asked for first: the workers compute while the page shows the design and updates its link.
  scheduleRun();
  controls.showIssues([]);
  showProblems('', []);
  controls.show(result.value);
  describeScenario();
  state.linkDue = true;
}

/**
 * The address bar's link to the design on screen. Written once the run's results are drawn, not
 * as a control moves: replacing a long URL costs Chrome some 20 ms of the page's thread, which
 * the first redraw needs more.
 */
function updateLink(): void {
  if (!state.linkDue) return;
  state.linkDue = false;
  history.replaceState(null, '', shareHash({ data: state.draft.data, seed: state.seed, replicates: state.replicates }));
}

/** Take every result off the screen (a design that cannot run must not show the last one's). */
function clearResults(status: string): void {
  state.ensemble = null;
  $('cards').replaceChildren();
  clearCharts(charts);
  setStatus(status);
}

/**
 * Open a design as it comes (bundled, a file, a link): it becomes what edits are measured
 * against, and its own seed and replicates (if it records them) are used.
 */
function open(source: string, data: JsonObject, run: { seed?: number; replicates?: number } = {}): void {
  state.original = data;
  const seed = run.seed ?? (Number.isInteger(data.seed) ? (data.seed as number) : undefined);
  const replicates = run.replicates ?? (Number.isInteger(data.replicates) ? (data.replicates as number) : undefined);
  if (seed !== undefined && seed >= 0 && seed <= MAX_SEED) state.seed = seed;
  if (replicates !== undefined && replicates >= 1) state.replicates = Math.min(replicates, limits.replicatesPerRun);
  $<HTMLInputElement>('seed').value = String(state.seed);
  $<HTMLInputElement>('replicates').value = String(state.replicates);
  showPicked(source);
  apply({ source, data });
}

/** The picker shows the bundled scenario on screen, or a line naming the file or link it came from. */
function showPicked(source: string): void {
  const picker = $<HTMLSelectElement>('scenario-picker');
  picker.querySelector('option[data-opened]')?.remove();
  if ([...picker.options].some((o) => o.value === source)) {
    picker.value = source;
    return;
  }
  const opened = el('option', { value: '', 'data-opened': 'true' }, source === 'shared link' ? 'From a shared link' : `Your file: ${source}`) as HTMLOptionElement;
  picker.prepend(opened);
  picker.value = '';
}

/** Problems that stop a file opening at all: said, and nothing of the design before stays on screen. */
function cannotOpen(title: string, issues: Array<ScenarioIssue | string>, status: string): void {
  controls.showIssues([]);
  showProblems(title, issues);
  clearResults(status);
}

function edit(path: string, value: unknown): void {
  const next = withValue(state.draft, path, value);
  if (!next.ok) {
    controls.showIssues(next.issues);
    return;
  }
  // The same value again (a second change event on blur) changes nothing: do not rerun.
  if (state.scenario && JSON.stringify(next.value.data) === JSON.stringify(state.draft.data)) return;
  apply(next.value);
}

function scheduleRun(): void {
  if (state.running) {
    state.dirty = true;
    return;
  }
  void runNow();
}

async function runNow(): Promise<void> {
  if (!state.scenario) return;
  state.running = true;
  state.dirty = false;
  setStatus(`Running ${state.replicates} replicates…`);
  const changed = performance.now();
  try {
    // Results are shown as they come. Until plotly has loaded (the page's first run), as still
    // previews: from the server's copy of replicate 1 for the default scenario, so neither the
    // workers' start nor plotly is waited for, else from the workers' replicate 1; plotly's
    // charts replace them as soon as it is in. Then the charts on screen are redrawn as soon as
    // every worker has sent two replicates (a first answer to a moved control, with wider bands),
    // and every chart when all are in.
    const scenario = state.scenario;
    // (Only the page's first run waits for the server's preview: later runs start at once.)
    const served = servedFirst ? await servedPreview() : null;
    const early = state.replicates >= 4 * runner.workers ? [2 * runner.workers] : [];
    let latest: Ensemble | null = null;
    let finished = false;
    let partialDrawn: Promise<unknown> = Promise.resolve();
    const drawPartial = (partial: Ensemble) => {
      partialDrawn = partialDrawn.then(() =>
        drawCharts(charts, partial, state.baseline, {
          onScreenOnly: true,
          onScreenDrawn: () => {
            probe.interactiveAt ||= performance.now();
            probe.lastPartialMs = performance.now() - changed;
          },
        }),
      );
      return partialDrawn;
    };
    let plotlyWaited: Promise<void> | null = null;
    // Returns the drawing of the charts on screen, while which the runner leaves the page a core.
    const onPartial = (partial: Ensemble): Promise<unknown> | undefined => {
      if (partial.scenario !== state.scenario) return;
      latest = partial;
      drawCards($('cards'), partial, state.baseline);
      setStatus(`Running ${state.replicates} replicates… ${partial.replicates.length} in so far (shown).`);
      if (plotlyReady()) return drawPartial(partial);
      drawPreviews(charts, partial, state.baseline);
      probe.firstChartAt ||= performance.now();
      plotlyWaited ??= loadPlotly().then(() => {
        if (!finished && latest) drawPartial(latest);
      });
    };
    const ensemble = await runner.run(scenario, state.seed, state.replicates, {
      modelUncertainty: state.modelUncertainty,
      onPartial,
      partialAt: served || plotlyReady() ? early : [1, ...early],
      preview: served ?? undefined,
    });
    finished = true;
    // A design that stopped being the one on screen (a broken file opened meanwhile) is not drawn.
    if (ensemble && ensemble.scenario === state.scenario) {
      state.ensemble = ensemble;
      await partialDrawn;
      const drawStarted = performance.now();
      drawCards($('cards'), ensemble, state.baseline);
      await drawCharts(charts, ensemble, state.baseline, {
        onScreenDrawn: () => {
          probe.firstChartAt ||= performance.now();
          probe.interactiveAt ||= performance.now();
          probe.lastOnScreenMs = performance.now() - changed;
        },
      });
      updateLink();
      probe.completeAt ||= performance.now();
      probe.lastRunMs = ensemble.elapsedMs;
      probe.summaries = ensemble.replicates.map((r) => r.summary);
      probe.lastDrawMs = performance.now() - drawStarted;
      probe.renders++;
      setStatus(
        `${ensemble.replicates.length} replicate${ensemble.replicates.length === 1 ? '' : 's'}${ensemble.modelUncertainty ? ' over the fitted model\'s behaviour sets (intervals: chance and model uncertainty)' : ''} · root seed ${ensemble.rootSeed} · computed in ${Math.round(ensemble.elapsedMs)} ms on ${runner.workers} workers${state.baseline ? ' · compared with the pinned baseline' : ''}`,
      );
    }
  } catch (err) {
    setStatus(`The run failed: ${(err as Error).message}`);
  } finally {
    state.running = false;
    updateLink();
  }
  if (state.dirty) await runNow();
}

/**
 * The server's replicate 1 of the default scenario (asked for as the page's script starts), for
 * the page's first run when it is of that scenario as bundled, at the seed it was asked for.
 */
async function servedPreview(): Promise<ReplicateResult | null> {
  const asked = servedFirst;
  servedFirst = null;
  if (!asked || state.draft.source !== 'baseline' || state.draft.data !== state.original || state.modelUncertainty) return null;
  return decodeServedReplicate(await asked, { seed: state.seed, version: CCSIM_VERSION });
}

/** The default scenario, asked for as the page's script starts (a shared link brings its own). */
let prefetched: Promise<Response> | null = new URLSearchParams(location.hash.slice(1)).has('s') ? null : fetch('api/scenarios/baseline');
/** Its replicate 1 as the server keeps it (GET /api/preview: served-replicate.ts), asked for at the same moment. */
let servedFirst: Promise<unknown> | null = prefetched && fetch('api/preview/baseline').then((r) => (r.ok ? r.json() : null)).catch(() => null);

async function loadBundled(id: string): Promise<void> {
  const early = id === 'baseline' ? prefetched : null;
  prefetched = null;
  const response = await (early ?? fetch(`api/scenarios/${id}`));
  const body = await response.json();
  if (!response.ok) {
    showProblems(`Cannot load ${id}`, [body.message ?? response.statusText]);
    return;
  }
  open(id, body.scenario as JsonObject);
}

async function openFile(file: File): Promise<void> {
  const text = await file.text();
  const parsed = parseJson(text, file.name);
  if (!parsed.ok) {
    cannotOpen(`${file.name} could not be opened`, parsed.issues, 'Not run: the file is not valid JSON.');
    return;
  }
  if (parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
    cannotOpen(`${file.name} could not be opened`, [`${file.name}: expected a JSON object with at least a "name", got something else.`], 'Not run: the file is not a scenario.');
    return;
  }
  let data = parsed.value as JsonObject;
  if (typeof data.extends === 'string') {
    // In the browser, extends can name a bundled scenario (the file it extends is not readable here).
    const id = data.extends.replace(/^\.\//, '').replace(/\.json$/, '');
    const response = await fetch(`api/scenarios/${id}`);
    if (!response.ok) {
      cannotOpen(`${file.name} could not be opened`, [`${file.name}: extends: expected a bundled scenario the browser can read, got ${JSON.stringify(data.extends)}. Open the file it extends instead, or merge the two.`], 'Not run: the file extends a scenario the browser cannot read.');
      return;
    }
    const { extends: _ignored, ...own } = data;
    // The file is its own design: it keeps the base's settings, not the base's heading, story or fit record.
    const { title: _title, description: _description, notes: _notes, calibration: _calibration, sources: _sources, ...base } = (await response.json()).scenario as JsonObject;
    data = merge(base, own);
    if (data.description === undefined) data.description = `Built on ${id} (scenarios/${id}.json): every setting this file does not name is that scenario's.`;
  }
  open(file.name, data);
}

function setBaseline(pinned: boolean): void {
  // Only a finished run of the design as it stands can be a baseline.
  if (pinned && (!state.ensemble || state.running)) {
    setStatus('Wait for the run to finish, then pin it as the baseline.');
    return;
  }
  state.baseline = pinned ? state.ensemble : null;
  $('pin').hidden = pinned;
  $('unpin').hidden = !pinned;
  if (state.ensemble) {
    drawCards($('cards'), state.ensemble, state.baseline);
    void drawCharts(charts, state.ensemble, state.baseline);
  }
  setStatus(pinned ? 'Baseline pinned: change the design and compare.' : 'Baseline cleared.');
}

function openWorkshopView(): void {
  if (!state.ensemble?.first.trace || state.workshop) return;
  state.workshop = openWorkshop(document.body, state.ensemble, () => {
    state.workshop = null;
    $('workshop').focus();
  });
}

function openFinderView(): void {
  if (!state.scenario || state.finder) return;
  const costs = state.ensemble?.replicates.map((r) => r.summary.costFull).filter((x): x is number => typeof x === 'number') ?? [];
  state.finder = openFinder(document.body, {
    scenario: state.scenario,
    data: state.draft.data,
    name: String(state.draft.data.title ?? state.draft.data.name ?? 'scenario'),
    ownCost: costs.length ? costs.reduce((a, b) => a + b, 0) / costs.length : null,
    onOpenDesign: (values, own) => {
      state.finder?.close();
      void compareWithOwn(own, values);
    },
    onClose: () => {
      state.finder = null;
      $('find-design').focus();
    },
  });
}

/**
 * A design found by the search, in the studio: the designer's own design is run (if it is not
 * the one on screen) and pinned as the baseline, then the found design's lever values are set.
 */
async function compareWithOwn(own: JsonObject, values: Record<string, unknown>): Promise<void> {
  if (JSON.stringify(state.draft.data) !== JSON.stringify(own)) apply({ source: state.draft.source, data: own });
  while (state.running || state.dirty || !state.ensemble || state.ensemble.scenario !== state.scenario) await new Promise((r) => setTimeout(r, 50));
  setBaseline(true);
  let draft: Draft = { source: state.draft.source, data: own };
  for (const [path, value] of Object.entries(values)) {
    const next = withValue(draft, path, value);
    if (next.ok) draft = next.value;
  }
  apply(draft);
}

async function share(): Promise<void> {
  const url = `${location.origin}${location.pathname}${shareHash({ data: state.draft.data, seed: state.seed, replicates: state.replicates })}`;
  try {
    await navigator.clipboard.writeText(url);
    setStatus('Link copied: it opens this exact scenario, seed and replicates.');
  } catch {
    setStatus(`Share this link: ${url}`);
  }
}

function numberInput(id: string, min: number, max: number, onValue: (n: number) => void): void {
  const input = $<HTMLInputElement>(id);
  input.addEventListener('change', () => {
    const n = Number(input.value);
    if (!Number.isInteger(n) || n < min || n > max) {
      input.setCustomValidity(`Expected a whole number from ${min} to ${max}`);
      input.reportValidity();
      return;
    }
    input.setCustomValidity('');
    onValue(n);
  });
}

/** Keep the sidebar just under the bar, whose height changes when it wraps. */
function trackBarHeight(): void {
  const bar = document.querySelector<HTMLElement>('header.bar');
  if (!bar) return;
  const set = () => document.documentElement.style.setProperty('--bar-h', `${Math.ceil(bar.getBoundingClientRect().height)}px`);
  new ResizeObserver(set).observe(bar);
  set();
}

async function start(): Promise<void> {
  trackBarHeight();
  // The server's limits (not restated here: the replicates a run may ask for) and the library, asked for at once.
  const [served, listed] = await Promise.all([fetch('api/limits').then((r) => (r.ok ? r.json() : null)).catch(() => null), fetch('api/scenarios').then((r) => r.json())]);
  if (served && Number.isInteger(served.replicatesPerRun)) limits.replicatesPerRun = served.replicatesPerRun;
  $<HTMLInputElement>('replicates').max = String(limits.replicatesPerRun);
  $<HTMLInputElement>('seed').max = String(MAX_SEED);
  const list = listed as Array<{ id: string; title: string; group: string }>;
  const picker = $<HTMLSelectElement>('scenario-picker');
  // The server sends the library in order (baseline, lessons 1-10, archetypes): one group per run of equal labels.
  const groups: HTMLElement[] = [];
  for (const s of list) {
    if (groups.at(-1)?.getAttribute('label') !== s.group) groups.push(el('optgroup', { label: s.group }));
    groups.at(-1)!.append(el('option', { value: s.id }, s.title));
  }
  picker.replaceChildren(...groups);
  picker.addEventListener('change', () => void loadBundled(picker.value));
  $<HTMLInputElement>('scenario-file').addEventListener('change', (e) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (file) void openFile(file);
  });
  // A change event can fire twice for one edit (on enter and again on blur): rerun only on news.
  numberInput('seed', 0, MAX_SEED, (n) => {
    if (n === state.seed) return;
    state.seed = n;
    apply(state.draft);
  });
  numberInput('replicates', 1, limits.replicatesPerRun, (n) => {
    if (n === state.replicates) return;
    state.replicates = n;
    apply(state.draft);
  });
  const uncertainty = $<HTMLInputElement>('model-uncertainty');
  const sets = behaviourEnsemble();
  if (!sets) {
    uncertainty.disabled = true;
    uncertainty.parentElement!.title = 'The shared behaviour has no ensemble of fitted sets yet (ccsim calibrate --joint --ensemble K --write).';
  }
  uncertainty.addEventListener('change', () => {
    state.modelUncertainty = uncertainty.checked;
    apply(state.draft);
  });
  $('pin').addEventListener('click', () => setBaseline(true));
  $('unpin').addEventListener('click', () => setBaseline(false));
  $('workshop').addEventListener('click', openWorkshopView);
  $('find-design').addEventListener('click', openFinderView);
  $('open-room').addEventListener('click', () => {
    // The room page offers this design first (room/main.ts reads it); the seed goes with it.
    sessionStorage.setItem('ccsim.room-scenario', JSON.stringify({ ...state.draft.data, seed: state.seed }));
    location.href = 'room.html#open';
  });
  $('share').addEventListener('click', () => void share());
  $('download-scenario').addEventListener('click', () => {
    const saved = savedScenario(state.draft.data, state.original, state.draft.source, { seed: state.seed, replicates: state.replicates });
    download(`${fileName(String(saved.name ?? 'scenario'))}.json`, 'application/json', scenarioFile(saved));
  });
  $('download-results').addEventListener('click', () => {
    if (state.ensemble) download(`${fileName(String(state.draft.data.name ?? 'scenario'))}-series.csv`, 'text/csv', resultsCsv(state.ensemble));
  });
  document.querySelectorAll<HTMLButtonElement>('button.png').forEach((b) =>
    b.addEventListener('click', () => {
      // Until the first run is in, a chart may be a still preview, which plotly cannot save.
      if (!state.ensemble) setStatus('Wait for the run to finish, then save the chart.');
      else void downloadChart(charts[b.dataset.chart as ChartId], `${fileName(String(state.draft.data.name ?? 'scenario'))}-${b.dataset.chart}`);
    }),
  );
  document.addEventListener('keydown', (e) => {
    const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement || e.target instanceof HTMLTextAreaElement;
    if (!typing && (e.key === 'w' || e.key === 'W') && !state.workshop) openWorkshopView();
  });

  const shared = readHash(location.hash, limits.replicatesPerRun);
  if (shared && 'data' in shared) {
    open('shared link', shared.data, { seed: shared.seed, replicates: shared.replicates });
    return;
  }
  $<HTMLInputElement>('seed').value = String(state.seed);
  $<HTMLInputElement>('replicates').value = String(state.replicates);
  const first = list.find((s) => s.id === 'baseline') ?? list[0];
  picker.value = first.id;
  await loadBundled(first.id);
  if (shared && 'error' in shared) showProblems('The shared link could not be opened', [shared.error]);
}

void start();
