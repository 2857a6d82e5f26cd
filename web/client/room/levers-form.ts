/**
 * A seat's levers as a form: each lever's question, what is in force now, and a control that
 * sends the choice for the coming round as soon as it is made (numbers when the slider is let go).
 * The phone (a site's levers) and the trainer's screen (the core team's) both use it.
 */
import type { LeverView } from '../../../engine/core/play/room-protocol.ts';
import { h } from './dom.ts';

export type Choose = (setting: string, value: number | string | boolean) => void;

function shown(lever: LeverView, value: unknown): string {
  if (value === null || value === undefined) return '–';
  if (lever.kind === 'choice') return lever.options?.find((o) => o.value === value)?.label ?? (value === 'invited' ? 'Not yet joined' : String(value));
  if (typeof value === 'number') {
    // As many decimals as the control's step has: whole weeks, half hours, hardness in twentieths.
    const step = lever.step ?? 1;
    const digits = step >= 1 ? 0 : step >= 0.1 ? 1 : 2;
    return `${Number.isInteger(value) && step >= 1 ? String(value) : value.toFixed(digits)} ${lever.unit ?? ''}`.trim();
  }
  return String(value);
}

export function leversForm(levers: LeverView[], choose: Choose, round: number, disabled: boolean): HTMLElement {
  const form = h('form', { class: 'levers', 'aria-label': `Your choices for round ${round}` });
  form.addEventListener('submit', (e) => e.preventDefault());
  for (const lever of levers) {
    const id = `lever-${lever.setting.replace(/\W/g, '-')}`;
    const fieldset = h('fieldset', { class: `lever${lever.pending !== null ? ' chosen' : ''}`, 'data-setting': lever.setting });
    fieldset.append(h('legend', {}, lever.title), h('p', { class: 'question' }, lever.question));
    const now = h('p', { class: 'now' }, lever.kind === 'action' ? '' : `Now: ${shown(lever, lever.current)}`);
    if (lever.pending !== null) now.append(h('strong', { class: 'pending' }, ` · Chosen for round ${round}: ${lever.kind === 'action' ? 'yes' : shown(lever, lever.pending)}`));
    fieldset.append(now);
    if (lever.kind === 'number') {
      const start = (lever.pending ?? lever.current ?? lever.min ?? 0) as number;
      const range = h('input', { type: 'range', id, min: lever.min, max: lever.max, step: lever.step, value: start, disabled, 'aria-describedby': `${id}-out` });
      const out = h('output', { id: `${id}-out`, for: id }, shown(lever, start));
      range.addEventListener('input', () => (out.textContent = shown(lever, Number(range.value))));
      out.textContent = shown(lever, Number(range.value));
      range.addEventListener('change', () => choose(lever.setting, Number(range.value)));
      fieldset.append(h('label', { for: id, class: 'visually-hidden' }, lever.title), range, out);
    } else if (lever.kind === 'choice') {
      const selected = lever.pending ?? lever.current;
      for (const option of lever.options ?? []) {
        const radio = h('input', { type: 'radio', id: `${id}-${option.value}`, name: id, value: option.value, checked: option.value === selected, disabled });
        radio.addEventListener('change', () => radio.checked && choose(lever.setting, option.value));
        fieldset.append(h('label', { class: 'option' }, radio, ` ${option.label}`));
      }
    } else {
      const button = h('button', { type: 'button', id, disabled: disabled || lever.pending !== null }, lever.label ?? lever.title);
      button.addEventListener('click', () => choose(lever.setting, true));
      fieldset.append(button);
    }
    fieldset.append(h('details', {}, h('summary', {}, `What this does (lesson ${lever.lesson})`), h('p', {}, lever.description)));
    form.append(fieldset);
  }
  return form;
}
