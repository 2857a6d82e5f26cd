/**
 * Workshop mode: the community on a projector, week by week. Sites are circles coloured by the
 * share of their gap they have closed, ringed by membership, joined by the ties formed at shared
 * events; events are called out as they happen, and a card explains the lesson on screen. Play,
 * pause, step and speed from buttons or the keyboard (space, arrows, + and -, Esc to leave).
 * It replays the first replicate of the current run and says so, beside the cards' mean. What
 * it shows at each frame is workshop-model.ts's (pure, tested); this file draws it.
 */
import { PARTNER_SLOTS, columnIndex, type SeriesName, type SiteResult, type SiteTrace } from '../../engine/core/index.ts';
import { el } from './controls.ts';
import type { Ensemble } from './runner.ts';
import { SPEEDS, advance, cardAt, createPlayback, feedAt, goTo, highlightedSites, phaseText, replayNote, setSpeed, siteAt, toggle, weekText, type Playback } from './workshop-model.ts';

const GREY = '#8c959f';

export interface Workshop {
  close(): void;
  /** The frame on screen (for tests). */
  week(): number;
}

export function openWorkshop(host: HTMLElement, e: Ensemble, onClose: () => void): Workshop {
  const trace = e.first.trace;
  if (!trace) throw new Error('the run has no trace to replay');
  const sites = e.first.sites;
  const events = e.first.events;
  const best = e.scenario.challenge.outcome.best;
  const firstWeek = trace.firstWeek;
  let playback = createPlayback(trace.frames);
  let last = 0;
  let animation = 0;

  const root = el('div', { class: 'workshop', role: 'dialog', 'aria-modal': 'true', 'aria-label': 'Workshop view', tabindex: '-1' });
  const title = el('h2', { class: 'ws-title' }, e.scenario.title ?? e.scenario.name);
  const weekLine = el('p', { class: 'ws-week', 'aria-live': 'polite' });
  const phase = el('p', { class: 'ws-phase' });
  const replay = el('p', { class: 'ws-replay' }, replayNote({ replicate: e.replicates[0].replicate, gap: e.replicates[0].summary.programmeEffectAtFundingEnd }, e.replicates.map((r) => r.summary.programmeEffectAtFundingEnd)));
  const play = button('Play', 'ws-play', () => update(toggle(playback)));
  const back = button('Step back', 'ws-back', () => update(goTo(playback, playback.frame - 1)));
  const step = button('Step', 'ws-step', () => update(goTo(playback, playback.frame + 1)));
  const slower = button('Slower', 'ws-slower', () => update(setSpeed(playback, playback.speed - 1)));
  const faster = button('Faster', 'ws-faster', () => update(setSpeed(playback, playback.speed + 1)));
  const speedText = el('span', { class: 'ws-speed' });
  const restart = button('Restart', 'ws-restart', () => update(goTo(playback, 0)));
  const exit = button('Exit', 'ws-exit', () => close());
  const controls = el('div', { class: 'ws-controls' }, back, play, step, slower, speedText, faster, restart, exit);
  const canvas = el('canvas', { class: 'ws-network', role: 'img', 'aria-label': 'The community: one circle per site, numbered, coloured by the share of its gap closed' }) as HTMLCanvasElement;
  const feed = el('ol', { class: 'ws-feed', 'aria-label': 'What happened', 'aria-live': 'polite' });
  const card = el('div', { class: 'ws-card' });
  const chart = el('canvas', { class: 'ws-chart', role: 'img', 'aria-label': 'Share of the gap closed and of staff practising so far, with the end of funding marked' }) as HTMLCanvasElement;
  const legend = el(
    'p',
    { class: 'ws-legend' },
    'Colour: share of its own gap a site has closed (orange none, green most). Ring: solid active, faded and dashed passive (takes little part, still reports), dashed joining, dashed amber stopped after funding, grey dropped out, hollow not joined. Red halo: conflict. White ring and name: a site in the news. Lines: ties between site teams.',
  );
  root.append(
    el('header', { class: 'ws-header' }, el('div', {}, title, phase, replay), weekLine, controls),
    el('div', { class: 'ws-body' }, el('div', { class: 'ws-left' }, canvas, legend), el('div', { class: 'ws-right' }, card, el('h3', { class: 'ws-feed-title' }, 'What happened'), feed)),
    chart,
  );
  host.append(root);
  root.focus();
  root.requestFullscreen?.().catch(() => undefined);

  const onKey = (ev: KeyboardEvent) => {
    // A modal view: Tab goes round its own controls, never to the page behind.
    if (ev.key === 'Tab') {
      const focusable = [...root.querySelectorAll<HTMLElement>('button')];
      const at = focusable.indexOf(document.activeElement as HTMLElement);
      const next = ev.shiftKey ? (at <= 0 ? focusable.length - 1 : at - 1) : at === -1 || at === focusable.length - 1 ? 0 : at + 1;
      focusable[next].focus();
      ev.preventDefault();
      return;
    }
    // Space on a focused button presses that button (as everywhere); elsewhere it plays or pauses.
    if (ev.key === ' ' && ev.target instanceof HTMLButtonElement) return;
    if (ev.key === ' ') update(toggle(playback));
    else if (ev.key === 'ArrowRight') update(goTo(playback, playback.frame + 1));
    else if (ev.key === 'ArrowLeft') update(goTo(playback, playback.frame - 1));
    else if (ev.key === '+' || ev.key === '=') update(setSpeed(playback, playback.speed + 1));
    else if (ev.key === '-') update(setSpeed(playback, playback.speed - 1));
    else if (ev.key === 'Home') update(goTo(playback, 0));
    else if (ev.key === 'Escape') close();
    else return;
    ev.preventDefault();
  };
  document.addEventListener('keydown', onKey);
  const onResize = () => draw();
  window.addEventListener('resize', onResize);

  function button(label: string, id: string, action: () => void): HTMLButtonElement {
    const b = el('button', { type: 'button', id }, label) as HTMLButtonElement;
    b.addEventListener('click', action);
    return b;
  }

  /** Show a new playback state; start or stop the animation as it says. */
  function update(next: Playback): void {
    const started = next.playing && !playback.playing;
    playback = next;
    play.textContent = playback.playing ? 'Pause' : 'Play';
    if (started) {
      last = performance.now();
      animation = requestAnimationFrame(tick);
    } else if (!playback.playing) cancelAnimationFrame(animation);
    draw();
  }

  function tick(now: number): void {
    if (!playback.playing) return;
    const next = advance(playback, (now - last) / 1000);
    last = now;
    if (next.frame !== playback.frame || !next.playing) update(next);
    else playback = next;
    if (playback.playing) animation = requestAnimationFrame(tick);
  }

  function draw(): void {
    const week = playback.frame + firstWeek;
    weekLine.textContent = weekText(week);
    phase.textContent = phaseText(e.scenario, week);
    speedText.textContent = `${SPEEDS[playback.speed]} weeks/s`;
    const shown = cardAt(events, sites, e.scenario, firstWeek, playback.frame);
    card.replaceChildren(el('p', { class: 'ws-card-lesson' }, shown.lesson), el('h3', {}, shown.title), el('p', {}, shown.text));
    feed.replaceChildren(...feedAt(events, sites, firstWeek, playback.frame).map((f) => el('li', {}, el('span', { class: 'ws-when' }, `Week ${f.week}`), ' ', f.text)));
    drawNetwork(canvas, trace!, sites, best, playback.frame, highlightedSites(events, sites, firstWeek, playback.frame), e.scenario.recruitment.comparisonSites > 0);
    drawProgress(chart, e, playback.frame);
  }

  function close(): void {
    cancelAnimationFrame(animation);
    document.removeEventListener('keydown', onKey);
    window.removeEventListener('resize', onResize);
    if (document.fullscreenElement) document.exitFullscreen().catch(() => undefined);
    root.remove();
    onClose();
  }

  draw();
  return { close, week: () => playback.frame };
}

