/**
 * Controls generated from the scenario schema's metadata: one section per lesson (then the
 * cross-cutting topics), each parameter with its title, description, unit and bounds, model
 * constants folded away. Nothing here restates a default or a bound: all come from the schema.
 * Problems are shown beside the control at their path.
 */
import { LESSONS, TOPICS, formatPath, inCurrency, scenarioJsonSchema, type JsonSchemaNode, type Scenario, type ScenarioIssue } from '../../engine/core/index.ts';
import { valueAt } from './scenario-state.ts';
import { sliderScale } from './slider-scale.ts';

export type ChangeHandler = (path: string, value: unknown, live: boolean) => void;

interface Section {
  key: string;
  heading: string;
  node: JsonSchemaNode;
}

/** Top-level sections in lesson order, then the topics. */
function sections(): Section[] {
  const props = scenarioJsonSchema().properties ?? {};
  const out: Section[] = [];
  for (const lesson of Object.keys(LESSONS).map(Number)) {
    const own = Object.entries(props).filter(([, node]) => node.lesson === lesson && node.type === 'object');
    // A lesson with a second section (lesson 1's unit standard) names it after the lesson's title.
    own.forEach(([key, node], k) => out.push({ key, heading: `Lesson ${lesson} · ${k === 0 ? LESSONS[lesson as keyof typeof LESSONS] : (node.title ?? key)}`, node }));
  }
  for (const topic of Object.keys(TOPICS)) {
    for (const [key, node] of Object.entries(props)) {
      if (node.topic === topic && node.type === 'object') out.push({ key, heading: TOPICS[topic as keyof typeof TOPICS], node });
    }
  }
  return out;
}

export interface Controls {
  /** Show the scenario's values in every control. */
  show(scenario: Scenario): void;
  /**
   * Show a draft that does not validate: each control shows the draft's own value at its path
   * (empty where that value is not one the control can hold), or the default where it sets none,
   * so no control keeps a value from the design shown before.
   */
  showDraft(data: Record<string, unknown>): void;
  /** Show problems beside their controls; returns the ones with no control (to list elsewhere). */
  showIssues(issues: ScenarioIssue[]): ScenarioIssue[];
}

