/**
 * The studio's charts (plotly.js, cartesian bundle): performance in the challenge's own unit for
 * member and comparison sites, adoption by professional group, sites by membership state,
 * belonging and conflict, and a per-site heat map. Lines are means over replicates with their
 * 95% band; a pinned baseline is drawn dashed beside them.
 */
import type { Config, Data, Layout } from 'plotly.js-dist-min';
import { columnIndex, isHigherBetter, unitLabel, type SeriesName } from '../../engine/core/index.ts';
import { sameOutcome } from './cards.ts';
import type { Ensemble } from './runner.ts';
import { previewSvg, type PreviewLayout, type PreviewTrace } from './preview-chart.ts';
import { loadPlotly, loadedPlotly } from './plotly-loader.ts';

export { loadPlotly, plotlyReady } from './plotly-loader.ts';

/** Okabe-Ito: distinguishable with the common colour-vision deficiencies. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#7a6c00', '#000000'];
const MEMBER = '#0072B2';
const COMPARISON = '#6e7781';
const REPORTED = '#D55E00';

// Traces are built as plain objects and checked by plotly at run time (its generated types are a union of every trace type).
type Trace = Record<string, unknown>;

export const CHARTS = ['performance', 'adoption', 'membership', 'belonging', 'heatmap'] as const;
export type ChartId = (typeof CHARTS)[number];

/** What each chart shows (its download button's name), and which span the whole width. */
const CHART_NAMES: Record<ChartId, string> = {
  performance: 'the outcome',
  adoption: 'staff practising, by professional group',
  membership: 'sites by membership state',
  belonging: 'belonging, conflict and motivation',
  heatmap: 'every site, week by week',
};
const WIDE: ReadonlySet<ChartId> = new Set(['heatmap']);

/** The charts' figures (a plot and its PNG button each), in order, into a container; returns each plot's element. */
export function buildChartFigures(container: HTMLElement): Record<ChartId, HTMLElement> {
  const plots = {} as Record<ChartId, HTMLElement>;
  container.replaceChildren(
    ...CHARTS.map((id) => {
      const figure = document.createElement('figure');
      figure.className = WIDE.has(id) ? 'chart wide' : 'chart';
      const plot = document.createElement('div');
      plot.id = `chart-${id}`;
      plot.className = 'plot';
      const png = document.createElement('button');
      png.type = 'button';
      png.className = 'png';
      png.dataset.chart = id;
      png.textContent = 'PNG';
      png.setAttribute('aria-label', `Download the chart of ${CHART_NAMES[id]} as PNG`);
      figure.append(plot, png);
      plots[id] = plot;
      return figure;
    }),
  );
  return plots;
}

const config: Partial<Config> = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ['select2d', 'lasso2d', 'autoScale2d'] };

/** A column's label: its title in the output catalogue. */
function titleOf(e: Ensemble, name: SeriesName): string {
  return e.columns[columnIndex(e, name)]?.title ?? name;
}

/** The week of each row (negative before launch when the scenario has a baseline period). */
function weeks(e: Ensemble): number[] {
  return Array.from({ length: e.weeks - e.firstWeek + 1 }, (_, r) => e.firstWeek + r);
}

function clean(values: Float64Array): Array<number | null> {
  return Array.from(values, (v) => (Number.isFinite(v) ? v : null));
}

/** A mean line with its 95% band, labelled with the column's title unless told otherwise. */
function band(e: Ensemble, name: SeriesName, color: string, options: { label?: string; dash?: string; showBand?: boolean; group?: string } = {}): Trace[] {
  const k = columnIndex(e, name);
  if (k < 0) return [];
  const label = options.label ?? titleOf(e, name);
  const x = weeks(e);
  const line: Trace = { x, y: clean(e.mean[k]), name: label, type: 'scatter', mode: 'lines', line: { color, width: 2.5, dash: options.dash }, legendgroup: options.group ?? label };
  if (options.showBand === false || e.replicates.length < 2) return [line];
  const upper: Trace = { x, y: clean(e.upper[k]), type: 'scatter', mode: 'lines', line: { width: 0, color }, showlegend: false, hoverinfo: 'skip', legendgroup: options.group ?? label };
  const lower: Trace = { x, y: clean(e.lower[k]), type: 'scatter', mode: 'lines', line: { width: 0, color }, fill: 'tonexty', fillcolor: `${color}33`, showlegend: false, hoverinfo: 'skip', legendgroup: options.group ?? label };
  return [upper, lower, line];
}