/** Orange (none of the gap closed) through amber to green (most). */
function colour(share: number): string {
  const t = Math.max(0, Math.min(1, share / 0.7));
  const stops = [
    [213, 94, 0],
    [230, 159, 0],
    [0, 158, 115],
  ];
  const i = t < 0.5 ? 0 : 1;
  const u = t < 0.5 ? t * 2 : (t - 0.5) * 2;
  const c = stops[i].map((a, k) => Math.round(a + (stops[i + 1][k] - a) * u));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

/** Members on a ring, comparison sites in a small grid to the right (display geometry only). */
function layoutSites(sites: SiteResult[], width: number, height: number): Array<{ x: number; y: number; r: number }> {
  const members = sites.map((s, i) => ({ s, i })).filter(({ s }) => s.role !== 'comparison');
  const comparison = sites.map((s, i) => ({ s, i })).filter(({ s }) => s.role === 'comparison');
  const pos = new Array<{ x: number; y: number; r: number }>(sites.length);
  // Without comparison sites the ring has the whole canvas.
  const cx = comparison.length > 0 ? width * 0.42 : width * 0.5;
  const cy = height / 2;
  const radius = Math.min(width * 0.36, height * 0.4);
  const maxStaff = Math.max(...sites.map((s) => s.staff));
  const size = (staff: number) => Math.max(7, Math.min(radius / 5, (radius / 8) * Math.sqrt(staff / maxStaff)) * (members.length > 60 ? 0.6 : 1));
  members.forEach(({ s, i }, k) => {
    const a = (2 * Math.PI * k) / members.length - Math.PI / 2;
    pos[i] = { x: cx + radius * Math.cos(a), y: cy + radius * Math.sin(a), r: size(s.staff) }; // display only: not a model number
  });
  const columns = Math.max(1, Math.ceil(comparison.length / 8));
  const rows = Math.max(1, Math.ceil(comparison.length / columns));
  const gap = Math.min((height * 0.78) / rows, 60);
  comparison.forEach(({ s, i }, k) => {
    const r = Math.min(size(s.staff) * 0.7, gap * 0.4);
    pos[i] = { x: width * 0.86 + (k % columns) * gap, y: height * 0.16 + Math.floor(k / columns) * gap, r };
  });
  return pos;
}

/** The community at a frame: ties, sites coloured by the gap closed, rings by membership, the sites in the news named. */
function drawNetwork(canvas: HTMLCanvasElement, trace: SiteTrace, sites: SiteResult[], best: number, frame: number, news: Set<number>, hasComparison: boolean): void {
  const { g, width, height } = clearCanvas(canvas, 800, 500);
  const pos = layoutSites(sites, width, height);
  const base = frame * trace.sites;
  for (let s = 0; s < trace.sites; s++) {
    for (let k = 0; k < PARTNER_SLOTS; k++) {
      const j = trace.partner[(base + s) * PARTNER_SLOTS + k];
      if (j < 0 || j < s || !pos[j] || !pos[s]) continue;
      const strength = trace.tieStrength[(base + s) * PARTNER_SLOTS + k];
      // Weak ties would only clutter the view; strong ones carry practice and belonging.
      if (strength < 0.15) continue;
      g.strokeStyle = `rgba(160, 190, 230, ${0.1 + 0.6 * strength})`;
      g.lineWidth = 0.5 + 3 * strength;
      g.beginPath();
      g.moveTo(pos[s].x, pos[s].y);
      g.lineTo(pos[j].x, pos[j].y);
      g.stroke();
    }
  }
  if (hasComparison) {
    g.font = '14px system-ui, sans-serif';
    g.fillStyle = '#c9d1d9';
    g.textAlign = 'right';
    g.fillText(width < 600 ? 'Comparison' : 'Comparison sites', width - 8, height * 0.09);
    g.textAlign = 'start';
  }
  for (let s = 0; s < trace.sites; s++) {
    const p = pos[s];
    if (!p) continue;
    const site = siteAt(trace, sites, best, frame, s);
    const state = site.membership;
    g.beginPath();
    g.arc(p.x, p.y, p.r, 0, 2 * Math.PI);
    g.setLineDash(state === 'onboarding' || state === 'lapsed' || state === 'passive' ? [4, 3] : []);
    g.globalAlpha = state === 'passive' ? 0.55 : 1;
    if (state === 'invited') {
      g.strokeStyle = GREY;
      g.lineWidth = 1.5;
      g.stroke();
    } else {
      g.fillStyle = state === 'droppedOut' ? '#57606a' : colour(site.closed);
      g.fill();
      g.strokeStyle = state === 'droppedOut' ? GREY : state === 'lapsed' ? '#e69f00' : state === 'comparison' ? '#8c959f' : '#f0f6fc';
      g.lineWidth = state === 'active' ? 2.5 : 1.5;
      g.stroke();
    }
    g.setLineDash([]);
    g.globalAlpha = 1;
    if (site.conflict > 0.3) {
      g.beginPath();
      g.arc(p.x, p.y, p.r + 5, 0, 2 * Math.PI);
      g.strokeStyle = `rgba(255, 80, 80, ${site.conflict})`;
      g.lineWidth = 3;
      g.stroke();
    }
    // Every site carries its number, as the events name it; a site in the news is ringed and named in full.
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    g.font = `600 ${Math.max(9, Math.min(14, p.r))}px system-ui, sans-serif`;
    g.fillStyle = state === 'invited' ? '#c9d1d9' : '#0d1117';
    g.fillText(String(s + 1), p.x, p.y);
    if (news.has(s)) {
      g.beginPath();
      g.arc(p.x, p.y, p.r + 9, 0, 2 * Math.PI);
      g.strokeStyle = '#ffffff';
      g.lineWidth = 2;
      g.stroke();
      g.font = '600 15px system-ui, sans-serif';
      g.fillStyle = '#ffffff';
      const below = p.y + p.r + 20 < height;
      g.fillText(`Site ${s + 1}`, p.x, below ? p.y + p.r + 20 : p.y - p.r - 20);
    }
    g.textAlign = 'start';
    g.textBaseline = 'alphabetic';
  }
}

/** The community's progress so far: gap closed and staff practising, with axes and the end of funding labelled. */
function drawProgress(chart: HTMLCanvasElement, e: Ensemble, frame: number): void {
  const { g, width, height } = clearCanvas(chart, 800, 140);
  const frames = e.weeks - e.firstWeek + 1;
  const left = 56;
  const top = 30;
  const bottom = height - 22;
  const x = (f: number) => left + ((width - left - 20) * f) / Math.max(1, frames - 1);
  const y = (v: number) => bottom - (bottom - top) * Math.max(0, Math.min(1, v));
  g.font = '13px system-ui, sans-serif';
  g.fillStyle = '#8b949e';
  g.strokeStyle = '#30363d';
  g.lineWidth = 1;
  // The y axis: 0, 50 and 100% of the gap or of the staff.
  g.textAlign = 'right';
  g.textBaseline = 'middle';
  for (const v of [0, 0.5, 1]) {
    g.beginPath();
    g.moveTo(left, y(v));
    g.lineTo(width - 20, y(v));
    g.stroke();
    g.fillText(`${v * 100}%`, left - 6, y(v));
  }
  // The x axis: the start of each year of the programme.
  g.textAlign = 'center';
  g.textBaseline = 'top';
  for (let week = 0; week <= e.weeks; week += 52) if (x(week - e.firstWeek) < width - 40) g.fillText(week === 0 ? 'launch' : `year ${week / 52}`, x(week - e.firstWeek), bottom + 4);
  const funding = e.scenario.time.fundingWeeks - e.firstWeek;
  g.strokeStyle = '#8b949e';
  g.setLineDash([3, 3]);
  g.beginPath();
  g.moveTo(x(funding), top - 4);
  g.lineTo(x(funding), bottom);
  g.stroke();
  g.setLineDash([]);
  g.textAlign = 'left';
  g.textBaseline = 'alphabetic';
  g.fillText('funding ends', x(funding) + 4, top + 8);
  const line = (name: SeriesName, colourName: string, label: string, offset: number) => {
    const values = e.first.series[columnIndex(e, name)];
    g.strokeStyle = colourName;
    g.lineWidth = 3;
    g.beginPath();
    let started = false;
    for (let f = 0; f <= frame; f++) {
      const v = values[f];
      if (!Number.isFinite(v)) continue;
      if (!started) g.moveTo(x(f), y(v));
      else g.lineTo(x(f), y(v));
      started = true;
    }
    g.stroke();
    g.fillStyle = colourName;
    g.font = '15px system-ui, sans-serif';
    const now = values[frame];
    g.fillText(`${label}${Number.isFinite(now) ? `: ${Math.round(100 * now)}%` : ''}`, left + offset, 18);
  };
  line('practice', '#56B4E9', 'Staff practising', 0);
  line('gapClosed', '#009E73', 'Gap closed', 260);
}

/** A canvas sized to its box at the screen's pixel ratio (sharp on a projector), cleared. */
function clearCanvas(canvas: HTMLCanvasElement, fallbackWidth: number, fallbackHeight: number) {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || fallbackWidth;
  const height = canvas.clientHeight || fallbackHeight;
  canvas.width = width * ratio;
  canvas.height = height * ratio;
  const g = canvas.getContext('2d')!;
  g.scale(ratio, ratio);
  g.clearRect(0, 0, width, height);
  return { g, width, height };
}