export function buildControls(container: HTMLElement, onChange: ChangeHandler): Controls {
  container.replaceChildren();
  const inputs = new Map<string, Pick<Control, 'set' | 'currency'>>();
  const defaults = new Map<string, unknown>();
  const messages = new Map<string, HTMLElement>();

  for (const section of sections()) {
    const details = el('details', { class: 'section' }) as HTMLDetailsElement;
    // On a wide screen three sections start open; on a phone all start closed, so the design reads as a list of lessons.
    const wide = typeof matchMedia === 'undefined' || !matchMedia('(max-width: 900px)').matches;
    if (wide && (section.node.lesson === 8 || section.node.lesson === 4 || section.node.lesson === 2)) details.open = true;
    const summary = el('summary', {}, section.heading);
    details.append(summary);
    if (section.node.description) details.append(el('p', { class: 'section-description' }, section.node.description));
    renderObject(details, section.node, [section.key]);
    container.append(details);
  }

  function renderObject(parent: HTMLElement, node: JsonSchemaNode, path: Array<string | number>): void {
    const advanced = el('details', { class: 'advanced' });
    advanced.append(el('summary', {}, 'Model constants'));
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      const childPath = [...path, key];
      if (child.type === 'object' && child.properties) {
        const isEffects = key === 'effects';
        const group = isEffects ? advanced : parent;
        const box = el('fieldset', { class: 'subsection' });
        box.append(el('legend', {}, String(child.title ?? key)));
        renderObject(box, child, childPath);
        group.append(box);
        continue;
      }
      if (child.type === 'array' && child.items?.properties) {
        parent.append(renderList(child, childPath));
        continue;
      }
      const row = renderParameter(child, childPath);
      if (row) (child.advanced ? advanced : parent).append(row);
    }
    if (advanced.childElementCount > 1) parent.append(advanced);
  }

  function renderParameter(node: JsonSchemaNode, path: Array<string | number>): HTMLElement | null {
    defaults.set(formatPath(path), node.default);
    const id = `p-${formatPath(path).replace(/[^A-Za-z0-9]/g, '-')}`;
    const type = Array.isArray(node.type) ? node.type[0] : node.type;
    const builder = node.enum ? choiceControl : type === 'boolean' ? flagControl : type === 'number' || type === 'integer' ? numberControl : type === 'string' ? textControl : null;
    if (!builder) return null;
    const control = builder(node, id, (value, live) => onChange(formatPath(path), value, live));
    inputs.set(formatPath(path), control);
    const row = el('div', { class: 'param', 'data-path': formatPath(path) });
    row.append(el('label', { for: id }, String(node.title ?? path[path.length - 1])), control.element);
    if (node.description) row.append(el('p', { class: 'help' }, String(node.description)));
    const message = el('p', { class: 'issue', role: 'alert' });
    row.append(message);
    messages.set(formatPath(path), message);
    return row;
  }

  /** A list of objects (site types, professional groups, components) as an editable table. */
  function renderList(node: JsonSchemaNode, path: Array<string | number>): HTMLElement {
    const box = el('fieldset', { class: 'subsection list', 'data-path': formatPath(path) });
    box.append(el('legend', {}, String(node.title ?? path[path.length - 1])));
    if (node.description) box.append(el('p', { class: 'help' }, String(node.description)));
    const table = el('table', {}) as HTMLTableElement;
    box.append(table);
    const message = el('p', { class: 'issue', role: 'alert' });
    box.append(message);
    messages.set(formatPath(path), message);
    const fields = Object.entries(node.items?.properties ?? {});
    const itemTitle = String(node.items?.title ?? 'row').toLowerCase();
    // Rows are added with every field at its schema default, and removed whole: the list is set at once.
    let rows: Array<Record<string, unknown>> = [];
    /** Each cell's input, and the row and field it shows. */
    let cells: Array<{ input: HTMLInputElement; row: number; key: string; boolean: boolean }> = [];
    const showCell = ({ input, row, key, boolean }: (typeof cells)[number]) => {
      if (boolean) assign(input, 'checked', rows[row][key] === true);
      else assign(input, 'value', rows[row][key] === undefined ? '' : String(rows[row][key]));
    };
    const setList = (next: Array<Record<string, unknown>>) => onChange(formatPath(path), next, false);
    const add = el('button', { type: 'button', class: 'list-add' }, `Add a ${itemTitle}`) as HTMLButtonElement;
    add.addEventListener('click', () => setList([...rows, Object.fromEntries(fields.filter(([, f]) => f.default !== undefined).map(([key, f]) => [key, f.default]))]));
    box.append(add);
    inputs.set(formatPath(path), {
      set: (value) => {
        const next = Array.isArray(value) ? (value as Array<Record<string, unknown>>) : [];
        // The same rows again (every other edit): the cells are only brought back to them (a cell
        // left showing a refused entry), not built anew.
        if (table.rows.length === next.length + 1 && JSON.stringify(next) === JSON.stringify(rows)) {
          for (const cell of cells) showCell(cell);
          return;
        }
        rows = next;
        cells = [];
        add.disabled = node.maxItems !== undefined && rows.length >= node.maxItems;
        table.replaceChildren(el('tr', {}, ...fields.map(([, f]) => el('th', { scope: 'col', title: String(f.description ?? '') }, String(f.title ?? ''))), el('th', {}, '')));
        rows.forEach((_, i) => {
          const tr = el('tr', {});
          for (const [key, f] of fields) {
            const cellPath = formatPath([...path, i, key]);
            const type = Array.isArray(f.type) ? f.type[0] : f.type;
            const input = el('input', {
              type: type === 'boolean' ? 'checkbox' : type === 'string' ? 'text' : 'number',
              'aria-label': `${f.title} of row ${i + 1}`,
              ...(type === 'number' || type === 'integer' ? { min: String(f.minimum ?? ''), max: String(f.maximum ?? ''), step: String(f.step ?? 'any') } : {}),
            }) as HTMLInputElement;
            const cell = { input, row: i, key, boolean: type === 'boolean' };
            cells.push(cell);
            showCell(cell);
            input.addEventListener('change', () => {
              const v = type === 'boolean' ? input.checked : type === 'string' ? input.value : Number(input.value);
              onChange(cellPath, v, false);
            });
            tr.append(el('td', { 'data-path': cellPath }, input));
          }
          const remove = el('button', { type: 'button', class: 'list-remove', 'aria-label': `Remove ${itemTitle} ${i + 1}` }, 'Remove') as HTMLButtonElement;
          remove.disabled = node.minItems !== undefined && rows.length <= node.minItems;
          remove.addEventListener('click', () => setList(rows.filter((_, k) => k !== i)));
          tr.append(el('td', {}, remove));
          table.append(tr);
        });
      },
    });
    return box;
  }

  return {
    show(scenario) {
      for (const [path, control] of inputs) {
        control.set(valueAt(scenario, parsePathText(path)));
        control.currency?.(scenario.costs.currency);
      }
    },
    showDraft(data) {
      for (const [path, control] of inputs) {
        const own = valueAt(data as unknown as Scenario, parsePathText(path));
        control.set(own === undefined ? defaults.get(path) : own);
      }
    },
    showIssues(issues) {
      for (const m of messages.values()) m.textContent = '';
      container.querySelectorAll('.has-issue').forEach((e) => e.classList.remove('has-issue'));
      const unplaced: ScenarioIssue[] = [];
      for (const issue of issues) {
        // The nearest control at or above the issue's path.
        let path = issue.path;
        let target = messages.get(path);
        while (!target && path.includes('.')) {
          path = path.replace(/(\.[^.]*|\[\d+\])$/, '');
          target = messages.get(path);
        }
        if (!target) {
          unplaced.push(issue);
          continue;
        }
        target.textContent = `Expected ${issue.expected}, got ${issue.found}.`;
        target.closest('.param, .list')?.classList.add('has-issue');
        const section = target.closest('details.section') as HTMLDetailsElement | null;
        if (section) section.open = true;
        const advanced = target.closest('details.advanced') as HTMLDetailsElement | null;
        if (advanced) advanced.open = true;
      }
      return unplaced;
    },
  };
}

