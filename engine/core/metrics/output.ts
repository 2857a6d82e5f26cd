/**
 * What every output of a run declares about itself, once: the weekly series columns
 * (series.ts), the per-run summary (summary.ts) and the per-site results (site-results.ts) each
 * keep a catalogue of these beside the code that computes them. The recorder's columns, the
 * `Summary` type, CSV headers, docs/model.md's output reference, the studio's cards and chart
 * labels and the lesson sets' comparisons all read the catalogues, so a metric has one name and
 * one definition everywhere, and adding one is one edit.
 */
import type { Lesson } from '../scenario/param.ts';

/** The units outputs are counted in (the outcome's own unit is the scenario's: see unitLabel). */
export type OutputUnit =
  | 'share'
  | 'outcome unit'
  | 'sites'
  | 'staff'
  | 'groups'
  | 'ratio'
  | 'index'
  | 'level'
  | 'hours per week'
  | 'tie strength'
  | 'weeks'
  | 'week'
  | '£'
  | '£ per outcome unit'
  | 'cases'
  | '£ per case'
  | 'code'
  | 'text'
  | 'site';

/** How a value reads on screen: a share or ratio as a percentage, an outcome value in its unit, and so on. */
export type OutputFormat = 'percent' | 'ratio' | 'unit' | 'count' | 'number' | 'money' | 'weeks' | 'text';

export interface OutputMeta<Name extends string = string> {
  name: Name;
  /** A short label: a card's heading, a chart's legend entry, a table's column title. */
  title: string;
  /** What it measures, exactly (docs, tooltips and the text a touch or keyboard user can open). */
  description: string;
  unit: OutputUnit;
  /** How to show it, where the unit alone does not say (a sustainment ratio reads as a percentage). */
  format?: OutputFormat;
  /**
   * Which way a difference is good news; null where neither is (an estimate, or a ratio or
   * spread that a failing design can also improve).
   */
  better: 'higher' | 'lower' | null;
  /** The lesson it speaks to, where it speaks to one. */
  lesson?: Lesson;
  /**
   * The range the value cannot leave (a share of sites lies in 0 to 1), which an interval may be
   * clipped to; none where it can (a share of the gap closed can be negative or above 1).
   */
  bounds?: readonly [number, number];
}

const FORMAT_OF_UNIT: Record<OutputUnit, OutputFormat> = {
  share: 'percent',
  'outcome unit': 'unit',
  sites: 'count',
  staff: 'count',
  groups: 'count',
  ratio: 'ratio',
  index: 'number',
  level: 'number',
  'hours per week': 'number',
  'tie strength': 'number',
  weeks: 'weeks',
  week: 'count',
  '£': 'money',
  '£ per outcome unit': 'money',
  cases: 'count',
  '£ per case': 'money',
  code: 'count',
  text: 'text',
  site: 'count',
};

/**
 * Money as people read it, to the whole unit: the currency before the number and the rest of a
 * unit such as "£ per case" after it ("-£40 per case"; "+£12" when signed; "CHF 1,200"). For a
 * finite value.
 */
export function moneyText(x: number, unit = '£', signed = false): string {
  const [currency, ...per] = unit.split(' ');
  const sign = x < 0 ? '-' : signed && x > 0 ? '+' : '';
  // A currency written as a code ("CHF", "USD") stands apart from the number; a symbol does not.
  const gap = /^[A-Za-z]{2,}$/.test(currency) ? ' ' : '';
  return `${sign}${currency}${gap}${Math.abs(Math.round(x)).toLocaleString('en-GB')}${per.length ? ` ${per.join(' ')}` : ''}`;
}

/**
 * A unit in the scenario's currency: the catalogue and the schema write money in "£" (the
 * default currency); a scenario that names another ("$", "€", "CHF") reads in it.
 */
export function inCurrency(unit: string, currency: string): string {
  return unit.startsWith('£') ? `${currency}${unit.slice(1)}` : unit;
}

/** How an output reads on screen. */
export function formatOf(meta: Pick<OutputMeta, 'unit' | 'format'>): OutputFormat {
  return meta.format ?? FORMAT_OF_UNIT[meta.unit];
}

/** A value's interval clipped to its bounds, never so far that it excludes the mean. */
export function clipToBounds(meta: Pick<OutputMeta, 'bounds'>, lower: number, upper: number, mean: number): [number, number] {
  if (!meta.bounds) return [lower, upper];
  const [lo, hi] = meta.bounds;
  return [Math.min(Math.max(lo, lower), mean), Math.max(Math.min(hi, upper), mean)];
}
