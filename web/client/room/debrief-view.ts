/**
 * The debrief: the room's run against its ghost, each site against its own, the decisions that
 * mattered most (with intervals over seeds), the timeline of decisions, the predictions against
 * what happened and each person's calibration. It opens from a session file, the room's or one
 * kept from an earlier session, and exports its charts (PNG), the decision log and series (CSV)
 * and the session file itself.
 */
import { stringify } from 'csv-stringify/sync';
import type { Debrief, RoomEffects } from '../../../engine/core/play/debrief.ts';
import { moneyText } from '../../../engine/core/metrics/output.ts';
import { download } from '../save-file.ts';
import { h } from './dom.ts';
import { lineChart } from './svg.ts';
import { describeEvent } from '../event-words.ts';
import type { DebriefReply, DebriefRequest } from './debrief-worker.ts';

/** Seeds over which each seat's decisions are weighed. */
export const EFFECT_SEEDS = 8;

export function openDebrief(root: HTMLElement, session: unknown, currency = '£'): void {
  root.replaceChildren(h('p', { class: 'status', role: 'status' }, 'Replaying the session against its ghost…'));
  const worker = new Worker(new URL('./debrief-worker.ts', import.meta.url), { type: 'module' });
  let view: HTMLElement | null = null;
  const effectsBox = h('section', { class: 'effects', 'aria-label': 'What your decisions did' }, h('h2', {}, 'What your decisions did'), h('p', { class: 'status', role: 'status' }, 'Weighing the decisions over several seeds…'));
  worker.onmessage = (event: MessageEvent<DebriefReply>) => {
    const reply = event.data;
    if (reply.kind === 'problem') {
      root.replaceChildren(h('p', { class: 'problem', role: 'alert' }, reply.message));
      worker.terminate();
    } else if (reply.kind === 'debrief') {
      // For the browser tests: the debrief's numbers, to compare with the same replay in Node.
      (window as unknown as { __ccsimDebrief?: Debrief }).__ccsimDebrief = reply.debrief;
      view = renderDebrief(reply.debrief, session, currency, effectsBox);
      root.replaceChildren(view);
    } else if (reply.kind === 'progress') {
      effectsBox.querySelector('.status')!.textContent = `Weighing the decisions over several seeds: ${reply.done} of ${reply.total} runs…`;
    } else {
      renderEffects(effectsBox, view!.querySelector('table.sites')!, reply.effects);
      worker.terminate();
    }
  };
  worker.postMessage({ session, seeds: EFFECT_SEEDS } satisfies DebriefRequest);
}

const pct = (x: number | null) => (x === null || !Number.isFinite(x) ? '–' : `${x.toFixed(1)}%`);

