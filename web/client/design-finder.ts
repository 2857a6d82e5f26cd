/**
 * "Find a design": the designer chooses the levers to search and their ranges, the contexts the
 * design might meet, the objectives, thresholds and budget; the server runs the search on its
 * pool as a job (POST /api/searches, the same search `ccsim design` runs); the view shows the
 * Pareto front, the front across objectives and levers (parallel coordinates), and for a clicked
 * design its robustness, its "fails when" boxes and its acceptability curve against the
 * designer's own design, with one click to open it in the studio pinned against that design.
 */
import type { Data, Layout } from 'plotly.js-dist-min';
import { moneyText, type JsonObject, type Scenario } from '../../engine/core/index.ts';
import type { SearchResultJson } from '../../engine/node/search/search-files.ts';
import { loadPlotly } from './plotly-loader.ts';
import { el } from './controls.ts';
import { OBJECTIVES, SUGGESTED_FACTORS, SUGGESTED_LEVERS, maxRuns, searchFile, searchableSettings, suggestedRange, type Chosen, type FinderForm, type ObjectiveKey, type Setting } from './finder-model.ts';

export interface FinderContext {
  scenario: Scenario;
  /** The design on screen, as a file holds it: the search's scenario and the designer's own design. */
  data: JsonObject;
  name: string;
  /** The design on screen's mean full cost, if it has run (offered as the budget). */
  ownCost: number | null;
  /** Open a design in the studio, pinned against the designer's own. */
  onOpenDesign(values: Record<string, unknown>, own: JsonObject): void;
  onClose(): void;
}

export interface Finder {
  close(): void;
}

type Design = SearchResultJson['designs'][number];

const money = (x: number, currency: string) => moneyText(x, currency);
const percent = (x: number | null) => (x === null || !Number.isFinite(x) ? 'n/a' : `${Math.round(x * 1000) / 10}%`);
const sig = (x: number) => String(Number(x.toPrecision(3)));

/** A metric's value as people read it: money, a share as a percentage, else three figures. */
function metricText(metric: string | null, x: number | null, currency: string): string {
  if (x === null || !Number.isFinite(x)) return 'n/a';
  if (metric === 'costFull') return money(x, currency);
  if (metric === null || metric === 'programmeEffectOneYearAfter' || metric === 'dropoutShare') return percent(x);
  return sig(x);
}