/**
 * The published figures a calibrated scenario targets on the outcome (its calibration record's
 * targets on memberReported or memberTrue): a marker at the middle of each target's weeks, with
 * the weeks as a horizontal bar and the band that counts as reproducing it as a vertical one.
 */
function published(e: Ensemble): Trace[] {
  const shown = (e.scenario.calibration?.results ?? []).filter((r) => (r.metric === 'memberReported' || r.metric === 'memberTrue') && (r.weeks !== undefined || r.week !== undefined));
  if (shown.length === 0) return [];
  const from = (r: (typeof shown)[number]) => r.weeks?.[0] ?? r.week!;
  const to = (r: (typeof shown)[number]) => r.weeks?.[1] ?? r.week!;
  return [
    {
      x: shown.map((r) => (from(r) + to(r)) / 2),
      y: shown.map((r) => r.published),
      text: shown.map((r) => `${r.name}${r.source ? ` (${r.source})` : ''}`),
      name: 'Published figures',
      type: 'scatter',
      mode: 'markers',
      marker: { symbol: 'diamond', size: 10, color: '#1f2328' },
      error_x: { type: 'data', array: shown.map((r) => (to(r) - from(r)) / 2), color: '#1f2328', thickness: 1.5, width: 0 },
      error_y: { type: 'data', symmetric: false, array: shown.map((r) => r.band[1] - r.published), arrayminus: shown.map((r) => r.published - r.band[0]), color: '#1f2328', thickness: 1, width: 4 },
      hovertemplate: '%{text}<br>published %{y}<extra></extra>',
    },
  ];
}

/** A dotted vertical line across a chart, labelled at its top. */
function marker(week: number, text: string, e: Ensemble) {
  const span = e.weeks - e.firstWeek;
  return {
    shape: { type: 'line' as const, x0: week, x1: week, yref: 'paper' as const, y0: 0, y1: 1, line: { color: '#57606a', width: 1, dash: 'dot' as const } },
    // Late in the run the label ends at the line, so it is not cut off at the right edge.
    annotation: { x: week, yref: 'paper' as const, y: 1, text, showarrow: false, xanchor: (week - e.firstWeek > 0.8 * span ? 'right' : 'left') as 'right' | 'left', font: { size: 10, color: '#57606a' }, bgcolor: 'rgba(255,255,255,0.8)' },
  };
}

function layout(title: string, yTitle: string, e: Ensemble, extra: Partial<Layout> = {}): Partial<Layout> {
  const funding = e.scenario.time.fundingWeeks;
  const markers = [...(e.firstWeek < 0 ? [marker(0, 'launch', e)] : []), ...(funding <= e.weeks ? [marker(funding, 'funding ends', e)] : [])];
  return {
    title: { text: title, font: { size: 15 }, x: 0.01, xanchor: 'left' },
    margin: { l: 56, r: 12, t: 36, b: 34 },
    xaxis: { title: { text: 'Week', standoff: 4 }, zeroline: false, range: [e.firstWeek, e.weeks] },
    yaxis: { title: { text: yTitle }, zeroline: false },
    legend: { orientation: 'h', y: -0.3, yanchor: 'top', font: { size: 11 } },
    shapes: markers.map((m) => m.shape),
    annotations: markers.map((m) => m.annotation),
    font: { family: 'system-ui, -apple-system, "Segoe UI", sans-serif', size: 12, color: '#1f2328' },
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: '#ffffff',
    ...extra,
  };
}

interface Figure {
  data: Trace[];
  layout: Partial<Layout>;
}

