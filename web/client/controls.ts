/**
 * Controls generated from the scenario schema's metadata: one section per lesson (then the
 * cross-cutting topics), each parameter with its title, description, unit and bounds, model
 * constants folded away. Nothing here restates a default or a bound: all come from the schema.
 * Problems are shown beside the control at their path.
 */
import { LESSONS, TOPICS, formatPath, scenarioJsonSchema, type JsonSchemaNode, type Scenario, type ScenarioIssue } from '../../engine/core/index.ts';
import { valueAt } from './scenario-state.ts';

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
  /** Show problems beside their controls; returns the ones with no control (to list elsewhere). */
  showIssues(issues: ScenarioIssue[]): ScenarioIssue[];
}

export function buildControls(container: HTMLElement, onChange: ChangeHandler): Controls {
  container.replaceChildren();
  const inputs = new Map<string, { set(value: unknown): void }>();
  const messages = new Map<string, HTMLElement>();

  for (const section of sections()) {
    const details = el('details', { class: 'section' }) as HTMLDetailsElement;
    if (section.node.lesson === 8 || section.node.lesson === 4 || section.node.lesson === 2) details.open = true;
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
    const id = `p-${formatPath(path).replace(/[^A-Za-z0-9]/g, '-')}`;
    const row = el('div', { class: 'param', 'data-path': formatPath(path) });
    const label = el('label', { for: id }, String(node.title ?? path[path.length - 1]));
    row.append(label);
    const type = Array.isArray(node.type) ? node.type[0] : node.type;
    let input: HTMLElement;
    if (node.enum) {
      const select = el('select', { id }) as HTMLSelectElement;
      for (const option of node.enum) select.append(el('option', { value: String(option) }, String(option)));
      select.addEventListener('change', () => onChange(formatPath(path), select.value, false));
      inputs.set(formatPath(path), { set: (v) => (select.value = String(v)) });
      input = select;
    } else if (type === 'boolean') {
      const box = el('input', { id, type: 'checkbox' }) as HTMLInputElement;
      box.addEventListener('change', () => onChange(formatPath(path), box.checked, false));
      inputs.set(formatPath(path), { set: (v) => (box.checked = v === true) });
      input = box;
    } else if (type === 'number' || type === 'integer') {
      input = numberControl(node, path, id);
    } else if (type === 'string') {
      const text = el('input', { id, type: 'text' }) as HTMLInputElement;
      text.addEventListener('change', () => onChange(formatPath(path), text.value, false));
      inputs.set(formatPath(path), { set: (v) => (text.value = v === undefined ? '' : String(v)) });
      input = text;
    } else {
      return null;
    }
    row.append(input);
    if (node.description) row.append(el('p', { class: 'help' }, String(node.description)));
    const message = el('p', { class: 'issue', role: 'alert' });
    row.append(message);
    messages.set(formatPath(path), message);
    return row;
  }

  function numberControl(node: JsonSchemaNode, path: Array<string | number>, id: string): HTMLElement {
    const wrap = el('div', { class: 'number' });
    const min = node.minimum ?? 0;
    const max = node.maximum ?? 1;
    const step = Number(node.step ?? (node.type === 'integer' ? 1 : 0.01));
    const dflt = typeof node.default === 'number' ? node.default : min;
    // The slider covers a useful range (up to four times the default); the box takes any value.
    const sliderMax = Math.min(max, Math.max(dflt * 4, min + 20 * step, max <= 1 ? max : 0));
    const slider = el('input', { type: 'range', min: String(min), max: String(sliderMax), step: String(step), 'aria-label': `${node.title} (slider)`, tabindex: '-1' }) as HTMLInputElement;
    const box = el('input', { id, type: 'number', min: String(min), max: String(max), step: String(step) }) as HTMLInputElement;
    const unit = el('span', { class: 'unit' }, node.unit === 'share' ? '' : String(node.unit ?? ''));
    slider.addEventListener('input', () => {
      box.value = slider.value;
      onChange(formatPath(path), Number(slider.value), true);
    });
    box.addEventListener('change', () => {
      const v = box.value.trim() === '' ? NaN : Number(box.value);
      if (Number.isFinite(v)) slider.value = String(Math.min(v, sliderMax));
      onChange(formatPath(path), Number.isFinite(v) ? v : box.value, false);
    });
    inputs.set(formatPath(path), {
      set: (v) => {
        const n = Number(v);
        box.value = Number.isFinite(n) ? String(n) : '';
        slider.value = String(Math.min(n, sliderMax));
      },
    });
    wrap.append(slider, box, unit);
    return wrap;
  }

  /** A list of objects (site types, professional groups, components) as an editable table. */
  function renderList(node: JsonSchemaNode, path: Array<string | number>): HTMLElement {
    const box = el('fieldset', { class: 'subsection list', 'data-path': formatPath(path) });
    box.append(el('legend', {}, String(node.title ?? path[path.length - 1])));
    if (node.description) box.append(el('p', { class: 'help' }, String(node.description)));
    const table = el('table', {});
    box.append(table);
    const message = el('p', { class: 'issue', role: 'alert' });
    box.append(message);
    messages.set(formatPath(path), message);
    const fields = Object.entries(node.items?.properties ?? {});
    const itemTitle = String(node.items?.title ?? 'row').toLowerCase();
    // Rows are added with every field at its schema default, and removed whole: the list is set at once.
    let rows: Array<Record<string, unknown>> = [];
    const setList = (next: Array<Record<string, unknown>>) => onChange(formatPath(path), next, false);
    const add = el('button', { type: 'button', class: 'list-add' }, `Add a ${itemTitle}`) as HTMLButtonElement;
    add.addEventListener('click', () => setList([...rows, Object.fromEntries(fields.filter(([, f]) => f.default !== undefined).map(([key, f]) => [key, f.default]))]));
    box.append(add);
    inputs.set(formatPath(path), {
      set: (value) => {
        rows = Array.isArray(value) ? (value as Array<Record<string, unknown>>) : [];
        add.disabled = node.maxItems !== undefined && rows.length >= node.maxItems;
        table.replaceChildren(el('tr', {}, ...fields.map(([, f]) => el('th', { scope: 'col', title: String(f.description ?? '') }, String(f.title ?? ''))), el('th', {}, '')));
        rows.forEach((row, i) => {
          const tr = el('tr', {});
          for (const [key, f] of fields) {
            const cellPath = formatPath([...path, i, key]);
            const type = Array.isArray(f.type) ? f.type[0] : f.type;
            const input = el('input', {
              type: type === 'boolean' ? 'checkbox' : type === 'string' ? 'text' : 'number',
              'aria-label': `${f.title} of row ${i + 1}`,
              ...(type === 'number' || type === 'integer' ? { min: String(f.minimum ?? ''), max: String(f.maximum ?? ''), step: String(f.step ?? 'any') } : {}),
            }) as HTMLInputElement;
            if (type === 'boolean') input.checked = row[key] === true;
            else input.value = row[key] === undefined ? '' : String(row[key]);
            input.addEventListener('change', () => {
              const v = type === 'boolean' ? input.checked : type === 'string' ? input.value : Number(input.value);
              onChange(cellPath, v, false);
            });
            const cell = el('td', { 'data-path': cellPath }, input);
            tr.append(cell);
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
      for (const [path, control] of inputs) control.set(valueAt(scenario, parsePathText(path)));
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

function parsePathText(path: string): Array<string | number> {
  return (path.match(/[^.[\]]+/g) ?? []).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

export function el(tag: string, attrs: Record<string, string>, ...children: Array<string | Node>): HTMLElement {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}