export function openFinder(host: HTMLElement, context: FinderContext): Finder {
  const designs = searchableSettings('design');
  const contexts = searchableSettings('context');
  const byPath = new Map([...designs, ...contexts].map((s) => [s.path, s]));
  const form: FinderForm = {
    levers: SUGGESTED_LEVERS.map((p) => suggestedRange(byPath.get(p)!, context.scenario)),
    factors: SUGGESTED_FACTORS.map((p) => suggestedRange(byPath.get(p)!, context.scenario)),
    objectives: ['programmeEffectOneYearAfter', 'costFull', 'dropoutShare'],
    effectAtLeast: 0.3,
    dropoutAtMost: 0.2,
    budget: context.ownCost !== null ? Math.ceil(context.ownCost / 50_000) * 50_000 : null,
    contexts: 20,
    modelUncertainty: false,
    replicates: 3,
    population: 12,
    generations: 3,
    seed: 1,
  };
  let running: { id: string; events: EventSource } | null = null;
  let result: SearchResultJson | null = null;
  let selected: Design | null = null;

  const status = el('p', { class: 'finder-status', id: 'finder-status', 'aria-live': 'polite' }, 'Choose what to search, then run the search on the server.');
  const estimate = el('p', { class: 'help', id: 'finder-estimate' });
  const leverRows = el('div', { class: 'finder-rows', id: 'finder-levers' });
  const factorRows = el('div', { class: 'finder-rows', id: 'finder-factors' });
  const runButton = el('button', { type: 'button', id: 'finder-run', class: 'primary' }, 'Run the search') as HTMLButtonElement;
  const cancelButton = el('button', { type: 'button', id: 'finder-cancel', hidden: '' }, 'Cancel') as HTMLButtonElement;
  const frontChart = el('figure', { class: 'finder-chart', id: 'finder-front', 'aria-label': 'The Pareto front: every design evaluated, the front highlighted, your design marked' });
  const parallelChart = el('figure', { class: 'finder-chart', id: 'finder-parallel', 'aria-label': 'The designs on the front across objectives and levers (parallel coordinates)' });
  const designPanel = el('section', { class: 'finder-design', id: 'finder-design', 'aria-label': 'The design chosen on the front' });
  const informationChart = el('figure', { class: 'finder-chart small', id: 'finder-evppi', 'aria-label': 'Which context factor is most worth learning before choosing' });
  const summary = el('p', { id: 'finder-summary' });
  const results = el('div', { class: 'finder-results', id: 'finder-results', hidden: '' }, summary, frontChart, parallelChart, designPanel, informationChart);

  // ---- the form ----

  function numberField(label: string, id: string, value: number | null, attrs: Record<string, string>, onValue: (n: number | null) => void, allowEmpty = false): HTMLElement {
    const input = el('input', { type: 'number', id, ...attrs, ...(value !== null ? { value: String(value) } : {}) }) as HTMLInputElement;
    input.addEventListener('change', () => {
      const text = input.value.trim();
      const n = Number(text);
      if ((text === '' && !allowEmpty) || (text !== '' && !Number.isFinite(n))) {
        input.setCustomValidity('Expected a number');
        input.reportValidity();
        return;
      }
      input.setCustomValidity('');
      onValue(text === '' ? null : n);
      refreshEstimate();
    });
    return el('label', { class: 'finder-field', for: id }, `${label} `, input);
  }

  function settingRow(chosen: Chosen, list: Chosen[], kind: 'lever' | 'factor'): HTMLElement {
    const setting = byPath.get(chosen.path)!;
    const remove = el('button', { type: 'button', class: 'finder-remove', 'aria-label': `Remove ${setting.title}` }, 'Remove');
    remove.addEventListener('click', () => {
      list.splice(list.indexOf(chosen), 1);
      drawRows();
    });
    const name = el('span', { class: 'finder-name', title: setting.path }, setting.title, el('small', {}, ` ${setting.path}`));
    if (setting.kind === 'choice') return el('div', { class: 'finder-row' }, name, el('span', { class: 'finder-choices' }, `any of ${chosen.values!.join(', ')}`), remove);
    const id = `${kind}-${setting.path.replace(/\W/g, '-')}`;
    const unit = setting.unit && setting.unit !== 'share' ? ` (${setting.unit})` : '';
    return el(
      'div',
      { class: 'finder-row' },
      name,
      numberField(`from${unit}`, `${id}-min`, chosen.min!, { step: 'any' }, (n) => (chosen.min = n!)),
      numberField('to', `${id}-max`, chosen.max!, { step: 'any' }, (n) => (chosen.max = n!)),
      remove,
    );
  }

  function adder(label: string, id: string, pool: Setting[], list: Chosen[]): HTMLElement {
    const select = el('select', { id }, el('option', { value: '' }, label), ...pool.filter((s) => !list.some((c) => c.path === s.path)).map((s) => el('option', { value: s.path }, `${s.title} (${s.path})`))) as HTMLSelectElement;
    select.addEventListener('change', () => {
      if (!select.value) return;
      list.push(suggestedRange(byPath.get(select.value)!, context.scenario));
      drawRows();
    });
    return el('label', { class: 'finder-field', for: id }, el('span', { class: 'visually-hidden' }, label), select);
  }

  function drawRows(): void {
    leverRows.replaceChildren(...form.levers.map((c) => settingRow(c, form.levers, 'lever')), adder('Add a lever…', 'finder-add-lever', designs, form.levers));
    factorRows.replaceChildren(...form.factors.map((c) => settingRow(c, form.factors, 'factor')), adder('Add a context factor…', 'finder-add-factor', contexts, form.factors));
    refreshEstimate();
  }

  function refreshEstimate(): void {
    const contexts = form.factors.length || form.modelUncertainty ? form.contexts : 1;
    estimate.textContent = `Up to ${maxRuns(form).toLocaleString('en-GB')} runs: ${form.population} designs a generation over ${form.generations + 1} generations, each in ${contexts} context${contexts === 1 ? '' : 's'} x ${form.replicates} replicates (your own design is one of the first generation).`;
  }

  const objectiveBoxes = OBJECTIVES.map((o) => {
    const box = el('input', { type: 'checkbox', id: `finder-objective-${o.key}`, ...(form.objectives.includes(o.key) ? { checked: '' } : {}) }) as HTMLInputElement;
    box.addEventListener('change', () => {
      form.objectives = OBJECTIVES.filter((x) => (document.getElementById(`finder-objective-${x.key}`) as HTMLInputElement).checked).map((x) => x.key as ObjectiveKey);
    });
    return el('label', { class: 'check', for: `finder-objective-${o.key}` }, box, ` ${o.label}`);
  });

  const uncertaintyInput = el('input', { type: 'checkbox', id: 'finder-model-uncertainty' }) as HTMLInputElement;
  uncertaintyInput.addEventListener('change', () => {
    form.modelUncertainty = uncertaintyInput.checked;
    refreshEstimate();
  });
  const uncertaintyBox = el(
    'label',
    { class: 'check', for: 'finder-model-uncertainty', title: "Each context also runs on one of the behaviour sets that reproduce the published figures as well as the fit does, in turn" },
    uncertaintyInput,
    " Include the fitted model's uncertainty",
  );
  const formPanel = el(
    'form',
    { class: 'finder-form', id: 'finder-form', 'aria-label': 'What to search' },
    el('fieldset', {}, el('legend', {}, 'Levers to search'), el('p', { class: 'help' }, 'Each lever is searched over its range (or its choices). Ranges start around your design.'), leverRows),
    el(
      'fieldset',
      {},
      el('legend', {}, 'Contexts the design might meet'),
      el('p', { class: 'help' }, 'Uncertain factors, sampled together (a Latin hypercube); every design meets the same contexts with the same random numbers.'),
      factorRows,
      numberField('Contexts', 'finder-contexts', form.contexts, { min: '1', max: '500', step: '1' }, (n) => (form.contexts = n!)),
      uncertaintyBox,
    ),
    el('fieldset', {}, el('legend', {}, 'Objectives'), ...objectiveBoxes),
    el(
      'fieldset',
      {},
      el('legend', {}, 'Thresholds and budget'),
      numberField('Gap closed by the programme a year after funding, at least (share)', 'finder-effect', form.effectAtLeast, { min: '0', max: '1', step: '0.05' }, (n) => (form.effectAtLeast = n), true),
      numberField('Sites dropping out, at most (share)', 'finder-dropout', form.dropoutAtMost, { min: '0', max: '1', step: '0.05' }, (n) => (form.dropoutAtMost = n), true),
      numberField(`Budget for the whole bill, ${context.scenario.costs.currency} (empty: none)`, 'finder-budget', form.budget, { min: '0', step: '50000' }, (n) => (form.budget = n), true),
    ),
    el(
      'fieldset',
      {},
      el('legend', {}, 'Search size'),
      numberField('Designs a generation', 'finder-population', form.population, { min: '4', max: '200', step: '1' }, (n) => (form.population = n!)),
      numberField('Generations after the first', 'finder-generations', form.generations, { min: '0', max: '50', step: '1' }, (n) => (form.generations = n!)),
      numberField('Replicates', 'finder-replicates', form.replicates, { min: '1', max: '50', step: '1' }, (n) => (form.replicates = n!)),
      numberField('Seed', 'finder-seed', form.seed, { min: '0', step: '1' }, (n) => (form.seed = n!)),
      estimate,
    ),
    el('div', { class: 'finder-actions' }, runButton, cancelButton),
    status,
  );
  formPanel.addEventListener('submit', (e) => e.preventDefault());

  const close = el('button', { type: 'button', id: 'finder-close' }, 'Back to the studio');
  const root = el(
    'div',
    { class: 'finder', role: 'main', 'aria-labelledby': 'finder-title', tabindex: '-1' },
    el(
      'header',
      { class: 'finder-header' },
      el('div', {}, el('h2', { id: 'finder-title' }, 'Find a design'), el('p', { class: 'help' }, `Search the levers of "${context.name}" for the designs no other beats on every objective, across the contexts it might meet, and see where each fails.`)),
      close,
    ),
    el('div', { class: 'finder-body' }, formPanel, results),
  );
  host.append(root);
  document.body.classList.add('finding');
  window.scrollTo(0, 0);
  drawRows();
  root.focus();

  // ---- running ----

  async function run(): Promise<void> {
    if (running) return;
    if (form.levers.length === 0 || form.objectives.length === 0) {
      status.textContent = 'Choose at least one lever and one objective.';
      return;
    }
    const body = { search: searchFile(form, context.name, context.data) };
    status.textContent = 'Starting the search…';
    let response: Response;
    let answer: { id: string; message?: string; issues?: unknown[] };
    try {
      response = await fetch('api/searches', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      answer = await response.json();
    } catch (err) {
      status.textContent = `Could not reach the server to start the search (${(err as Error).message}); try again.`;
      return;
    }
    if (!response.ok) {
      const issues = (answer.issues ?? []) as Array<{ path: string; expected: string; found: string; fix: string }>;
      status.textContent = `The server refused the search: ${answer.message}${issues.length ? `. ${issues.map((i) => `${i.path}: expected ${i.expected}, got ${i.found}. ${i.fix}`).join(' ')}` : ''}`;
      return;
    }
    const events = new EventSource(`api/searches/${answer.id}/events`);
    running = { id: answer.id, events };
    runButton.disabled = true;
    cancelButton.hidden = false;
    const stop = () => {
      events.close();
      running = null;
      runButton.disabled = false;
      cancelButton.hidden = true;
    };
    events.addEventListener('progress', (e) => {
      const p = JSON.parse((e as MessageEvent).data);
      if (p.generation) status.textContent = `Generation ${p.generation} of ${p.generations}: ${p.done} of ${p.total} runs of ${p.newDesigns} new designs…`;
    });
    events.addEventListener('done', () => {
      stop();
      void fetch(`api/searches/${answer.id}`)
        .then((r) => r.json())
        .then((job) => show(job.result as SearchResultJson))
        .catch((err: Error) => (status.textContent = `The search finished, but its results could not be read (${err.message}); run it again.`));
    });
    for (const type of ['failed', 'cancelled']) {
      events.addEventListener(type, (e) => {
        stop();
        const message = JSON.parse((e as MessageEvent).data).message as string | null;
        status.textContent = type === 'cancelled' ? 'Search cancelled.' : `The search failed: ${message ?? 'unknown reason'}`;
      });
    }
    events.onerror = () => {
      if (running && events.readyState === EventSource.CLOSED) {
        stop();
        status.textContent = 'Lost the connection to the server; the search may still be running.';
      }
    };
  }

  runButton.addEventListener('click', () => void run());
  cancelButton.addEventListener('click', () => {
    if (running) void fetch(`api/searches/${running.id}`, { method: 'DELETE' });
  });

  // ---- results ----

  async function show(r: SearchResultJson): Promise<void> {
    result = r;
    results.hidden = false;
    const front = r.designs.filter((d) => d.onFront);
    const within = r.budget ? ` within the budget of ${money(r.budget.max, r.currency)}` : '';
    summary.textContent = `${r.designs.length} designs, each in ${r.contexts} context${r.contexts === 1 ? '' : 's'} x ${r.replicates} replicates (${r.runs.toLocaleString('en-GB')} runs): ${front.length} on the Pareto front${within}. Click a design to see how it holds up.`;
    selected = front[0] ?? null;
    await drawFront();
    await drawParallel();
    await drawDesign();
    await drawInformation();
    status.textContent = 'Search finished.';
  }

  /** x: the second objective (the cost, if it is one), y: the first. */
  async function drawFront(): Promise<void> {
    const r = result!;
    const Plotly = await loadPlotly();
    const yi = 0;
    const xi = r.objectives.findIndex((o) => o.metric === 'costFull') >= 0 ? r.objectives.findIndex((o) => o.metric === 'costFull') : Math.min(1, r.objectives.length - 1);
    const point = (d: Design, i: number) => d.objectives[i] ?? NaN;
    const trace = (list: Design[], name: string, marker: object): Data =>
      ({
        type: 'scatter',
        mode: 'markers',
        name,
        x: list.map((d) => point(d, xi)),
        y: list.map((d) => point(d, yi)),
        customdata: list.map((d) => d.id),
        text: list.map((d) => Object.entries(d.values).map(([k, v]) => `${k} = ${typeof v === 'number' ? sig(v) : v}`).join('<br>')),
        hovertemplate: '%{text}<extra></extra>',
        marker,
      }) as Data;
    const others = r.designs.filter((d) => !d.onFront && !d.own);
    const front = r.designs.filter((d) => d.onFront && !d.own);
    const own = r.designs.filter((d) => d.own);
    const data = [
      trace(others.filter((d) => d.withinBudget), 'Evaluated', { color: '#bbb', size: 7 }),
      trace(others.filter((d) => !d.withinBudget), 'Over the budget', { color: '#bbb', size: 7, symbol: 'circle-open' }),
      trace(front, 'On the front', { color: '#0072B2', size: 10 }),
      trace(own, 'Your design', { color: '#E69F00', size: 16, symbol: 'star', line: { color: '#000', width: 1 } }),
      ...(selected ? [trace([selected], 'Chosen', { color: 'rgba(0,0,0,0)', size: 20, line: { color: '#D55E00', width: 3 } })] : []),
    ];
    const layout: Partial<Layout> = {
      title: { text: 'The Pareto front' },
      xaxis: { title: { text: r.objectives[xi].name }, tickformat: r.objectives[xi].metric === 'costFull' ? ',.0f' : undefined, tickprefix: r.objectives[xi].metric === 'costFull' ? r.currency : undefined },
      yaxis: { title: { text: r.objectives[yi].name } },
      margin: { t: 40, r: 10, b: 50, l: 60 },
      legend: { orientation: 'h', y: -0.25 },
      height: 360,
    };
    await Plotly.react(frontChart, data, layout, { displaylogo: false, responsive: true });
    const clickable = frontChart as unknown as { on(event: string, f: (e: { points: Array<{ customdata: string }> }) => void): void; removeAllListeners?(event: string): void };
    clickable.removeAllListeners?.('plotly_click');
    clickable.on('plotly_click', (e) => {
      const d = r.designs.find((x) => x.id === e.points[0]?.customdata);
      if (d) choose(d);
    });
  }

  /** Each design on the front (and yours) as a line across its objectives and levers, each axis scaled to its range. */
  async function drawParallel(): Promise<void> {
    const r = result!;
    const Plotly = await loadPlotly();
    const shown = r.designs.filter((d) => d.onFront || d.own);
    const axes: Array<{ label: string; value: (d: Design) => number; text: (x: number) => string }> = [
      ...r.objectives.map((o, i) => ({ label: o.name, value: (d: Design) => d.objectives[i] ?? NaN, text: (x: number) => metricText(o.metric, x, r.currency) })),
      ...r.levers.map((l) => ({
        label: l.path,
        value: (d: Design) => (l.values ? l.values.indexOf(d.values[l.path] as never) : Number(d.values[l.path])),
        text: (x: number) => (l.values ? String(l.values[Math.round(x)]) : sig(x)),
      })),
    ];
    const scaled = axes.map((a) => {
      const values = shown.map(a.value).filter(Number.isFinite);
      const lo = Math.min(...values);
      const hi = Math.max(...values);
      return (d: Design) => (hi > lo ? (a.value(d) - lo) / (hi - lo) : 0.5);
    });
    const data = shown.map(
      (d) =>
        ({
          type: 'scatter',
          mode: 'lines+markers',
          x: axes.map((a) => a.label),
          y: scaled.map((s) => s(d)),
          text: axes.map((a) => a.text(a.value(d))),
          hovertemplate: '%{x}: %{text}<extra></extra>',
          line: { color: d.own ? '#E69F00' : d === selected ? '#D55E00' : 'rgba(0,114,178,0.45)', width: d.own || d === selected ? 4 : 2 },
          showlegend: false,
        }) as Data,
    );
    const layout: Partial<Layout> = {
      title: { text: 'The front across objectives and levers (each axis from its lowest to its highest)' },
      yaxis: { showticklabels: false, range: [-0.05, 1.05], zeroline: false },
      xaxis: { tickangle: -25 },
      margin: { t: 40, r: 40, b: 110, l: 110 },
      height: 340,
    };
    await Plotly.react(parallelChart, data, layout, { displaylogo: false, responsive: true });
  }

  async function drawDesign(): Promise<void> {
    const r = result!;
    if (!selected) {
      designPanel.replaceChildren(el('p', {}, 'No design reached the front.'));
      return;
    }
    const d = selected;
    const own = r.designs.find((x) => x.own) ?? null;
    const rows = [
      ...r.levers.map((l) => el('tr', {}, el('th', { scope: 'row' }, l.path), el('td', {}, String(typeof d.values[l.path] === 'number' ? sig(d.values[l.path] as number) : d.values[l.path])), el('td', {}, own ? String(typeof own.values[l.path] === 'number' ? sig(own.values[l.path] as number) : own.values[l.path]) : 'n/a'))),
      ...r.objectives.map((o, i) => el('tr', {}, el('th', { scope: 'row' }, o.name), el('td', {}, metricText(o.metric, d.objectives[i], r.currency)), el('td', {}, own ? metricText(o.metric, own.objectives[i], r.currency) : 'n/a'))),
    ];
    const robustness = Object.entries(d.robustness ?? {}).map(([metric, m]) =>
      el('tr', {}, el('th', { scope: 'row' }, metric), el('td', {}, metricText(metric, m.mean, r.currency)), el('td', {}, metricText(metric, m.worstDecile, r.currency)), el('td', {}, metricText(metric, m.meanRegret, r.currency)), el('td', {}, metricText(metric, m.maxRegret, r.currency))),
    );
    const open = el('button', { type: 'button', id: 'finder-open', class: 'primary' }, d.own ? 'Open your design in the studio' : 'Open in the studio, pinned against your design');
    open.addEventListener('click', () => context.onOpenDesign(d.values, context.data));
    const curve = el('figure', { class: 'finder-chart small', id: 'finder-acceptability', 'aria-label': 'Chance the chosen design is better value than yours, by what a case improved is worth' });
    designPanel.replaceChildren(
      el('h3', {}, d.own ? 'Your design' : `Design ${d.id}${d.generation ? ` (generation ${d.generation})` : ''}`),
      el('table', { class: 'finder-table' }, el('tr', {}, el('th', { scope: 'col' }, ''), el('th', { scope: 'col' }, 'This design'), el('th', { scope: 'col' }, 'Your design')), ...rows),
      ...(robustness.length
        ? [
            el('h4', {}, 'Across the contexts'),
            el('table', { class: 'finder-table', id: 'finder-robustness' }, el('tr', {}, el('th', { scope: 'col' }, 'Metric'), el('th', { scope: 'col' }, 'Mean'), el('th', { scope: 'col' }, 'Worst decile'), el('th', { scope: 'col' }, 'Mean regret'), el('th', { scope: 'col' }, 'Largest regret')), ...robustness),
          ]
        : []),
      ...(d.satisficing !== null ? [el('p', {}, `Meets every threshold in ${percent(d.satisficing)} of the contexts.`)] : []),
      el('ul', { id: 'finder-fails' }, ...(d.failsWhen ?? []).map((b) => el('li', {}, b.words[0].toUpperCase() + b.words.slice(1)))),
      ...(d.failsWhen && d.failsWhen.length === 0 && d.satisficing === 1 ? [el('p', {}, 'It fails in none of the contexts.')] : []),
      ...(d.acceptability ? [curve] : []),
      open,
    );
    if (d.acceptability) {
      const Plotly = await loadPlotly();
      const w = r.willingnessToPay.map((x) => Math.max(x, 1));
      await Plotly.react(
        curve,
        [{ type: 'scatter', mode: 'lines+markers', x: w, y: d.acceptability, line: { color: '#0072B2' }, hovertemplate: `${r.currency}%{x:,} a case: %{y:.0%}<extra></extra>` } as Data],
        {
          title: { text: 'Chance it is better value than your design' },
          xaxis: { type: 'log', title: { text: `What a case improved is worth (${r.currency})` } },
          yaxis: { range: [0, 1], tickformat: '.0%' },
          margin: { t: 40, r: 10, b: 50, l: 50 },
          height: 260,
        },
        { displaylogo: false, responsive: true },
      );
    }
  }

  async function drawInformation(): Promise<void> {
    const r = result!;
    const info = r.information;
    if (!info) {
      informationChart.hidden = true;
      return;
    }
    informationChart.hidden = false;
    const Plotly = await loadPlotly();
    const order = [...info.evppi].sort((a, b) => a.value - b.value);
    const money = info.judgedOn.startsWith('net benefit');
    const share = !money && (r.objectives[0].metric === 'programmeEffectOneYearAfter' || r.objectives[0].metric === 'dropoutShare' || r.objectives[0].metric === null);
    const unit = money ? r.currency : '';
    const top = Math.max(info.noise, ...order.map((e) => e.value)) * 1.15 || 1;
    await Plotly.react(
      informationChart,
      [
        { type: 'bar', orientation: 'h', x: order.map((e) => e.value), y: order.map((e) => e.factor), marker: { color: '#009E73' }, hovertemplate: '%{y}: %{x:.3g}<extra></extra>' } as Data,
        { type: 'scatter', mode: 'lines', x: [info.noise, info.noise], y: [order[0]?.factor, order.at(-1)?.factor], line: { color: '#666', dash: 'dot' }, name: 'fitting noise', hoverinfo: 'skip' } as Data,
      ],
      {
        title: { text: `Worth learning before choosing (EVPPI${unit ? `, ${unit}` : ''}); judged on ${info.judgedOn}`, font: { size: 12 } },
        xaxis: { range: [0, top], tickformat: share ? '.2%' : money ? ',.0f' : undefined, tickprefix: money ? unit : undefined },
        annotations: [{ x: info.noise, y: 1, yref: 'paper', text: 'fitting noise alone', showarrow: false, xanchor: 'left', font: { size: 11, color: '#444' } }],
        margin: { t: 40, r: 10, b: 40, l: 200 },
        showlegend: false,
        height: 60 + 40 * order.length,
      },
      { displaylogo: false, responsive: true },
    );
  }

  function choose(d: Design): void {
    selected = d;
    void drawFront();
    void drawParallel();
    void drawDesign();
  }

  // ---- closing ----

  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') finish();
  };
  document.addEventListener('keydown', onKey);
  close.addEventListener('click', () => finish());
  function finish(): void {
    document.removeEventListener('keydown', onKey);
    running?.events.close();
    root.remove();
    document.body.classList.remove('finding');
    context.onClose();
  }
  return { close: finish };
}
