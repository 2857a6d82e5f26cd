/**
 * A still drawing of a chart, as SVG text, from the same traces and layout the plotly chart is
 * given: the page shows it while plotly.js (the largest part of the page, about a second to
 * load on a slow laptop) is still loading, and plotly's interactive chart replaces it.
 *
 * It draws what a reader needs from a first look: lines (solid, dashed, dotted), bands,
 * markers, the dotted week markers with their labels, axes with round ticks, the title and a
 * legend. It is written here rather than taken from a library because it only has to copy
 * plotly's look for the moment plotly is loading, and any charting library would itself be the
 * load this avoids. Pure: text in, text out (every label from a scenario is escaped).
 */
import * as dmath from '../../engine/core/math/deterministic.ts';

export interface PreviewTrace {
  x?: ArrayLike<number>;
  y?: ArrayLike<number | null>;
  name?: string;
  mode?: string;
  fill?: string;
  fillcolor?: string;
  showlegend?: boolean;
  line?: { color?: string; width?: number; dash?: string };
  marker?: { color?: string };
}

export interface PreviewLayout {
  title?: { text?: string };
  xaxis?: { range?: [number, number]; title?: { text?: string } };
  yaxis?: { range?: [number, number]; title?: { text?: string } };
  shapes?: Array<{ x0?: unknown }>;
  annotations?: Array<{ x?: unknown; text?: string }>;
}

const INK = '#1f2328';
const MUTED = '#57606a';
const GRID = '#eaeef2';
const FONT = 'system-ui, -apple-system, Segoe UI, sans-serif';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Plotly's title markup (`<br>`, `<span>`) as plain lines of text. */
function titleLines(text: string): string[] {
  return text
    .split(/<br\s*\/?>/i)
    .map((line) => line.replace(/<[^>]*>/g, '').trim())
    .filter((line) => line.length > 0);
}

/**
 * About `count` round tick values within [lo, hi], 1, 2 or 5 times a power of ten apart (the
 * step nearest the raw one on a log scale, as d3's ticks choose it).
 */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (hi <= lo) return [lo];
  const raw = (hi - lo) / count;
  // (The engine's deterministic log and pow: ticks are the same in every browser.)
  const power = dmath.pow(10, Math.floor(dmath.log(raw) / dmath.log(10)));
  const error = raw / power;
  const step = power * (error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.SQRT2 ? 2 : 1);
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

const DASHES: Record<string, string> = { dash: '7 4', dot: '2 3', dashdot: '7 3 2 3' };

