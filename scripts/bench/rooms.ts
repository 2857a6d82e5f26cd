/**
 * Workshop rooms under a real room's load (issue 13): simulated phones on websockets (the `ws`
 * package) against the server in a child process of its own, on the bundled baseline (24 member
 * sites, 260 weeks). Figures:
 * - a decision's round trip (a phone sends a choice, its seat's update comes back), one at a time
 *   and with every phone of the room choosing at once;
 * - the fan-out of a round: from the trainer's "advance" to the last phone's update;
 * - the server's memory per room of 200 phones;
 * - ten rooms of 200 phones each, all advancing at once.
 * The phones read only the start of each message (its type and week), so that this process's
 * parsing does not colour the server's times. Figures, not assertions.
 */
import WebSocket from 'ws';
import type { WebPaths } from './browser.ts';
import { startServer, type Server } from './server.ts';

const PHONES = 200;
const ROOMS = 10;

interface Phone {
  ws: WebSocket;
  /** Resolvers waiting for the next message whose start matches. */
  waiting: Array<{ test: (head: string) => boolean; resolve: (t: number) => void }>;
}

function connect(address: string, code: string, hello: unknown): Promise<Phone> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${address.replace('http', 'ws')}/api/rooms/${code}/socket`);
    const phone: Phone = { ws, waiting: [] };
    ws.on('message', (data: Buffer) => {
      const head = data.subarray(0, 400).toString();
      const now = performance.now();
      phone.waiting = phone.waiting.filter((w) => (w.test(head) ? (w.resolve(now), false) : true));
    });
    ws.once('open', () => {
      const welcomed = next(phone, (head) => head.startsWith('{"type":"seat"') || head.startsWith('{"type":"room"'));
      ws.send(JSON.stringify(hello));
      void welcomed.then(() => resolve(phone));
    });
    ws.once('error', reject);
  });
}

function next(phone: Phone, test: (head: string) => boolean): Promise<number> {
  return new Promise((resolve) => phone.waiting.push({ test, resolve }));
}

async function openRoom(address: string): Promise<{ code: string; trainerToken: string }> {
  const res = await fetch(`${address}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scenario: 'baseline' }) });
  if (res.status !== 201) throw new Error(`opening a room: ${res.status} ${await res.text()}`);
  return res.json() as Promise<{ code: string; trainerToken: string }>;
}

async function fillRoom(address: string, code: string, phones: number): Promise<Phone[]> {
  const out: Phone[] = [];
  // In batches, as a room fills over a minute or two, not all in one instant.
  for (let i = 0; i < phones; i += 25) out.push(...(await Promise.all(Array.from({ length: Math.min(25, phones - i) }, (_, k) => connect(address, code, { type: 'hello', role: 'player', name: `Phone ${i + k + 1}` })))));
  return out;
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (x: number) => `${x.toFixed(1)} ms`;
const weekOf = (head: string) => Number(/"week":(\d+)/.exec(head)?.[1] ?? NaN);

/** One decision per phone in turn, each waiting for its seat's update. */
async function roundTrips(phones: Phone[], count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const p = phones[i % phones.length];
    const back = next(p, (head) => head.startsWith('{"type":"seat"'));
    const t0 = performance.now();
    p.ws.send(JSON.stringify({ type: 'choose', setting: 'resources.protectedHoursPerWeek', value: 2 + (i % 10) / 2 }));
    times.push((await back) - t0);
  }
  return times;
}

/** Every phone chooses at once: the time each waits for its own seat's update. */
async function burst(phones: Phone[]): Promise<number[]> {
  const t0 = performance.now();
  const backs = phones.map((p) => next(p, (head) => head.startsWith('{"type":"seat"')));
  phones.forEach((p, i) => p.ws.send(JSON.stringify({ type: 'choose', setting: 'site.attendance', value: i % 2 ? 'always' : 'asTimeAllows' })));
  return (await Promise.all(backs)).map((t) => t - t0);
}

