/**
 * Generated reference sections for the documentation: the parameter table (from the scenario
 * schema), the outputs (from the metric definitions) and the weekly schedule (from the step
 * list). docs/model.md holds each between marker comments; `ccsim docs` rewrites them and a test
 * fails when they are stale, so the documentation never restates a default or a bound by hand.
 */
import { LEVERS, type Lever } from '../play/levers.ts';
import { LESSONS, TOPICS, type Lesson, type Topic } from '../scenario/param.ts';
import { scenarioJsonSchema, type JsonSchemaNode } from '../scenario/json-schema.ts';
import { seriesDocRows } from '../metrics/series.ts';
import { SUMMARY_METRICS } from '../metrics/summary.ts';
import { SITE_OUTPUTS } from '../metrics/site-results.ts';
import { WEEKLY_SCHEDULE } from '../run/step.ts';
import { formatPath } from '../scenario/issues.ts';
import { CONSTANTS } from '../model/constants.ts';

interface Row {
  path: string;
  node: JsonSchemaNode;
}

function leaves(node: JsonSchemaNode, path: Array<string | number> = []): Row[] {
  if (node.properties) return Object.entries(node.properties).flatMap(([k, child]) => leaves(child, [...path, k]));
  if (node.type === 'array' && node.items?.properties) return [{ path: formatPath(path), node }, ...leaves(node.items, [...path, 0])];
  return [{ path: formatPath(path), node }];
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function value(v: unknown): string {
  if (v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? v.toLocaleString('en-GB') : String(v);
  if (typeof v === 'string') return `\`${v}\``;
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `${v.length} items`;
  return 'see below';
}

function bounds(node: JsonSchemaNode): string {
  if (node.enum) return node.enum.map((e) => `\`${String(e)}\``).join(', ');
  const big = (x: number | undefined) => x === undefined || Math.abs(x) >= 9e15;
  if (node.type === 'number' || node.type === 'integer') {
    const lo = big(node.minimum) ? '' : value(node.minimum);
    const hi = big(node.maximum) ? '' : value(node.maximum);
    return lo || hi ? `${lo} to ${hi}` : '';
  }
  if (node.type === 'array') return `${node.minItems ?? 0} to ${node.maxItems ?? 'any'} items`;
  return '';
}

/** The parameter table, one table per lesson and topic, in the order the schema declares them. */
export function parameterReference(): string {
  const rows = leaves(scenarioJsonSchema()).filter((r) => r.path.includes('.') || ['seed'].includes(r.path));
  const keyOf = (r: Row) => (r.node.lesson !== undefined ? `L${r.node.lesson}` : r.node.topic !== undefined ? `T${r.node.topic}` : '');
  const order = [...Object.keys(TOPICS).map((t) => `T${t}`), ...Object.keys(LESSONS).map((l) => `L${l}`)];
  const out: string[] = [];
  for (const key of order) {
    const group = rows.filter((r) => keyOf(r) === key);
    if (group.length === 0) continue;
    const title = key.startsWith('L') ? `Lesson ${key.slice(1)}: ${LESSONS[Number(key.slice(1)) as Lesson]}` : TOPICS[key.slice(1) as Topic];
    out.push(`#### ${title}\n`);
    out.push('| Path | Parameter | Default | Range | Unit | Neutral | Description |');
    out.push('|---|---|---|---|---|---|---|');
    for (const { path, node } of group) {
      const advanced = node.advanced ? ' (model constant)' : '';
      out.push(
        `| \`${path}\` | ${cell(String(node.title ?? ''))}${advanced} | ${cell(value(node.default))} | ${cell(bounds(node))} | ${cell(String(node.unit ?? ''))} | ${cell(value(node.neutral))} | ${cell(String(node.description ?? ''))} |`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}

/** An output's direction and lesson, as the reference's "Better" and "Lesson" cells show them. */
function outputCells(m: { better: 'higher' | 'lower' | null; lesson?: number }): string {
  return `${m.better ?? ''} | ${m.lesson ?? ''}`;
}

/**
 * The outputs: weekly series columns, the per-run summary, and the per-site results, each table
 * written from its catalogue (series.ts, summary.ts, site-results.ts).
 */
export function outputReference(): string {
  const out: string[] = ['#### Weekly series (one row per replicate and week)\n', '| Column | Unit | Better | Lesson | Meaning |', '|---|---|---|---|---|'];
  out.push('| `replicate`, `seed`, `week` | | | | The replicate number, its seed, and the week: 0 is the launch, the state before the first step of the programme; weeks of a baseline period (`time.preWeeks`) are negative. |');
  for (const c of seriesDocRows()) out.push(`| \`${c.name}\` | ${c.unit} | ${outputCells(c)} | ${cell(c.description)} |`);
  out.push('', '#### Per-run summary (one row per replicate, `ccsim run --summary`)\n', '| Metric | Title | Unit | Better | Lesson | Meaning |', '|---|---|---|---|---|---|');
  for (const m of SUMMARY_METRICS) out.push(`| \`${m.name}\` | ${cell(m.title)}${m.card ? ' (card)' : ''} | ${m.unit} | ${outputCells(m)} | ${cell(m.description)} |`);
  out.push('', '#### Per-site results (one row per replicate and site, `ccsim run --sites`)\n', '| Column | Unit | Better | Lesson | Meaning |', '|---|---|---|---|---|');
  out.push('| `replicate`, `seed` | | | | The replicate number and its seed. |');
  for (const c of SITE_OUTPUTS) out.push(`| \`${c.name}\` | ${c.unit} | ${outputCells(c)} | ${cell(c.description)} |`);
  out.push('', '"Better" is the direction that is good news where one is (blank where neither is: an estimate, or a spread a failing design can also shrink). "(card)" marks the studio\'s outcome cards. An interval of a share of sites is clipped to 0 to 1; a share of the gap or a ratio is not (it can leave that range).', '');
  return out.join('\n');
}

/** The weekly schedule, in order. */
export function scheduleReference(): string {
  return WEEKLY_SCHEDULE.map((e, i) => `${i + 1}. ${e.name}${e.lesson ? ` (lesson ${e.lesson})` : ''}`).join('\n') + '\n';
}

export const GENERATED_SECTIONS: Record<string, () => string> = {
  parameters: parameterReference,
  constants: () => constantsReference(),
  outputs: outputReference,
  schedule: scheduleReference,
};

/**
 * Replace every generated section of a document (and any extra sections given, such as the
 * ablation table, which takes runs to compute); returns the new text and the stale sections.
 */
export function refreshGenerated(text: string, extra: Record<string, () => string> = {}): { text: string; stale: string[]; missing: string[] } {
  return refreshSections(text, { ...GENERATED_SECTIONS, ...extra });
}

/** Replace the given generated sections of a document (between <!-- generated:NAME --> markers). */
export function refreshSections(text: string, sections: Record<string, () => string>): { text: string; stale: string[]; missing: string[] } {
  let out = text;
  const stale: string[] = [];
  const missing: string[] = [];
  for (const [name, generate] of Object.entries(sections)) {
    const start = `<!-- generated:${name} -->`;
    const end = `<!-- /generated:${name} -->`;
    const a = out.indexOf(start);
    const b = out.indexOf(end);
    if (a < 0 || b < a) {
      missing.push(name);
      continue;
    }
    const fresh = `${start}\n${generate()}${end}`;
    if (out.slice(a, b + end.length) !== fresh) stale.push(name);
    out = out.slice(0, a) + fresh + out.slice(b + end.length);
  }
  return { text: out, stale, missing };
}

/** The structural constants, from engine/core/model/constants.ts. */
export function constantsReference(): string {
  const rows = Object.entries(CONSTANTS).map(([name, c]) => `| \`${name}\` | ${c.value} | ${c.usedIn} | ${cell(c.meaning)} |`);
  return ['| Constant | Value | Submodel | Meaning |', '|---|---|---|---|', ...rows, ''].join('\n');
}

/** The levers of a workshop room (engine/core/play/levers.ts): what each seat may decide. */
export function leverReference(): string {
  const choices = (l: Lever) => (l.kind === 'choice' ? l.options.map((o) => `${o.label} (\`${o.value}\`)`).join('; ') : l.kind === 'number' ? l.unit : 'an act (true)');
  const rows = LEVERS.map((l) => `| ${l.seat === 'core' ? 'Core team' : 'Each site'} | ${l.title} | \`${l.setting}\` | ${cell(choices(l))} | ${l.lesson} | ${cell(l.description)} |`);
  return ['| Seat | Lever | Setting in the decision log | Choices | Lesson | What it does |', '|---|---|---|---|---|---|', ...rows, ''].join('\n');
}