/** Each chart's traces and layout (the heat map's too), built only when the chart is drawn. */
function figureOf(id: ChartId, e: Ensemble, baseline: Ensemble | null): Figure | null {
  const challenge = e.scenario.challenge;
  const base = (name: SeriesName, color: string) => {
    if (!baseline) return [];
    const label = `Baseline: ${titleOf(baseline, name)}`;
    return band(baseline, name, color, { label, dash: 'dash', showBand: false, group: label });
  };
  switch (id) {
    case 'performance': {
      const data = [
        ...band(e, 'memberTrue', MEMBER),
        // What the same sites would have done without the programme: the programme's effect is the gap.
        ...band(e, 'memberCounterfactual', MEMBER, { dash: 'dash', showBand: false }),
        // Before launch nobody is a member yet: the invited sites, measured by routine audit.
        ...(e.firstWeek < 0 ? band(e, 'invitedReported', '#7a6c00', { dash: 'dot', showBand: false }) : []),
        ...(e.scenario.recruitment.comparisonSites > 0 ? band(e, 'comparisonTrue', COMPARISON) : []),
        ...band(e, 'memberReported', REPORTED, { dash: 'dot', showBand: false }),
        // A baseline measuring another outcome (another unit) cannot share this axis.
        ...(baseline && sameOutcome(e, baseline) ? [...base('memberTrue', MEMBER), ...base('comparisonTrue', COMPARISON)] : []),
        ...published(e),
      ];
      const direction = isHigherBetter(challenge) ? 'higher is better' : 'lower is better';
      return { data, layout: layout(`${challenge.outcome.label}<br><span style="font-size:11px;color:#57606a">${direction}</span>`, unitLabel(challenge), e, { margin: { l: 56, r: 12, t: 52, b: 34 } }) };
    }
    case 'adoption': {
      const groups = e.scenario.community.groups.map((g) => g.name);
      const data = [
        ...band(e, 'practice', '#1f2328'),
        ...groups.flatMap((g, i) => band(e, `adoption_${g}`, PALETTE[i % PALETTE.length], { showBand: false })),
        ...base('practice', '#1f2328'),
      ];
      return { data, layout: layout('Staff practising, by professional group', 'share of staff', e, { yaxis: { range: [0, 1], title: { text: 'share of staff' } } }) };
    }
    case 'membership': {
      const membershipNames: Array<[SeriesName, string]> = [
        ['sites_active', '#009E73'],
        ['sites_passive', '#8fd3b6'],
        ['sites_onboarding', '#56B4E9'],
        ['sites_invited', '#c9d1d9'],
        ['sites_lapsed', '#E69F00'],
        ['sites_droppedOut', '#D55E00'],
      ];
      const data: Trace[] = membershipNames.map(([name, color]) => ({
        x: weeks(e),
        y: clean(e.mean[columnIndex(e, name)]),
        name: titleOf(e, name),
        type: 'scatter',
        mode: 'lines',
        stackgroup: 'sites',
        line: { color, width: 0.5 },
        fillcolor: `${color}cc`,
      }));
      return { data, layout: layout('Sites by membership state', 'sites', e) };
    }
    case 'belonging': {
      const data = [
        ...band(e, 'belonging', '#009E73'),
        ...band(e, 'conflict', '#D55E00'),
        ...band(e, 'motivation', '#CC79A7', { showBand: false }),
        ...base('belonging', '#009E73'),
        ...base('conflict', '#D55E00'),
      ];
      return { data, layout: layout('Belonging, conflict and motivation', 'level (0 to 1)', e, { yaxis: { range: [0, 1], title: { text: 'level (0 to 1)' } } }) };
    }
    case 'heatmap':
      return heatmapFigure(e);
  }
}

/** Whether any of an element is inside the window. */
function onScreen(element: HTMLElement): boolean {
  const r = element.getBoundingClientRect();
  return r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth && r.height > 0;
}

/** The charts a still preview can stand in for (the stacked areas and the heat map wait for plotly). */
const PREVIEWED: ReadonlySet<ChartId> = new Set(['performance', 'adoption', 'belonging']);

/**
 * Draw still previews of the line charts (no plotly needed: preview-chart.ts) where plotly has
 * not drawn yet or is not loaded; plotly's charts replace them as soon as it is.
 */