function renderDebrief(d: Debrief, session: unknown, currency: string, effectsBox: HTMLElement): HTMLElement {
  const gap = lineChart(
    [
      { label: 'Your room', values: d.gapClosed.room, colour: '#1a7f37' },
      { label: 'Ghost (the model in every seat)', values: d.gapClosed.ghost, colour: '#57606a', dashed: true },
    ],
    { title: 'Gap closed: your room against its ghost', x: d.weeks, xMax: d.horizon, yLabel: 'percent of the gap', markers: [{ x: d.fundingWeeks, label: 'funding ends' }], width: 720, height: 320 },
  );
  const practice = lineChart(
    [
      { label: 'Your room', values: d.practice.room, colour: '#0969da' },
      { label: 'Ghost', values: d.practice.ghost, colour: '#57606a', dashed: true },
    ],
    { title: 'Staff practising: your room against its ghost', x: d.weeks, xMax: d.horizon, yLabel: 'percent of staff', yMin: 0, markers: [{ x: d.fundingWeeks, label: 'funding ends' }], width: 720, height: 320 },
  );
  const headline = h('table', { class: 'headline' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, ''), h('th', { scope: 'col' }, 'Your room'), h('th', { scope: 'col' }, 'Ghost'))),
    h('tbody', {}, ...d.headline.map((row) => h('tr', {}, h('th', { scope: 'row' }, row.title), h('td', {}, show(row.room, row.unit, currency)), h('td', {}, show(row.ghost, row.unit, currency))))),
  );
  const sites = h('table', { class: 'sites' },
    h('caption', {}, 'Each site against its ghost: share of its gap closed at the end of funding (this run: decisions and luck)'),
    h('thead', {}, h('tr', {}, ...['Site', 'Played by', 'Decisions', 'Your room', 'Ghost', 'This run'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, ...d.sites.map((s) => h('tr', {}, h('th', { scope: 'row' }, s.label), h('td', {}, s.people.join(', ') || 'the model'), h('td', {}, String(s.decisions)), h('td', {}, pct(100 * s.fundingEnd.room)), h('td', {}, pct(100 * s.fundingEnd.ghost)), h('td', {}, signed(100 * (s.fundingEnd.room - s.fundingEnd.ghost)))))),
  );
  // Decisions and what happened, round by round: what the room chose beside what followed at the
  // sites people played and to the whole community; what happened at the model's sites is folded away.
  const played = new Set(d.sites.flatMap((s, i) => (s.people.length > 0 || s.decisions > 0 ? [i] : [])));
  const eventItem = (e: Debrief['events'][number]) => ({ week: e.week, order: 1, node: h('li', { class: 'event' }, `Week ${e.week}: ${describeEvent({ week: e.week, kind: e.kind, site: e.site, value: e.value }, d.sites)}`) });
  const items = [
    ...d.timeline.map((t) => ({ week: t.week, order: 0, node: h('li', { class: 'decision' }, h('strong', {}, `Round ${t.round} (week ${t.week}): ${t.label} set ${t.title} to ${String(t.value)}`), ` (lesson ${t.lesson})`) })),
    ...d.events.filter((e) => e.site < 0 || played.has(e.site)).map(eventItem),
  ].sort((a, b) => a.week - b.week || a.order - b.order);
  const elsewhere = d.events.filter((e) => e.site >= 0 && !played.has(e.site));
  const timeline = h('div', {},
    h('ol', { class: 'timeline' }, ...items.map((i) => i.node)),
    elsewhere.length ? h('details', {}, h('summary', {}, `At the sites the model played (${elsewhere.length} events)`), h('ol', { class: 'timeline' }, ...elsewhere.map((e) => eventItem(e).node))) : null,
  );
  const predictions = h('section', { class: 'predictions' }, h('h2', {}, 'Predictions'), ...(d.predictions.length === 0 ? [h('p', { class: 'muted' }, 'No predictions were asked.')] : d.predictions.map((p) => h('p', {}, `${p.text} What happened: ${p.outcome === null ? 'not reached' : p.outcome.toFixed(1)}. Answers: ${p.answers.map((a) => `${a.name} ${a.value}`).join(', ') || 'none'}.`))), d.calibration.length ? h('ol', { class: 'calibration' }, ...d.calibration.map((c) => h('li', {}, `${c.name}: ${Math.round(c.score)} out of 100`))) : null);
  const pngs = h('button', { type: 'button' }, 'Charts (PNG)');
  pngs.addEventListener('click', () => {
    void svgToPng(gap, 'ccsim-debrief-gap.png');
    void svgToPng(practice, 'ccsim-debrief-practice.png');
  });
  const csv = h('button', { type: 'button' }, 'Decisions and series (CSV)');
  csv.addEventListener('click', () => {
    download('ccsim-debrief-decisions.csv', 'text/csv', stringify([['round', 'week', 'seat', 'label', 'setting', 'title', 'value', 'lesson'], ...d.timeline.map((t) => [t.round, t.week, t.seat, t.label, t.setting, t.title, t.value, t.lesson])]));
    download('ccsim-debrief-series.csv', 'text/csv', stringify([['week', 'gap_closed_room', 'gap_closed_ghost', 'practice_room', 'practice_ghost'], ...d.weeks.map((w, i) => [w, d.gapClosed.room[i], d.gapClosed.ghost[i], d.practice.room[i], d.practice.ghost[i]])]));
  });
  const file = h('button', { type: 'button' }, 'Session file');
  file.addEventListener('click', () => download(`ccsim-session-${(session as { code?: string }).code ?? 'session'}.json`, 'application/json', `${JSON.stringify(session, null, 2)}\n`));
  return h('article', { class: 'debrief' },
    h('h1', {}, `Debrief: ${d.title}`),
    h('p', { class: 'muted' }, 'The ghost is the same scenario and seed with the model playing every seat. On this one run the difference is your decisions and the chance they reshuffled; "What your decisions did" averages the chance out over several seeds.'),
    h('div', { class: 'exports', role: 'toolbar', 'aria-label': 'Export the debrief' }, pngs, csv, file),
    headline,
    h('figure', { class: 'chart-box' }, gap),
    h('figure', { class: 'chart-box' }, practice),
    effectsBox,
    sites,
    h('section', {}, h('h2', {}, 'What the room decided, and what happened'), d.timeline.length ? null : h('p', { class: 'muted' }, 'No decisions: the model played every seat.'), timeline),
    d.messages.length ? h('section', {}, h('h2', {}, 'Choices that could not be taken'), h('ul', {}, ...d.messages.map((m) => h('li', {}, `Week ${m.week}, ${m.seat}: ${m.text}`)))) : null,
    predictions,
  );
}

function renderEffects(box: HTMLElement, sitesTable: HTMLTableElement, effects: RoomEffects): void {
  const rows = effects.seats.slice(0, 8);
  const c = effects.community;
  box.replaceChildren(
    h('h2', {}, 'What your decisions did'),
    h('p', {}, `Over ${effects.seeds} seeds, the room's decisions changed the community's gap closed by the end of funding by `, h('strong', {}, `${signed(c.mean)} points`), ` (95% interval ${signed(c.lower)} to ${signed(c.upper)}).`),
    h('p', { class: 'muted' }, `On one seed a decision also reshuffles the chance every site meets, so the run above differs from its ghost partly by luck. Here the session's log is replayed on ${effects.seeds} seeds against no decisions, and against the log without each seat's decisions in turn: the luck averages out.`),
    h('h3', {}, 'Decisions that mattered most'),
    rows.length === 0
      ? h('p', { class: 'muted' }, 'No seat decided anything.')
      : h('table', {}, h('thead', {}, h('tr', {}, ...['Seat', 'Decisions', 'Lessons', 'Effect (points)', '95% interval'].map((t) => h('th', { scope: 'col' }, t)))), h('tbody', {}, ...rows.map((e) => h('tr', {}, h('th', { scope: 'row' }, e.label), h('td', {}, String(e.decisions)), h('td', {}, e.lessons.join(', ')), h('td', {}, signed(e.effect.mean)), h('td', {}, `${signed(e.effect.lower)} to ${signed(e.effect.upper)}`))))),
  );
  // Each site's row gains what the room's decisions did to it over the seeds.
  sitesTable.querySelector('thead tr')!.append(h('th', { scope: 'col' }, `Decisions' effect, ${effects.seeds} seeds (points)`));
  sitesTable.querySelectorAll('tbody tr').forEach((row, s) => {
    const e = effects.sites[s];
    row.append(h('td', {}, e ? `${signed(e.mean)} (${signed(e.lower)} to ${signed(e.upper)})` : '–'));
  });
}

function signed(x: number): string {
  return Number.isFinite(x) ? `${x > 0 ? '+' : ''}${x.toFixed(1)}` : '–';
}

function show(x: number | null, unit: 'percent' | 'share' | 'money', currency: string): string {
  if (x === null) return '–';
  if (unit === 'money') return moneyText(x, currency);
  return unit === 'percent' ? pct(x) : x.toFixed(2);
}

/** An SVG chart as a PNG download, drawn at twice its size on a white ground. */
async function svgToPng(svg: SVGSVGElement, name: string): Promise<void> {
  const box = svg.viewBox.baseVal;
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('width', String(box.width));
  copy.setAttribute('height', String(box.height));
  const style = document.createElementNS('http://www.w3.org/2000/svg', 'style');
  style.textContent = CHART_CSS;
  copy.prepend(style);
  const url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(copy)], { type: 'image/svg+xml' }));
  const img = new Image();
  await new Promise((resolve, reject) => {
    img.onload = resolve;
    img.onerror = reject;
    img.src = url;
  });
  const canvas = document.createElement('canvas');
  canvas.width = box.width * 2;
  canvas.height = box.height * 2;
  const g = canvas.getContext('2d')!;
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.drawImage(img, 0, 0, canvas.width, canvas.height);
  URL.revokeObjectURL(url);
  canvas.toBlob((blob) => {
    if (!blob) return;
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }, 'image/png');
}

/** The chart styles a saved image needs (room.css styles the page's charts). */
const CHART_CSS = `text{font-family:system-ui,sans-serif;fill:#1f2328}.chart-title{font-size:15px;font-weight:600}.tick,.legend,.marker-label{font-size:12px}.axis-label{font-size:12px;fill:#57606a}.grid{stroke:#eaeef2}.axis{stroke:#57606a}.marker{stroke:#57606a;stroke-dasharray:4 4}.reference{stroke:#bf8700;stroke-dasharray:2 3}`;
