/**
 * Small SVG charts for the rooms: a phone must not load plotly (1.4 MB) to draw one line, and a
 * projector's charts must be legible from the back of the room. A line chart with axes, a
 * funding marker and labelled lines; the community network; a dot plot of predictions. SVG keeps
 * them sharp at any size and lets the debrief save them as images.
 */

const NS = 'http://www.w3.org/2000/svg';

export function svgEl<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, text?: string): SVGElementTagNameMap[K] {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

export interface Line {
  label: string;
  values: ReadonlyArray<number | null>;
  colour: string;
  dashed?: boolean;
  /** Draw points only (reports that come once a period), not a joined line. */
  points?: boolean;
}

export interface LineChartOptions {
  title: string;
  /** The x value of each index (weeks). */
  x: readonly number[];
  xMax: number;
  yLabel: string;
  yMin?: number;
  yMax?: number;
  /** Vertical markers, such as the end of funding. */
  markers?: Array<{ x: number; label: string }>;
  /** Horizontal reference lines, such as a baseline. */
  references?: Array<{ y: number; label: string }>;
  /** The scale reaches at least this high (100 for percentages: a steady scale round after round). */
  yMaxAtLeast?: number;
  width?: number;
  /** Height of the plot and its axes; the legend adds a row per few lines. */
  height?: number;
}

/** Rounded limits and about five ticks between them. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const magnitude = Math.pow(10, Math.floor(Math.log10(raw))); // display only: not a model number
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  // From the step at or below the lowest value to the step at or above the highest, so the scale covers every line.
  const ticks: number[] = [];
  const top = Math.ceil(max / step - 1e-9) * step;
  for (let t = Math.floor(min / step + 1e-9) * step; t <= top + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(10)));
  return ticks;
}

export function lineChart(lines: Line[], o: LineChartOptions): SVGSVGElement {
  const width = o.width ?? 640;
  // The legend sits under the axis, as many entries a row as fit, so it never covers a line.
  const perRow = Math.max(1, Math.floor((width - 60) / 190));
  const legendRows = Math.ceil(lines.length / perRow);
  const height = (o.height ?? 300) + 18 * legendRows;
  const m = { left: 52, right: 12, top: 28, bottom: 40 + 18 * legendRows };
  const all = lines.flatMap((l) => l.values.filter((v): v is number => v !== null && Number.isFinite(v)));
  const refs = (o.references ?? []).map((r) => r.y);
  let lo = o.yMin ?? Math.min(...all, ...refs);
  let hi = o.yMax ?? Math.max(...all, ...refs);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    lo = o.yMin ?? 0;
    hi = o.yMax ?? 1;
  }
  if (o.yMaxAtLeast !== undefined) hi = Math.max(hi, o.yMaxAtLeast);
  if (hi - lo < 1e-9) {
    hi += 1;
    lo -= 1;
  }
  const yTicks = niceTicks(lo, hi);
  lo = Math.min(lo, yTicks[0]);
  hi = Math.max(hi, yTicks[yTicks.length - 1]);
  const sx = (x: number) => m.left + (x / Math.max(1, o.xMax)) * (width - m.left - m.right);
  const sy = (y: number) => height - m.bottom - ((y - lo) / (hi - lo)) * (height - m.top - m.bottom);
  const svg = svgEl('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': o.title, class: 'chart' });
  svg.append(svgEl('title', {}, o.title));
  svg.append(svgEl('text', { x: m.left, y: 16, class: 'chart-title' }, o.title));
  for (const t of yTicks) {
    svg.append(svgEl('line', { x1: m.left, x2: width - m.right, y1: sy(t), y2: sy(t), class: 'grid' }));
    svg.append(svgEl('text', { x: m.left - 6, y: sy(t) + 4, class: 'tick', 'text-anchor': 'end' }, String(t)));
  }
  for (const t of niceTicks(0, o.xMax, 6)) {
    svg.append(svgEl('text', { x: sx(t), y: height - m.bottom + 16, class: 'tick', 'text-anchor': 'middle' }, String(t)));
  }
  svg.append(svgEl('text', { x: (m.left + width - m.right) / 2, y: height - m.bottom + 32, class: 'axis-label', 'text-anchor': 'middle' }, 'Week'));
  svg.append(svgEl('text', { x: 12, y: (m.top + height - m.bottom) / 2, class: 'axis-label', 'text-anchor': 'middle', transform: `rotate(-90 12 ${(m.top + height - m.bottom) / 2})` }, o.yLabel));
  svg.append(svgEl('line', { x1: m.left, x2: m.left, y1: m.top, y2: height - m.bottom, class: 'axis' }));
  svg.append(svgEl('line', { x1: m.left, x2: width - m.right, y1: height - m.bottom, y2: height - m.bottom, class: 'axis' }));
  for (const marker of o.markers ?? []) {
    if (marker.x > o.xMax) continue;
    svg.append(svgEl('line', { x1: sx(marker.x), x2: sx(marker.x), y1: m.top, y2: height - m.bottom, class: 'marker' }));
    svg.append(svgEl('text', { x: sx(marker.x) - 4, y: m.top + 12, class: 'marker-label', 'text-anchor': 'end' }, marker.label));
  }
  for (const ref of o.references ?? []) {
    svg.append(svgEl('line', { x1: m.left, x2: width - m.right, y1: sy(ref.y), y2: sy(ref.y), class: 'reference' }));
    svg.append(svgEl('text', { x: width - m.right - 4, y: sy(ref.y) - 4, class: 'marker-label', 'text-anchor': 'end' }, ref.label));
  }
  lines.forEach((line, k) => {
    if (line.points) {
      line.values.forEach((v, i) => {
        if (v !== null && Number.isFinite(v)) svg.append(svgEl('circle', { cx: sx(o.x[i]), cy: sy(v), r: 3.5, fill: line.colour }));
      });
    } else {
      let d = '';
      let pen = false;
      line.values.forEach((v, i) => {
        if (v === null || !Number.isFinite(v)) {
          pen = false;
          return;
        }
        d += `${pen ? 'L' : 'M'}${sx(o.x[i]).toFixed(1)},${sy(v).toFixed(1)}`;
        pen = true;
      });
      svg.append(svgEl('path', { d, fill: 'none', stroke: line.colour, 'stroke-width': 2.5, ...(line.dashed ? { 'stroke-dasharray': '6 4' } : {}) }));
    }
    // The legend: one entry per line, its dash as the line's, so colour is never the only cue.
    const lx = m.left + (k % perRow) * 190;
    const ly = height - m.bottom + 50 + Math.floor(k / perRow) * 18;
    if (line.points) svg.append(svgEl('circle', { cx: lx + 9, cy: ly, r: 3.5, fill: line.colour }));
    else svg.append(svgEl('line', { x1: lx, x2: lx + 18, y1: ly, y2: ly, stroke: line.colour, 'stroke-width': 3, ...(line.dashed ? { 'stroke-dasharray': '4 3' } : {}) }));
    svg.append(svgEl('text', { x: lx + 24, y: ly + 4, class: 'legend' }, line.label));
  });
  return svg;
}

/** A colour for a share of gap closed: grey (nothing) to green (all), red below zero (worse). */
export function closedColour(closed: number | null): string {
  if (closed === null || !Number.isFinite(closed)) return '#8c959f';
  if (closed < 0) return '#cf222e';
  const t = Math.min(1, closed);
  const mix = (a: number, b: number) => Math.round(a + (b - a) * t);
  return `rgb(${mix(208, 26)},${mix(215, 127)},${mix(222, 55)})`;
}

export interface NetworkSite {
  label: string;
  closed: number | null;
  membership: string;
  /** Held by people (not a bot). */
  human: boolean;
  decided: boolean;
}

/**
 * The community as a ring of sites: fill is the share of gap closed, a thick ring marks a seat
 * people hold, a tick marks a seat that has chosen, lines are ties between sites; sites that left
 * are drawn hollow.
 */
export function network(sites: NetworkSite[], ties: ReadonlyArray<readonly [number, number, number]>, size = 420): SVGSVGElement {
  const svg = svgEl('svg', { viewBox: `0 0 ${size} ${size}`, role: 'img', 'aria-label': 'The community: each circle a member site, lines the ties between sites', class: 'network' });
  const n = Math.max(1, sites.length);
  const radius = size / 2 - 40;
  const r = Math.max(6, Math.min(22, (Math.PI * radius) / n - 2));
  const at = (i: number) => ({ x: size / 2 + radius * Math.cos((2 * Math.PI * i) / n - Math.PI / 2), y: size / 2 + radius * Math.sin((2 * Math.PI * i) / n - Math.PI / 2) }); // display only: not a model number
  for (const [a, b, strength] of ties) {
    const p = at(a);
    const q = at(b);
    svg.append(svgEl('line', { x1: p.x, y1: p.y, x2: q.x, y2: q.y, stroke: '#0969da', 'stroke-opacity': Math.min(0.8, 0.15 + strength), 'stroke-width': 1 + 2 * strength }));
  }
  sites.forEach((site, i) => {
    const p = at(i);
    const left = site.membership === 'droppedOut' || site.membership === 'lapsed';
    const g = svgEl('g', { class: `site${site.human ? ' human' : ''}${left ? ' left' : ''}` });
    g.append(svgEl('title', {}, `${site.label}: ${site.closed === null ? 'no data' : `${Math.round(100 * site.closed)}% of its gap closed`}, ${site.membership}${site.human ? ', played by people' : ', played by the model'}${site.decided ? ', has chosen' : ''}`));
    g.append(svgEl('circle', { cx: p.x, cy: p.y, r, fill: left ? '#ffffff' : closedColour(site.closed), stroke: site.human ? '#1f2328' : '#8c959f', 'stroke-width': site.human ? 4 : 1.5, ...(left ? { 'stroke-dasharray': '3 3' } : {}) }));
    g.append(svgEl('text', { x: p.x, y: p.y + 4, class: 'site-number', 'text-anchor': 'middle' }, String(i + 1)));
    if (site.decided) g.append(svgEl('text', { x: p.x + r, y: p.y - r + 4, class: 'decided', 'text-anchor': 'middle' }, '✓'));
    svg.append(g);
  });
  return svg;
}

/** Predictions as dots along a scale, with the outcome as a line: how the room's guesses spread. */
export function predictionPlot(predictions: number[], outcome: number, unit: string, width = 640, height = 120): SVGSVGElement {
  const lo = Math.min(0, outcome, ...predictions);
  const hi = Math.max(outcome, ...predictions, unit === '%' ? 100 : outcome + 1);
  const m = 30;
  const sx = (v: number) => m + ((v - lo) / Math.max(1e-9, hi - lo)) * (width - 2 * m);
  const svg = svgEl('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `Predictions against the outcome, ${outcome.toFixed(1)}${unit}`, class: 'chart' });
  svg.append(svgEl('line', { x1: m, x2: width - m, y1: height - 30, y2: height - 30, class: 'axis' }));
  for (const t of niceTicks(lo, hi, 5)) svg.append(svgEl('text', { x: sx(t), y: height - 12, class: 'tick', 'text-anchor': 'middle' }, `${t}${unit}`));
  // Stack equal answers so that each person is a dot.
  const stacks = new Map<number, number>();
  for (const p of predictions) {
    const key = Math.round(sx(p) / 8);
    const k = stacks.get(key) ?? 0;
    stacks.set(key, k + 1);
    svg.append(svgEl('circle', { cx: sx(p), cy: height - 38 - 9 * k, r: 4, fill: '#0969da', 'fill-opacity': 0.8 }));
  }
  svg.append(svgEl('line', { x1: sx(outcome), x2: sx(outcome), y1: 8, y2: height - 30, stroke: '#cf222e', 'stroke-width': 3 }));
  svg.append(svgEl('text', { x: sx(outcome) + 6, y: 18, class: 'marker-label' }, `What happened: ${outcome.toFixed(1)}${unit}`));
  return svg;
}