/** The trainer advances: when each phone hears of the new week. */
async function fanOut(trainers: Phone[], rooms: Phone[][]): Promise<number[]> {
  const arrivals = rooms.flatMap((phones) => phones.map((p) => next(p, (head) => head.startsWith('{"type":"room"') && weekOf(head) > 0)));
  const t0 = performance.now();
  for (const t of trainers) t.ws.send('{"type":"advance"}');
  return (await Promise.all(arrivals)).map((t) => t - t0);
}

async function memory(server: Server): Promise<{ heapUsedMB: number; rssMB: number }> {
  return (await server.ask('memory')) as { heapUsedMB: number; rssMB: number };
}

export async function roomFigures(paths: WebPaths): Promise<void> {
  console.log(`Workshop rooms (the server in its own process; ${PHONES} simulated phones a room on websockets; the bundled baseline, 24 member sites):`);
  const server = await startServer(paths, { requestsPerMinute: 1_000_000 });
  const all: Phone[] = [];
  try {
    const before = await memory(server);
    const { code, trainerToken } = await openRoom(server.address);
    const phones = await fillRoom(server.address, code, PHONES);
    all.push(...phones);
    const trainer = await connect(server.address, code, { type: 'hello', role: 'trainer', token: trainerToken });
    all.push(trainer);
    const one = await memory(server);
    const trips = await roundTrips(phones, 200);
    console.log(`  a decision's round trip, one phone at a time (200 decisions): median ${ms(percentile(trips, 50))}, p95 ${ms(percentile(trips, 95))}, max ${ms(Math.max(...trips))}`);
    const together = await burst(phones);
    console.log(`  all ${PHONES} phones choosing at once: each hears back within median ${ms(percentile(together, 50))}, p95 ${ms(percentile(together, 95))}, last ${ms(Math.max(...together))}`);
    const fan = await fanOut([trainer], [phones]);
    console.log(`  a round's update to every phone (advance to the last phone's update): median ${ms(percentile(fan, 50))}, last ${ms(Math.max(...fan))}`);
    console.log(`  server memory for a room of ${PHONES} phones: ${(one.heapUsedMB - before.heapUsedMB).toFixed(1)} MB of heap (resident ${(one.rssMB - before.rssMB).toFixed(0)} MB more)`);

    // Nine more rooms, then all ten advance at once.
    const rooms: Phone[][] = [phones];
    const trainers: Phone[] = [trainer];
    for (let r = 1; r < ROOMS; r++) {
      const room = await openRoom(server.address);
      const p = await fillRoom(server.address, room.code, PHONES);
      rooms.push(p);
      all.push(...p);
      const t = await connect(server.address, room.code, { type: 'hello', role: 'trainer', token: room.trainerToken });
      trainers.push(t);
      all.push(t);
    }
    const ten = await memory(server);
    const fanTen = await fanOut(trainers, rooms);
    console.log(`  ${ROOMS} rooms of ${PHONES} phones (${ROOMS * PHONES} phones) advancing at once: median ${ms(percentile(fanTen, 50))}, last ${ms(Math.max(...fanTen))}; server heap ${ten.heapUsedMB.toFixed(0)} MB in all (${((ten.heapUsedMB - before.heapUsedMB) / ROOMS).toFixed(1)} MB a room), resident ${ten.rssMB.toFixed(0)} MB`);
    const tripsTen = await roundTrips(rooms.map((r) => r[0]), 50);
    console.log(`  a decision's round trip with ${ROOMS} full rooms open: median ${ms(percentile(tripsTen, 50))}, max ${ms(Math.max(...tripsTen))}`);
    console.log('  [targets: a decision acknowledged well within a second; a round on every phone within a couple of seconds]\n');
  } finally {
    for (const p of all) p.ws.terminate();
    await server.stop();
  }
}