/** One control: its element, how to show a value in it, and (for money) how to show the currency. */
interface Control {
  element: HTMLElement;
  set(value: unknown): void;
  currency?(currency: string): void;
}

type Change = (value: unknown, live: boolean) => void;

/** A choice: a list of its options in words (the file's codes are the values). */
function choiceControl(node: JsonSchemaNode, id: string, change: Change): Control {
  const select = el('select', { id }) as HTMLSelectElement;
  const titles = (node.optionTitles ?? {}) as Record<string, string>;
  for (const option of node.enum ?? []) select.append(el('option', { value: String(option) }, titles[String(option)] ?? String(option)));
  select.addEventListener('change', () => change(select.value, false));
  return { element: select, set: (v) => assign(select, 'value', String(v)) };
}

/** A yes-or-no setting. */
function flagControl(_node: JsonSchemaNode, id: string, change: Change): Control {
  const box = el('input', { id, type: 'checkbox' }) as HTMLInputElement;
  box.addEventListener('change', () => change(box.checked, false));
  return { element: box, set: (v) => assign(box, 'checked', v === true) };
}

/** A text setting. */
function textControl(_node: JsonSchemaNode, id: string, change: Change): Control {
  const text = el('input', { id, type: 'text' }) as HTMLInputElement;
  text.addEventListener('change', () => change(text.value, false));
  return { element: text, set: (v) => assign(text, 'value', v === undefined ? '' : String(v)) };
}

/**
 * A quantity: a slider that steps through rungs including the default (see slider-scale.ts),
 * live as it moves, and a box that takes any valid value.
 */
function numberControl(node: JsonSchemaNode, id: string, change: Change): Control {
  const wrap = el('div', { class: 'number' });
  const integer = node.type === 'integer';
  const scale = sliderScale({ minimum: node.minimum, maximum: node.maximum, step: node.step === undefined ? undefined : Number(node.step), default: node.default, unit: node.unit === undefined ? undefined : String(node.unit), integer });
  const schemaUnit = node.unit === 'share' || node.unit === undefined ? '' : String(node.unit);
  // Money is written in the scenario's currency (costs.currency): the schema's "£" is its default.
  let unitText = schemaUnit;
  const slider = el('input', { type: 'range', min: '0', max: String(scale.values.length - 1), step: '1', 'aria-label': `${node.title} (slider)`, tabindex: '-1' }) as HTMLInputElement;
  const box = el('input', { id, type: 'number', min: String(node.minimum ?? ''), max: String(node.maximum ?? ''), step: integer ? '1' : 'any', inputmode: integer ? 'numeric' : 'decimal' }) as HTMLInputElement;
  const spoken = (v: number) => `${v}${unitText ? ` ${unitText}` : ''}`;
  const place = (v: number) => {
    assign(slider, 'value', String(scale.positionOf(v)));
    if (slider.getAttribute('aria-valuetext') !== spoken(v)) slider.setAttribute('aria-valuetext', spoken(v));
  };
  slider.addEventListener('input', () => {
    const v = scale.values[Number(slider.value)];
    box.value = String(v);
    slider.setAttribute('aria-valuetext', spoken(v));
    change(v, true);
  });
  box.addEventListener('change', () => {
    const v = box.value.trim() === '' ? NaN : Number(box.value);
    if (Number.isFinite(v)) place(v);
    change(Number.isFinite(v) ? v : box.value, false);
  });
  const unitSpan = el('span', { class: 'unit' }, unitText);
  wrap.append(slider, box, unitSpan);
  return {
    element: wrap,
    ...(schemaUnit.startsWith('£')
      ? {
          currency: (currency: string) => {
            unitText = inCurrency(schemaUnit, currency);
            unitSpan.textContent = unitText;
          },
        }
      : {}),
    set: (v) => {
      const n = Number(v);
      assign(box, 'value', v === undefined || !Number.isFinite(n) ? '' : String(n));
      place(n);
    },
  };
}

/**
 * Set a control's value only if it shows another: every edit shows the whole design again, and
 * writing an unchanged value still costs the page a style pass (and, for a select, the browser's
 * form tracking a forced layout) at the moment the run starts and the workers need the processor.
 */
function assign<E extends HTMLInputElement | HTMLSelectElement, K extends keyof E>(element: E, key: K, value: E[K]): void {
  if (element[key] !== value) element[key] = value;
}

function parsePathText(path: string): Array<string | number> {
  return (path.match(/[^.[\]]+/g) ?? []).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

export function el(tag: string, attrs: Record<string, string>, ...children: Array<string | Node>): HTMLElement {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}