export function drawPreviews(containers: Record<ChartId, HTMLElement>, e: Ensemble, baseline: Ensemble | null): void {
  for (const id of CHARTS) {
    const container = containers[id];
    if (!PREVIEWED.has(id) || container.querySelector('.plot-container')) continue;
    const figure = figureOf(id, e, baseline);
    if (!figure) continue;
    container.innerHTML = previewSvg(figure.data as PreviewTrace[], figure.layout as PreviewLayout, Math.max(200, container.clientWidth), Math.max(200, container.clientHeight));
  }
}

export interface DrawOptions {
  /** Called when the charts on screen are drawn (the others follow). */
  onScreenDrawn?: () => void;
  /** Draw only the charts on screen (a partial ensemble: the rest wait for the whole one). */
  onScreenOnly?: boolean;
}

/**
 * Draw the charts: those on screen first (the reader sees them sooner), then the rest. A still
 * preview in a chart's place is taken away as plotly draws it.
 */
export async function drawCharts(containers: Record<ChartId, HTMLElement>, e: Ensemble, baseline: Ensemble | null, options: DrawOptions = {}): Promise<unknown> {
  const Plotly = await loadPlotly();
  const draw = (id: ChartId) => {
    const figure = figureOf(id, e, baseline);
    const container = containers[id];
    container.querySelector(':scope > svg.preview')?.remove();
    if (!figure) return Promise.resolve();
    return Plotly.react(container, figure.data as Data[], figure.layout, config);
  };
  const shown = CHARTS.filter((id) => onScreen(containers[id]));
  await Promise.all(shown.map(draw));
  options.onScreenDrawn?.();
  if (options.onScreenOnly) return;
  return Promise.all(CHARTS.filter((id) => !shown.includes(id)).map(draw));
}

/** Each site's true performance, week by week (first replicate): members by join week, then comparison sites. */
function heatmapFigure(e: Ensemble): Figure | null {
  const trace = e.first.trace;
  if (!trace) return null;
  const sites = e.first.sites;
  const order = sites
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => s.role !== 'neverJoined')
    .sort((a, b) => (a.s.role === b.s.role ? (a.s.joinWeek ?? 0) - (b.s.joinWeek ?? 0) || a.i - b.i : a.s.role === 'member' ? -1 : 1));
  const z = order.map(({ i }) => Array.from({ length: trace.frames }, (_, f) => trace.trueValue[f * trace.sites + i]));
  // Each row is named as the workshop names sites ("Site 16"); the hover adds its role and type.
  const labels = order.map(({ s }) => `Site ${s.site + 1}`);
  const roles = order.map(({ s }) => `${s.role === 'member' ? 'member' : 'comparison'}, ${s.type}`);
  const challenge = e.scenario.challenge;
  const heat: Trace = {
    z,
    y: labels,
    x: Array.from({ length: trace.frames }, (_, f) => trace.firstWeek + f),
    type: 'heatmap',
    colorscale: isHigherBetter(challenge) ? 'Viridis' : [[0, '#fde725'], [0.5, '#21918c'], [1, '#440154']],
    colorbar: { title: { text: unitLabel(challenge) }, thickness: 12 },
    customdata: z.map((row, k) => row.map(() => roles[k])),
    hovertemplate: '%{y} (%{customdata})<br>week %{x}: %{z:.2f}<extra></extra>',
  };
  return { data: [heat], layout: layout('Every site, week by week (replicate 1)', '', e, { yaxis: { showticklabels: true, automargin: true, tickfont: { size: 9 }, title: { text: '' }, autorange: 'reversed' }, margin: { l: 56, r: 12, t: 36, b: 40 } }) };
}

/** Empty every chart (a design that cannot run shows no results of the one before it). */
export function clearCharts(containers: Record<ChartId, HTMLElement>): void {
  for (const id of CHARTS) {
    loadedPlotly()?.purge(containers[id]);
    containers[id].querySelector(':scope > svg.preview')?.remove();
  }
}

export async function downloadChart(container: HTMLElement, name: string): Promise<string> {
  return (await loadPlotly()).downloadImage(container, { format: 'png', width: 1200, height: 700, filename: name });
}
