/**
 * Workshop mode: the community on a projector, week by week. Sites are circles coloured by the
 * share of their gap they have closed, ringed by membership, joined by the ties formed at shared
 * events; events are called out as they happen, and a card explains the lesson on screen. Play,
 * pause, step and speed from buttons or the keyboard (space, arrows, + and -, Esc to leave).
 * It replays the first replicate of the current run, so what is shown is what the studio ran.
 */
import { MEMBERSHIP_STATES, PARTNER_SLOTS, phaseOf, recruitmentEnds, type ModelEvent } from '../../engine/core/index.ts';
import { el } from './controls.ts';
import { cardForEvent, cardForWeek, type LessonCard } from './lesson-cards.ts';
import type { Ensemble } from './runner.ts';

const SPEEDS = [1, 2, 4, 8, 16, 32];
/** The phases of phaseOf (-1 to 2), as the header shows them. */
const PHASES = ['Before launch (baseline period)', 'Recruiting', 'Funded activity', 'After funding'];
const GREY = '#8c959f';

export interface Workshop {
  close(): void;
  /** The week on screen (for tests). */
  week(): number;
}

export function openWorkshop(host: HTMLElement, e: Ensemble, onClose: () => void): Workshop {
  const trace = e.first.trace;
  if (!trace) throw new Error('the run has no trace to replay');
  const sites = e.first.sites;
  const best = e.scenario.challenge.outcome.best;
  /** `week` below is the frame on screen; the programme's week is weekOf(frame) (negative before launch). */
  const weekOf = (f: number) => f + trace.firstWeek;
  let week = 0;
  let playing = false;
  let speed = 2;
  let last = 0;
  let carry = 0;
  let frame = 0;

  const root = el('div', { class: 'workshop', role: 'dialog', 'aria-label': 'Workshop view', tabindex: '-1' });
  const title = el('h2', { class: 'ws-title' }, e.scenario.title ?? e.scenario.name);
  const weekText = el('p', { class: 'ws-week', 'aria-live': 'polite' });
  const phase = el('p', { class: 'ws-phase' });
  const play = button('Play', 'ws-play', () => toggle());
  const back = button('Step back', 'ws-back', () => go(week - 1));
  const step = button('Step', 'ws-step', () => go(week + 1));
  const slower = button('Slower', 'ws-slower', () => setSpeed(speed - 1));
  const faster = button('Faster', 'ws-faster', () => setSpeed(speed + 1));
  const speedText = el('span', { class: 'ws-speed' });
  const restart = button('Restart', 'ws-restart', () => go(0));
  const exit = button('Exit', 'ws-exit', () => close());
  const controls = el('div', { class: 'ws-controls' }, back, play, step, slower, speedText, faster, restart, exit);
  const canvas = el('canvas', { class: 'ws-network', 'aria-label': 'The community: one circle per site, coloured by the share of its gap closed' }) as HTMLCanvasElement;
  const feed = el('ol', { class: 'ws-feed', 'aria-label': 'What happened', 'aria-live': 'polite' });
  const card = el('div', { class: 'ws-card' });
  const chart = el('canvas', { class: 'ws-chart', 'aria-label': 'Share of gap closed and of staff practising so far' }) as HTMLCanvasElement;
  const legend = el(
    'p',
    { class: 'ws-legend' },
    'Colour: share of its own gap a site has closed (orange none, green most). Ring: solid active, faded and dashed passive (takes little part, still reports), dashed joining, dashed amber stopped after funding, grey dropped out, hollow not joined. Red halo: conflict. Lines: ties between site teams.',
  );
  root.append(
    el('header', { class: 'ws-header' }, el('div', {}, title, phase), weekText, controls),
    el('div', { class: 'ws-body' }, el('div', { class: 'ws-left' }, canvas, legend), el('div', { class: 'ws-right' }, card, el('h3', { class: 'ws-feed-title' }, 'What happened'), feed)),
    chart,
  );
  host.append(root);
  root.focus();
  root.requestFullscreen?.().catch(() => undefined);

  const onKey = (ev: KeyboardEvent) => {
    // Space on a focused button presses that button (as everywhere); elsewhere it plays or pauses.
    if (ev.key === ' ' && ev.target instanceof HTMLButtonElement) return;
    if (ev.key === ' ') toggle();
    else if (ev.key === 'ArrowRight') go(week + 1);
    else if (ev.key === 'ArrowLeft') go(week - 1);
    else if (ev.key === '+' || ev.key === '=') setSpeed(speed + 1);
    else if (ev.key === '-') setSpeed(speed - 1);
    else if (ev.key === 'Home') go(0);
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

  function setSpeed(s: number): void {
    speed = Math.max(0, Math.min(SPEEDS.length - 1, s));
    speedText.textContent = `${SPEEDS[speed]} weeks/s`;
  }

  function toggle(): void {
    playing = !playing;
    play.textContent = playing ? 'Pause' : 'Play';
    if (playing) {
      if (week >= trace!.frames - 1) go(0);
      last = performance.now();
      carry = 0;
      frame = requestAnimationFrame(tick);
    } else cancelAnimationFrame(frame);
  }

  function tick(now: number): void {
    if (!playing) return;
    carry += ((now - last) / 1000) * SPEEDS[speed];
    last = now;
    const steps = Math.floor(carry);
    if (steps > 0) {
      carry -= steps;
      go(Math.min(trace!.frames - 1, week + steps));
      if (week >= trace!.frames - 1) {
        toggle();
        return;
      }
    }
    frame = requestAnimationFrame(tick);
  }

  function go(w: number): void {
    const target = Math.max(0, Math.min(trace!.frames - 1, w));
    const forward = target > week;
    const from = week;
    week = target;
    if (forward) for (let x = from + 1; x <= target; x++) announce(x);
    else if (target < from) rebuildFeed();
    draw();
  }

  function siteName(s: number): string {
    const site = sites[s];
    return `Site ${s + 1} (${site.type})`;
  }

  function describe(ev: ModelEvent): string {
    const s = ev.site >= 0 ? siteName(ev.site) : '';
    switch (ev.kind) {
      case 'joined':
        return `${s} joins the community`;
      case 'active':
        return `${s} finishes onboarding`;
      case 'passive':
        return `${s} goes quiet: it still reports but takes little part`;
      case 'reengaged':
        return `${s} takes full part again`;
      case 'droppedOut':
        return `${s} drops out`;
      case 'lapsed':
        return `${s} stops measuring`;
      case 'championLeft':
        return `${s} loses its champion`;
      case 'championReplaced':
        return `${s} has a new champion`;
      case 'reorganisation':
        return `${s} is reorganised`;
      case 'conflictFlare':
        return `Conflict flares at ${s}`;
      case 'learningEvent':
        return ev.value === 1 ? 'Face-to-face learning event' : 'Remote learning session';
      case 'standardAdopted':
        return `${s} makes the intervention its written standard and trains its staff in it`;
      case 'theoryReviewed':
        return `The core team reviews its theory of change (${Math.round(ev.value * 100)}% of the emphasis moves)`;
      case 'fundingEnded':
        return 'The funding ends';
    }
  }

  let currentCard: LessonCard | null = null;
  let cardWeek = -100;

  function announce(w: number): void {
    const events = e.first.events.filter((ev) => ev.week === weekOf(w) - 1 && ev.kind !== 'active' && ev.kind !== 'championReplaced');
    for (const ev of events) {
      feed.prepend(el('li', {}, el('span', { class: 'ws-when' }, `Week ${weekOf(w)}`), ' ', describe(ev)));
      const c = cardForEvent(ev.kind);
      if (c) {
        currentCard = c;
        cardWeek = w;
      }
    }
    while (feed.childElementCount > 8) feed.lastElementChild?.remove();
  }

  function rebuildFeed(): void {
    feed.replaceChildren();
    currentCard = null;
    cardWeek = -100;
    for (let x = 1; x <= week; x++) announce(x);
  }

  function drawCard(): void {
    const shown = currentCard && week - cardWeek < 12 ? currentCard : cardForWeek(Math.max(0, weekOf(week)), recruitmentEnds(e.scenario), e.scenario.time.fundingWeeks);
    card.replaceChildren(el('p', { class: 'ws-card-lesson' }, shown.lesson), el('h3', {}, shown.title), el('p', {}, shown.text));
  }

  function closedShare(s: number): number {
    const base = sites[s].baseline;
    const v = trace!.trueValue[week * trace!.sites + s];
    return best === base ? 0 : (v - base) / (best - base);
  }

  function colour(share: number): string {
    const t = Math.max(0, Math.min(1, share / 0.7));
    // orange (none) -> amber -> green (most)
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

  function layoutSites(width: number, height: number): Array<{ x: number; y: number; r: number }> {
    const members = sites.map((s, i) => ({ s, i })).filter(({ s }) => s.role !== 'comparison');
    const comparison = sites.map((s, i) => ({ s, i })).filter(({ s }) => s.role === 'comparison');
    const pos = new Array<{ x: number; y: number; r: number }>(sites.length);
    // Without comparison sites the ring has the whole canvas.
    const cx = comparison.length > 0 ? width * 0.42 : width * 0.5;
    const cy = height / 2;
    const radius = Math.min(width * 0.36, height * 0.42);
    const maxStaff = Math.max(...sites.map((s) => s.staff));
    const size = (staff: number) => Math.max(6, Math.min(radius / 5, (radius / 8) * Math.sqrt(staff / maxStaff)) * (members.length > 60 ? 0.6 : 1));
    members.forEach(({ s, i }, k) => {
      const a = (2 * Math.PI * k) / members.length - Math.PI / 2;
      pos[i] = { x: cx + radius * Math.cos(a), y: cy + radius * Math.sin(a), r: size(s.staff) }; // display only: not a model number
    });
    // Comparison sites in a small grid to the right, well apart.
    const columns = Math.max(1, Math.ceil(comparison.length / 8));
    const rows = Math.max(1, Math.ceil(comparison.length / columns));
    const gap = Math.min((height * 0.78) / rows, 60);
    comparison.forEach(({ s, i }, k) => {
      const r = Math.min(size(s.staff) * 0.7, gap * 0.4);
      pos[i] = { x: width * 0.86 + (k % columns) * gap, y: height * 0.16 + Math.floor(k / columns) * gap, r };
    });
    return pos;
  }

  function draw(): void {
    const w = weekOf(week);
    weekText.textContent = w < 0 ? `Week ${w} · before launch` : `Week ${w} · year ${Math.floor(w / 52) + 1}`;
    phase.textContent = PHASES[phaseOf(e.scenario, w) + 1];
    setSpeed(speed);
    drawCard();
    drawNetwork();
    drawChart();
  }

  function drawNetwork(): void {
    const { g, width, height } = clearCanvas(canvas, 800, 500);
    const pos = layoutSites(width, height);
    const base = week * trace!.sites;
    // Ties between site teams.
    for (let s = 0; s < trace!.sites; s++) {
      for (let k = 0; k < PARTNER_SLOTS; k++) {
        const j = trace!.partner[(base + s) * PARTNER_SLOTS + k];
        if (j < 0 || j < s || !pos[j] || !pos[s]) continue;
        const strength = trace!.tieStrength[(base + s) * PARTNER_SLOTS + k];
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
    if (e.scenario.recruitment.comparisonSites > 0) {
      g.font = '14px system-ui, sans-serif';
      g.fillStyle = '#c9d1d9';
      g.fillText('Comparison sites', width * 0.83, height * 0.09);
    }
    for (let s = 0; s < trace!.sites; s++) {
      const p = pos[s];
      if (!p) continue;
      const state = MEMBERSHIP_STATES[trace!.membership[base + s]];
      g.beginPath();
      g.arc(p.x, p.y, p.r, 0, 2 * Math.PI);
      g.setLineDash(state === 'onboarding' || state === 'lapsed' || state === 'passive' ? [4, 3] : []);
      g.globalAlpha = state === 'passive' ? 0.55 : 1;
      if (state === 'invited') {
        g.strokeStyle = GREY;
        g.lineWidth = 1.5;
        g.stroke();
      } else {
        g.fillStyle = state === 'droppedOut' ? '#57606a' : colour(closedShare(s));
        g.fill();
        g.strokeStyle = state === 'droppedOut' ? GREY : state === 'lapsed' ? '#e69f00' : state === 'comparison' ? '#8c959f' : '#f0f6fc';
        g.lineWidth = state === 'active' ? 2.5 : 1.5;
        g.stroke();
      }
      g.setLineDash([]);
      g.globalAlpha = 1;
      if (trace!.conflict[base + s] > 0.3) {
        g.beginPath();
        g.arc(p.x, p.y, p.r + 5, 0, 2 * Math.PI);
        g.strokeStyle = `rgba(255, 80, 80, ${trace!.conflict[base + s]})`;
        g.lineWidth = 3;
        g.stroke();
      }
    }
  }

  function drawChart(): void {
    const { g, width, height } = clearCanvas(chart, 800, 140);
    const frames = trace!.frames;
    const x = (w: number) => 40 + ((width - 60) * w) / Math.max(1, frames - 1);
    const y = (v: number) => height - 24 - (height - 40) * Math.max(0, Math.min(1, v));
    const funding = e.scenario.time.fundingWeeks - trace!.firstWeek;
    g.strokeStyle = '#57606a';
    g.setLineDash([3, 3]);
    g.beginPath();
    g.moveTo(x(funding), 8);
    g.lineTo(x(funding), height - 24);
    g.stroke();
    g.setLineDash([]);
    const series = (name: string, colourName: string, label: string, offset: number) => {
      const k = e.columns.findIndex((c) => c.name === name);
      const values = e.first.series[k];
      g.strokeStyle = colourName;
      g.lineWidth = 3;
      g.beginPath();
      let started = false;
      for (let w = 0; w <= week; w++) {
        const v = values[w];
        if (!Number.isFinite(v)) continue;
        if (!started) g.moveTo(x(w), y(v));
        else g.lineTo(x(w), y(v));
        started = true;
      }
      g.stroke();
      g.fillStyle = colourName;
      g.font = '15px system-ui, sans-serif';
      const now = values[week];
      g.fillText(`${label}${Number.isFinite(now) ? `: ${Math.round(100 * now)}%` : ''}`, 48 + offset, 22);
    };
    series('practice', '#56B4E9', 'Staff practising', 0);
    series('gapClosed', '#009E73', 'Gap closed', 260);
  }

  function close(): void {
    playing = false;
    cancelAnimationFrame(frame);
    document.removeEventListener('keydown', onKey);
    window.removeEventListener('resize', onResize);
    if (document.fullscreenElement) document.exitFullscreen().catch(() => undefined);
    root.remove();
    onClose();
  }

  draw();
  return { close, week: () => week };
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
