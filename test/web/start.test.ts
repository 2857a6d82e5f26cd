/** `npm start` (bin/ccsim-web.mjs): builds what is stale, serves the web app, stops cleanly. */
import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('npm start', () => {
  it('prints the address, serves the app and the bundled scenarios, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['bin/ccsim-web.mjs', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const address = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d;
        const m = /running at (http:\/\/\S+?)\/? /.exec(out);
        if (m) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code} before listening: ${out}${err}`)));
    });
    const page = await fetch(`${address}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>ccsim');
    const list = (await (await fetch(`${address}/api/scenarios`)).json()) as Array<{ id: string }>;
    expect(list.map((s) => s.id)).toContain('baseline');
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(err).toBe('');
  }, 180_000);

  it('explains a bad port instead of failing obscurely', () => {
    const r = spawnSync(process.execPath, ['bin/ccsim-web.mjs', '--port', 'eighty'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--port: expected a port number from 0 to 65535, got "eighty"');
  }, 180_000);
});