/** The chart as SVG text, `width` by `height` pixels. */
export function previewSvg(traces: PreviewTrace[], layout: PreviewLayout, width: number, height: number): string {
  const lines = titleLines(layout.title?.text ?? '');
  const named = traces.filter((t) => t.showlegend !== false && t.name);
  const legendRows = Math.ceil(named.length / Math.max(1, Math.floor((width - 40) / 190)));
  const margin = { l: 56, r: 12, t: 14 + 18 * lines.length, b: 40 + 18 * legendRows };
  const plotW = Math.max(10, width - margin.l - margin.r);
  const plotH = Math.max(10, height - margin.t - margin.b);

  const xs = traces.flatMap((t) => Array.from(t.x ?? []));
  const ys = traces.flatMap((t) => Array.from(t.y ?? []).filter((v): v is number => v !== null && Number.isFinite(v)));
  const [x0, x1] = layout.xaxis?.range ?? [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = layout.yaxis?.range ?? padded(Math.min(...ys), Math.max(...ys));
  const px = (x: number) => margin.l + ((x - x0) / (x1 - x0 || 1)) * plotW;
  const py = (y: number) => margin.t + plotH - ((y - y0) / (y1 - y0 || 1)) * plotH;
  const out: string[] = [];
  const text = (x: number, y: number, s: string, attrs = '') => out.push(`<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${escapeXml(s)}</text>`);

  out.push(`<svg xmlns="http://www.w3.org/2000/svg" class="preview" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}" font-size="12" fill="${INK}" role="img" aria-label="${escapeXml(lines.join(': '))} (loading the interactive chart)">`);
  lines.forEach((line, i) => text(8, 20 + 18 * i, line, i === 0 ? 'font-size="15"' : `font-size="11" fill="${MUTED}"`));
  // Grid and ticks.
  for (const t of niceTicks(y0, y1)) {
    out.push(`<line x1="${margin.l}" x2="${margin.l + plotW}" y1="${py(t).toFixed(1)}" y2="${py(t).toFixed(1)}" stroke="${GRID}"/>`);
    text(margin.l - 6, py(t) + 4, String(t), `text-anchor="end" fill="${MUTED}"`);
  }
  for (const t of niceTicks(x0, x1, 6)) text(px(t), margin.t + plotH + 16, String(t), `text-anchor="middle" fill="${MUTED}"`);
  if (layout.xaxis?.title?.text) text(margin.l + plotW / 2, margin.t + plotH + 32, layout.xaxis.title.text, 'text-anchor="middle"');
  if (layout.yaxis?.title?.text) text(14, margin.t + plotH / 2, layout.yaxis.title.text, `text-anchor="middle" transform="rotate(-90 14 ${(margin.t + plotH / 2).toFixed(1)})"`);
  // Week markers (launch, funding ends): the shapes' x, labelled by the annotation at the same x.
  for (const shape of layout.shapes ?? []) {
    const x = Number(shape.x0);
    if (!Number.isFinite(x)) continue;
    out.push(`<line x1="${px(x).toFixed(1)}" x2="${px(x).toFixed(1)}" y1="${margin.t}" y2="${margin.t + plotH}" stroke="${MUTED}" stroke-dasharray="2 3"/>`);
    const label = (layout.annotations ?? []).find((a) => Number(a.x) === x)?.text;
    if (label) text(px(x) + 3, margin.t + 11, label, `font-size="10" fill="${MUTED}"`);
  }
  out.push(`<clipPath id="preview-plot"><rect x="${margin.l}" y="${margin.t}" width="${plotW}" height="${plotH}"/></clipPath><g clip-path="url(#preview-plot)">`);
  traces.forEach((t, i) => {
    const points = pointsOf(t);
    if (points.length === 0) return;
    const colour = t.line?.color ?? t.marker?.color ?? INK;
    if (t.fill === 'tonexty' && i > 0) {
      // A band: this trace back along the one before it (plotly's tonexty).
      const under = pointsOf(traces[i - 1]).reverse();
      const path = [...points, ...under].map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ');
      out.push(`<polygon points="${path}" fill="${t.fillcolor ?? colour}" stroke="none"/>`);
    }
    if (t.mode === 'markers') {
      for (const [x, y] of points) out.push(`<path d="M${px(x).toFixed(1)} ${(py(y) - 5).toFixed(1)}l5 5l-5 5l-5-5z" fill="${colour}"/>`);
      return;
    }
    const width = t.line?.width ?? 2;
    if (width <= 0) return;
    // A gap (null) in the values breaks the line, as in plotly.
    for (const run of runsOf(t)) {
      const d = run.map(([x, y], k) => `${k ? 'L' : 'M'}${px(x).toFixed(1)} ${py(y).toFixed(1)}`).join('');
      const dash = t.line?.dash ? ` stroke-dasharray="${DASHES[t.line.dash] ?? ''}"` : '';
      out.push(`<path d="${d}" fill="none" stroke="${colour}" stroke-width="${width}"${dash}/>`);
    }
  });
  out.push('</g>');
  out.push(`<rect x="${margin.l}" y="${margin.t}" width="${plotW}" height="${plotH}" fill="none" stroke="${GRID}"/>`);
  // Legend, in rows below the axis title.
  const perRow = Math.max(1, Math.floor((width - 40) / 190));
  named.forEach((t, k) => {
    const x = 20 + (k % perRow) * 190;
    const y = height - 18 * legendRows + 18 * Math.floor(k / perRow) - 4;
    const colour = t.line?.color ?? t.marker?.color ?? INK;
    const dash = t.line?.dash ? ` stroke-dasharray="${DASHES[t.line.dash] ?? ''}"` : '';
    out.push(`<line x1="${x}" x2="${x + 24}" y1="${y - 4}" y2="${y - 4}" stroke="${colour}" stroke-width="2.5"${dash}/>`);
    text(x + 30, y, t.name!.length > 26 ? `${t.name!.slice(0, 25)}…` : t.name!, 'font-size="11"');
  });
  out.push('</svg>');
  return out.join('');
}

function padded(lo: number, hi: number): [number, number] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  const pad = (hi - lo || Math.abs(hi) || 1) * 0.05;
  return [lo - pad, hi + pad];
}

function pointsOf(t: PreviewTrace): Array<[number, number]> {
  const xs = t.x ?? [];
  const ys = t.y ?? [];
  const points: Array<[number, number]> = [];
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const y = ys[i];
    if (y !== null && Number.isFinite(y) && Number.isFinite(xs[i])) points.push([xs[i], y]);
  }
  return points;
}

function runsOf(t: PreviewTrace): Array<Array<[number, number]>> {
  const xs = t.x ?? [];
  const ys = t.y ?? [];
  const runs: Array<Array<[number, number]>> = [[]];
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const y = ys[i];
    if (y === null || !Number.isFinite(y)) {
      if (runs.at(-1)!.length > 0) runs.push([]);
    } else runs.at(-1)!.push([xs[i], y]);
  }
  return runs.filter((r) => r.length > 0);
}
