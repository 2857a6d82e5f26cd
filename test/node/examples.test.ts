/** The README's library example runs as documented. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('documented examples', () => {
  it('docs/examples/compare-tactics.ts runs with npx tsx and prints a paired difference', () => {
    const r = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'docs/examples/compare-tactics.ts'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/balanced minus soft-only: -?\d+\.\d+ \[-?\d+\.\d+, -?\d+\.\d+\] \(n=30\)/);
  });
});

describe('documented experiment example', () => {
  it('docs/examples/sensitivity.ts runs a Morris design on worker threads and names the important levers', () => {
    const r = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'docs/examples/sensitivity.ts'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^80\/80 runs, \d+ runs\/s$/m);
    expect(r.stdout).toMatch(/^Most important: [\w.]+ \(mu\* \d\.\d{3}\), [\w.]+ \(mu\* \d\.\d{3}\)$/m);
  }, 60_000);
});

describe('documented design search example', () => {
  it('docs/examples/find-design.ts searches two levers on worker threads and prints the front', () => {
    const r = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'docs/examples/find-design.ts'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('The Pareto front:');
    expect(r.stdout).toMatch(/^front: budget \d+, conflict (ignored|managed)$/m);
  }, 90_000);
});
