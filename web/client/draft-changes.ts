/**
 * What an edited design has changed from the design it was opened as: the paths (as --set
 * writes them) whose values differ, so the studio can say "changed from baseline: 3 settings"
 * and a saved file can say what it changed.
 */
import type { JsonObject } from '../../engine/core/index.ts';

/** The paths of the leaves that differ between two documents (a list counts as one leaf). */
export function changedPaths(before: JsonObject, after: JsonObject): string[] {
  const out: string[] = [];
  walk(before, after, '', out);
  return out;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

function walk(a: unknown, b: unknown, path: string, out: string[]): void {
  // A section one side leaves out is every default: compare what the other sets inside it.
  if ((isObject(a) || a === undefined) && (isObject(b) || b === undefined) && (a !== undefined || b !== undefined)) {
    a ??= {};
    b ??= {};
    const x = a as Record<string, unknown>;
    const y = b as Record<string, unknown>;
    for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) walk(x[key], y[key], path ? `${path}.${key}` : key, out);
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push(path);
}
