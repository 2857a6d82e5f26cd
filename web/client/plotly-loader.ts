/**
 * plotly.js, loaded as its own chunk when first asked for: the page's first run is drawn as a
 * still preview (preview-chart.ts) while plotly loads, so the page asks for it just after that,
 * not before (its evaluation holds the page's thread for about a second on a slow laptop). Every
 * chart of the app (the studio's, the Worth it? panel's, Find a design's) draws through it.
 */
import type PlotlyModule from 'plotly.js-cartesian-dist-min';

let plotlyLoading: Promise<typeof PlotlyModule> | null = null;
let Plotly: typeof PlotlyModule | null = null;

export function loadPlotly(): Promise<typeof PlotlyModule> {
  plotlyLoading ??= import('plotly.js-cartesian-dist-min').then((m) => (Plotly = m.default));
  return plotlyLoading;
}

/** Whether plotly has loaded (until then, charts are drawn as still previews). */
export function plotlyReady(): boolean {
  return Plotly !== null;
}

/** plotly if it has loaded, else null (nothing to undo on a chart never drawn). */
export function loadedPlotly(): typeof PlotlyModule | null {
  return Plotly;
}
