/**
 * The neutral settings: every parameter whose schema metadata names a neutral value, at that
 * value. With them (plus one site, a complete network and a long enough funded period) the
 * adoption hazard reduces to the Bass model's p + qF: the verification test of the model brief.
 */
import { formatPath } from './issues.ts';
import { scenarioJsonSchema, type JsonSchemaNode } from './json-schema.ts';

export interface NeutralSetting {
  path: string;
  value: number | string | boolean;
}

export function neutralSettings(): NeutralSetting[] {
  const out: NeutralSetting[] = [];
  const walk = (node: JsonSchemaNode, path: string[]) => {
    if (node.neutral !== undefined) out.push({ path: formatPath(path), value: node.neutral as NeutralSetting['value'] });
    for (const [key, child] of Object.entries(node.properties ?? {})) walk(child, [...path, key]);
  };
  walk(scenarioJsonSchema(), []);
  return out;
}
