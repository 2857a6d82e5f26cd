import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { refreshGenerated } from '../../engine/core/docs/reference.ts';
import { CONSTANTS } from '../../engine/core/model/constants.ts';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('documentation', () => {
  it('the generated sections of docs/model.md are current (run `npm run docs` when this fails)', () => {
    const result = refreshGenerated(readFileSync('docs/model.md', 'utf8'));
    expect(result.missing).toEqual([]);
    expect(result.stale).toEqual([]);
  });

  it('docs/model.md describes every mechanism module', () => {
    const text = readFileSync('docs/model.md', 'utf8');
    for (const file of readdirSync('engine/core/mechanisms')) expect(text, file).toContain(`mechanisms/${file}`);
  });

  it('every structural constant is used by the model', () => {
    const source = files('engine/core').filter((f) => !f.endsWith('constants.ts')).map((f) => readFileSync(f, 'utf8')).join('\n');
    for (const name of Object.keys(CONSTANTS)) expect(source, name).toMatch(new RegExp(`\\bK\\.${name}\\b`));
  });
});

describe('the pure core', () => {
  it('imports no Node module and touches no DOM, so it runs unchanged in a browser', () => {
    for (const file of files('engine/core')) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/from ['"]node:/);
      expect(text, file).not.toMatch(/from ['"](fs|path|os|child_process|worker_threads|url)['"]/);
      expect(text, file).not.toMatch(/\b(document|window|process)\./);
      expect(text, file).not.toMatch(/Math\.random/);
    }
  });
});
