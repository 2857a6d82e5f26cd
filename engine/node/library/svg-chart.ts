/**
 * A small static line chart as SVG text, for generated documentation (a chart per lesson set and
 * per calibrated archetype in docs/scenarios.md). Written by hand because it is a few dozen lines and documentation must be
 * generated without a browser; the output is plain text, identical on every run, so a stale
 * chart shows up as a diff in review.
 */
import * as dmath from '../../core/math/deterministic.ts';

export interface ChartLine {
  label: string;
  values: ArrayLike<number>;
}

/** A published figure: a diamond at the middle of its weeks, bars across its weeks and its band. */
export interface ChartPoint {
  from: number;
  to: number;
  value: number;
  low: number;
  high: number;
}

export interface ChartSpec {
  title: string;
  yLabel: string;
  lines: ChartLine[];
  /** Figures to mark (published targets), with the legend label they share. */
  points?: { label: string; items: ChartPoint[] };
  /** A week to mark with a dashed line (the end of funding). */
  marker?: { week: number; label: string };
}

/** Okabe-Ito colours: distinguishable with the common colour-vision deficiencies. */
const COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00'];

const WIDTH = 640;
const HEIGHT = 320;
const LEFT = 56;
const RIGHT = 16;
const TOP = 46;
const BOTTOM = 84;
/** Legend entries per row. */
const PER_ROW = 3;

export function lineChartSvg(spec: ChartSpec): string {
  const weeks = Math.max(...spec.lines.map((l) => l.values.length)) - 1;
  const all = [...spec.lines.flatMap((l) => Array.from(l.values).filter(Number.isFinite)), ...(spec.points?.items ?? []).flatMap((p) => [p.low, p.high])];
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  const fraction = lo >= 0 && hi <= 1;
  if (fraction) {
    lo = 0;
    hi = Math.max(0.1, niceCeil(hi));
  } else {
    const pad = (hi - lo) * 0.08 || 1;
    lo = Math.max(0, lo - pad);
    hi += pad;
  }
  const plotW = WIDTH - LEFT - RIGHT;
  const plotH = HEIGHT - TOP - BOTTOM;
  const x = (w: number) => LEFT + (plotW * w) / Math.max(1, weeks);
  const y = (v: number) => TOP + plotH * (1 - (v - lo) / (hi - lo || 1));
  const f = (n: number) => n.toFixed(1);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" font-family="system-ui, sans-serif" font-size="12">`);
  parts.push(`<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`);
  // Long titles (the report's wording of a lesson) get a smaller type so that they fit the width.
  const titleSize = Math.min(14, Math.floor(920 / Math.max(1, spec.title.length)));
  parts.push(`<text x="${LEFT}" y="20" font-size="${titleSize}" font-weight="600" fill="#1f2328">${escape(spec.title)}</text>`);
  // Axes and grid.
  for (const t of ticks(lo, hi, 5)) {
    parts.push(`<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${f(y(t))}" y2="${f(y(t))}" stroke="#e6e6e6"/>`);
    parts.push(`<text x="${LEFT - 6}" y="${f(y(t) + 4)}" text-anchor="end" fill="#57606a">${formatTick(t)}</text>`);
  }
  for (const t of ticks(0, weeks, 6)) {
    parts.push(`<text x="${f(x(t))}" y="${TOP + plotH + 16}" text-anchor="middle" fill="#57606a">${formatTick(t)}</text>`);
  }
  parts.push(`<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${TOP + plotH}" y2="${TOP + plotH}" stroke="#8c959f"/>`);
  parts.push(`<text x="${LEFT + plotW / 2}" y="${TOP + plotH + 32}" text-anchor="middle" fill="#57606a">Week</text>`);
  parts.push(`<text transform="translate(14 ${TOP + plotH / 2}) rotate(-90)" text-anchor="middle" fill="#57606a">${escape(spec.yLabel)}</text>`);
  if (spec.marker && spec.marker.week <= weeks) {
    const mx = f(x(spec.marker.week));
    parts.push(`<line x1="${mx}" x2="${mx}" y1="${TOP}" y2="${TOP + plotH}" stroke="#8c959f" stroke-dasharray="4 3"/>`);
    // Near the right edge the label ends at the line, so it is not cut off.
    const anchor = x(spec.marker.week) > WIDTH - RIGHT - 50 ? 'end' : 'middle';
    parts.push(`<text x="${mx}" y="${TOP - 4}" text-anchor="${anchor}" fill="#57606a">${escape(spec.marker.label)}</text>`);
  }
  // Lines and legend.
  spec.lines.forEach((line, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const points: string[] = [];
    for (let w = 0; w < line.values.length; w++) if (Number.isFinite(line.values[w])) points.push(`${f(x(w))},${f(y(line.values[w]))}`);
    parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="2" points="${points.join(' ')}"/>`);
    const lx = LEFT + (i % PER_ROW) * 190;
    const ly = TOP + plotH + 54 + Math.floor(i / PER_ROW) * 18;
    parts.push(`<line x1="${lx}" x2="${lx + 18}" y1="${ly - 4}" y2="${ly - 4}" stroke="${colour}" stroke-width="2"/>`);
    parts.push(`<text x="${lx + 24}" y="${ly}" fill="#1f2328">${escape(line.label)}</text>`);
  });
  if (spec.points && spec.points.items.length) {
    const ink = '#1f2328';
    const diamond = (cx: number, cy: number, r: number) => `${f(cx)},${f(cy - r)} ${f(cx + r)},${f(cy)} ${f(cx)},${f(cy + r)} ${f(cx - r)},${f(cy)}`;
    for (const p of spec.points.items) {
      const cx = x((p.from + p.to) / 2);
      parts.push(`<line x1="${f(x(p.from))}" x2="${f(x(p.to))}" y1="${f(y(p.value))}" y2="${f(y(p.value))}" stroke="${ink}" stroke-width="1.5"/>`);
      parts.push(`<line x1="${f(cx)}" x2="${f(cx)}" y1="${f(y(p.low))}" y2="${f(y(p.high))}" stroke="${ink}" stroke-width="1"/>`);
      parts.push(`<polygon points="${diamond(cx, y(p.value), 5)}" fill="${ink}"/>`);
    }
    const i = spec.lines.length;
    const lx = LEFT + (i % PER_ROW) * 190;
    const ly = TOP + plotH + 54 + Math.floor(i / PER_ROW) * 18;
    parts.push(`<polygon points="${diamond(lx + 9, ly - 4, 5)}" fill="${ink}"/>`);
    parts.push(`<text x="${lx + 24}" y="${ly}" fill="${ink}">${escape(spec.points.label)}</text>`);
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** About `count` round tick values from lo to hi. */
function ticks(lo: number, hi: number, count: number): number[] {
  const span = hi - lo;
  if (!(span > 0)) return [lo];
  const raw = span / count;
  const magnitude = dmath.pow(10, Math.floor(dmath.log(raw) / Math.LN10));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Number(t.toPrecision(12)));
  return out;
}

function niceCeil(v: number): number {
  return Math.min(1, Math.ceil(v * 10) / 10);
}

function formatTick(t: number): string {
  return Number.isInteger(t) ? String(t) : String(Number(t.toPrecision(3)));
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
