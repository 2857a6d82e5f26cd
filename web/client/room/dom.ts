/** A few DOM helpers for the room pages (no framework: the pages are small and must load fast on a phone). */

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | number | boolean | undefined> = {}, ...children: Array<Node | string | null | undefined | false>): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'class') el.className = String(v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/** Seconds left before a deadline, as m:ss (or '' with none). */
export function countdown(deadline: number | null, now = Date.now()): string {
  if (deadline === null) return '';
  const s = Math.max(0, Math.ceil((deadline - now) / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** A number for people: whole if large, one decimal if small. */
export function num(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  return Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-GB') : x.toFixed(digits);
}

export const MEMBERSHIP_WORDS: Record<string, string> = {
  invited: 'Invited, not yet joined',
  onboarding: 'Onboarding',
  active: 'Active member',
  passive: 'Passive member (taking little part)',
  droppedOut: 'Left the community',
  lapsed: 'Stopped measuring',
  comparison: 'Comparison site',
  core: 'Core team',
};

/**
 * Redraw a part of the page without taking the control under someone's thumb from them: the
 * focused control (found again by its id) keeps its focus, and a slider or box keeps the value
 * being set. A room's updates arrive at any moment: a teammate's choice must not reset a slider.
 */
export function keepingFocus(root: HTMLElement, render: () => void): void {
  const active = document.activeElement;
  const id = active instanceof HTMLElement && root.contains(active) ? active.id : '';
  const value = active instanceof HTMLInputElement && active.type !== 'radio' && active.type !== 'checkbox' ? active.value : undefined;
  render();
  if (!id) return;
  const again = document.getElementById(id);
  if (again instanceof HTMLInputElement && value !== undefined) again.value = value;
  again?.focus();
}
