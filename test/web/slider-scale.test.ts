/** The studio's sliders, over every number setting in the scenario schema. */
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema, type JsonSchemaNode } from '../../engine/core/index.ts';
import { sliderScale } from '../../web/client/slider-scale.ts';

function numbers(node: JsonSchemaNode, path: string[] = [], out: Array<{ path: string; node: JsonSchemaNode }> = []) {
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    if (child.type === 'object') numbers(child, [...path, key], out);
    else if ((child.type === 'number' || child.type === 'integer') && typeof child.default === 'number') out.push({ path: [...path, key].join('.'), node: child });
  }
  return out;
}

const scaleOf = (node: JsonSchemaNode) => sliderScale({ minimum: node.minimum, maximum: node.maximum, step: node.step === undefined ? undefined : Number(node.step), default: node.default, unit: node.unit as string | undefined, integer: node.type === 'integer' });

describe('slider scales', () => {
  const all = numbers(scenarioJsonSchema());

  it('cover every number setting', () => {
    expect(all.length).toBeGreaterThan(100);
  });

  it('land exactly on every default, within the bounds, ascending, with a usable number of rungs', () => {
    for (const { path, node } of all) {
      const scale = scaleOf(node);
      expect(scale.values, path).toContain(node.default);
      expect(scale.values[scale.positionOf(node.default as number)], path).toBe(node.default);
      for (let i = 1; i < scale.values.length; i++) expect(scale.values[i], path).toBeGreaterThan(scale.values[i - 1]);
      expect(scale.values[0], path).toBeGreaterThanOrEqual(node.minimum ?? 0);
      if (node.maximum !== undefined) expect(scale.values.at(-1)!, path).toBeLessThanOrEqual(node.maximum);
      expect(scale.values.length, path).toBeLessThanOrEqual(401);
      if (node.type === 'integer') for (const v of scale.values) expect(Number.isInteger(v), path).toBe(true);
    }
  });

  it('step from a default to a neighbour no more than a third away (a hazard of 0.06 a year steps to 0.08, not to 1)', () => {
    for (const { path, node } of all) {
      const scale = scaleOf(node);
      const d = node.default as number;
      const i = scale.positionOf(d);
      const up = scale.values[i + 1];
      if (up === undefined || d === 0 || node.type === 'integer') continue;
      const stepOf = Number(node.step ?? 0);
      // A step is small beside the default, or no more than the schema's own step.
      expect(up - d <= Math.max(d / 3, stepOf) + 1e-12, `${path}: ${d} -> ${up}`).toBe(true);
    }
    const dropout = all.find((x) => x.path === 'recruitment.dropoutPerYear')!;
    const s = scaleOf(dropout.node);
    expect(s.log).toBe(true);
    expect(s.values[s.positionOf(0.06) + 1]).toBe(0.08);
  });
});
