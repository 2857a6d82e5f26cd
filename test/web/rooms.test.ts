/**
 * Workshop rooms through the real server and real websockets: opening a room, joining from
 * phones, choosing for one's own seat only, the trainer's controls, rounds, predictions, the
 * session file that replays the room exactly, reconnecting and late joining, surviving a restart
 * (and a file cut off by a crash), and refusing what a hostile screen sends.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import { buildApp } from '../../web/server/app.ts';
import { lanOrigin } from '../../web/server/main.ts';
import { createRunPool, type RunPool } from '../../engine/node/pool/pool.ts';
import { columnValues } from '../../engine/core/index.ts';
import { replay } from '../../engine/core/play/session.ts';
import { readSessionFile } from '../../engine/core/play/session-file.ts';
import type { RoomView, SeatView } from '../../web/server/rooms/views.ts';
// @ts-expect-error: a plain JavaScript build helper
import { buildCli } from '../../bin/build-cli.mjs';

const SMALL = { name: 'room test', time: { weeks: 52, fundingWeeks: 39 }, recruitment: { invitedSites: 6, comparisonSites: 2, mode: 'committed' } };

type Msg = { type: string; [k: string]: unknown };

/** A screen: a websocket that keeps every message and waits for the next one that matches. */
class Screen {
  readonly messages: Msg[] = [];
  /** Messages no wait has taken yet, in order: a wait takes the first that passes its test. */
  private unread: Msg[] = [];
  private waiters: Array<{ test: (m: Msg) => boolean; resolve: (m: Msg) => void }> = [];
  closed: { code: number; reason: string } | null = null;
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as Msg;
      this.messages.push(m);
      const waiter = this.waiters.find((w) => w.test(m));
      if (waiter) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve(m);
      } else this.unread.push(m);
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: String(reason) };
    });
  }
  static open(base: string, code: string): Promise<Screen> {
    const ws = new WebSocket(`${base.replace('http', 'ws')}/api/rooms/${code}/socket`);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new Screen(ws)));
      ws.once('error', reject);
    });
  }
  send(m: unknown): void {
    this.ws.send(typeof m === 'string' ? m : JSON.stringify(m));
  }
  /** The first message not yet taken that passes the test, waiting for it if need be. */
  next(test: (m: Msg) => boolean, ms = 5000): Promise<Msg> {
    const i = this.unread.findIndex(test);
    if (i >= 0) return Promise.resolve(this.unread.splice(i, 1)[0]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no such message within ${ms} ms; last: ${JSON.stringify(this.messages.at(-1))?.slice(0, 300)}`)), ms);
      this.waiters.push({ test, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  }
  room(test: (r: RoomView) => boolean = () => true): Promise<RoomView> {
    return this.next((m) => m.type === 'room' && test(m.room as RoomView)).then((m) => m.room as RoomView);
  }
  seat(test: (s: SeatView) => boolean = () => true): Promise<SeatView> {
    return this.next((m) => m.type === 'seat' && test(m.seat as SeatView)).then((m) => m.seat as SeatView);
  }
  problem(): Promise<Msg> {
    return this.next((m) => m.type === 'problem');
  }
  whenClosed(ms = 5000): Promise<{ code: number; reason: string }> {
    if (this.closed) return Promise.resolve(this.closed);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('not closed')), ms);
      this.ws.once('close', (code, reason) => (clearTimeout(timer), resolve({ code, reason: String(reason) })));
    });
  }
  close(): void {
    this.ws.close();
  }
}

let pool: RunPool;
let roomsDir: string;
let app: FastifyInstance;
let base: string;

// These tests check answers, not load shedding (hostile.test.ts does, with a limit of its own):
// a machine busy with the rest of the suite must not have their requests shed.
async function start(): Promise<void> {
  app = await buildApp({ pool, scenariosDir: 'scenarios', roomsDir, limits: { eventLoopDelayMs: 60_000 } });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
}

async function player(code: string, hello: Record<string, unknown>): Promise<{ screen: Screen; welcome: Msg; seat: SeatView }> {
  const screen = await Screen.open(base, code);
  const welcome = screen.next((m) => m.type === 'welcome');
  const seat = screen.seat();
  screen.send({ type: 'hello', role: 'player', ...hello });
  return { screen, welcome: await welcome, seat: await seat };
}

async function trainer(code: string, token: string): Promise<{ screen: Screen; room: RoomView }> {
  const screen = await Screen.open(base, code);
  const room = screen.room();
  screen.send({ type: 'hello', role: 'trainer', token });
  return { screen, room: await room };
}

beforeAll(async () => {
  pool = createRunPool({ threads: 2, workerFile: fileURLToPath(await buildCli('pool/worker')) });
  roomsDir = mkdtempSync(join(tmpdir(), 'ccsim-rooms-test-'));
  await start();
}, 60_000);

afterAll(async () => {
  await app?.close();
  await pool?.close();
  rmSync(roomsDir, { recursive: true, force: true });
});

async function openRoom(body: Record<string, unknown> = { scenario: SMALL, seed: 7 }): Promise<{ code: string; trainerToken: string; joinUrl: string }> {
  const res = await fetch(`${base}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(201);
  return res.json();
}

describe('a room played from phones', () => {
  let code: string;
  let trainerToken: string;
  const screens: Screen[] = [];
  afterAll(() => screens.forEach((s) => s.close()));

  it('opens from a scenario with a code, a join link and a QR code', async () => {
    ({ code, trainerToken } = await openRoom());
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{5}$/);
    const info = await (await fetch(`${base}/api/rooms/${code}`)).json();
    expect(info).toMatchObject({ code, phase: 'lobby', round: 1, rounds: 4, people: 0 });
    expect(info.joinUrl).toBe(`${base}/room.html#join=${code}`);
    const qr = await fetch(`${base}/api/rooms/${code}/qr.svg`);
    expect(qr.headers.get('content-type')).toMatch(/image\/svg\+xml/);
    expect(await qr.text()).toMatch(/^<svg/);
    expect((await fetch(`${base}/api/rooms/ZZZZZ`)).status).toBe(404);
    // A bundled scenario by name; a bad body is refused with the project's errors.
    const bundled = await openRoom({ scenario: 'baseline', roundWeeks: 26 });
    expect((await (await fetch(`${base}/api/rooms/${bundled.code}`)).json()).rounds).toBeGreaterThan(1);
    const bad = await fetch(`${base}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scenario: 'no-such-scenario' }) });
    expect(bad.status).toBe(404);
    const wrong = await fetch(`${base}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scenario: SMALL, roundWeeks: 0 }) });
    expect(wrong.status).toBe(400);
  });

  it('seats people at the sites with fewest people first; the projector sees who is in', async () => {
    const projector = await Screen.open(base, code);
    screens.push(projector);
    projector.send({ type: 'hello', role: 'screen' });
    await projector.room();
    const seats: string[] = [];
    for (const name of ['Asha', 'Ben', 'Chloe']) {
      const p = await player(code, { name });
      screens.push(p.screen);
      seats.push(p.welcome.seat as string);
      expect(p.welcome.token).toEqual(expect.any(String));
      expect(p.seat.site?.label).toMatch(/^Site \d \(/);
      expect(p.seat.levers.map((l) => l.setting)).toContain('resources.protectedHoursPerWeek');
    }
    expect(seats).toEqual(['site-1', 'site-2', 'site-3']);
    const view = await projector.room((r) => r.people === 3);
    expect(view.seats.find((s) => s.seat === 'site-2')?.people).toEqual(['Ben']);
  });

  it('lets a phone choose for its own seat only, and only the trainer run the room', async () => {
    const asha = await player(code, { name: 'Dev', seat: 'site-4' });
    screens.push(asha.screen);
    expect(asha.welcome.seat).toBe('site-4');
    const pending = asha.screen.seat((s) => s.levers.some((l) => l.pending === 8));
    asha.screen.send({ type: 'choose', setting: 'resources.protectedHoursPerWeek', value: 8 });
    await pending;
    asha.screen.send({ type: 'choose', setting: 'tactics.hardness', value: 1 });
    expect((await asha.screen.problem()).message).toMatch(/not a lever of a site/);
    asha.screen.send({ type: 'choose', setting: 'resources.protectedHoursPerWeek', value: -3 });
    expect((await asha.screen.problem()).message).toMatch(/a number from 0/);
    asha.screen.send({ type: 'advance' });
    expect((await asha.screen.problem()).error).toBe('not-trainer');
    const projector = screens[0];
    projector.send({ type: 'choose', setting: 'resources.protectedHoursPerWeek', value: 2 });
    expect((await projector.problem()).error).toBe('not-a-seat');
    const bad = await Screen.open(base, code);
    bad.send({ type: 'hello', role: 'trainer', token: 'guess' });
    expect((await bad.whenClosed()).code).toBe(4403);
  });

  it('plays a round when the trainer advances: choices taken at its start, every screen told', async () => {
    const t = await trainer(code, trainerToken);
    screens.push(t.screen);
    expect(t.room.phase).toBe('lobby');
    const core = t.screen.room((r) => r.coreLevers.some((l) => l.setting === 'tactics.hardness' && l.pending === 0.9));
    t.screen.send({ type: 'choose', setting: 'tactics.hardness', value: 0.9 });
    await core;
    const dev = screens.find((s) => s.messages.some((m) => m.type === 'welcome' && m.seat === 'site-4'))!;
    const seen = Promise.all([screens[0].room((r) => r.week === 13), dev.seat((s) => s.site!.weeks.length === 14)]);
    t.screen.send({ type: 'advance' });
    const [room, seat] = await seen;
    expect(room.phase).toBe('deciding');
    expect(room.round).toBe(2);
    expect(room.community.gapClosed).toHaveLength(14);
    expect(seat.site!.now.protectedHours).toBe(8);
    expect(seat.levers.find((l) => l.setting === 'resources.protectedHoursPerWeek')).toMatchObject({ current: 8, pending: null });
    expect(room.coreLevers.find((l) => l.setting === 'tactics.hardness')?.current).toBe(0.9);
  });

  it('writes a session file that replays the room exactly (the trainer\'s alone)', async () => {
    expect((await fetch(`${base}/api/rooms/${code}/session`)).status).toBe(403);
    const res = await fetch(`${base}/api/rooms/${code}/session`, { headers: { authorization: `Bearer ${trainerToken}` } });
    expect(res.status).toBe(200);
    const read = readSessionFile(await res.json());
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    expect(read.session.decisions).toEqual([
      { week: 0, seat: 'core', setting: 'tactics.hardness', value: 0.9 },
      { week: 0, seat: 'site-4', setting: 'resources.protectedHoursPerWeek', value: 8 },
    ]);
    const again = replay(read.scenario, read.session.seed, read.session.decisions);
    if (!again.ok) throw new Error('replay failed');
    again.played.advanceTo(0);
    const view = screens[0].messages.filter((m) => m.type === 'room').at(-1)!.room as RoomView;
    const gap = columnValues(again.result.series, 'gapClosed');
    expect(view.community.gapClosed.slice(1, 14).map((x) => x)).toEqual(Array.from(gap.slice(1, 14), (x) => Number((100 * x).toPrecision(4))));
  });

  it('gives a phone its seat back on reconnecting, and a late joiner a bot\'s seat', async () => {
    const first = screens[1];
    const token = first.messages.find((m) => m.type === 'welcome')!.token as string;
    first.close();
    const again = await player(code, { token });
    screens.push(again.screen);
    expect(again.welcome).toMatchObject({ seat: 'site-1', name: 'Asha' });
    expect(again.welcome.token).toBeUndefined();
    expect(again.seat.site!.weeks).toHaveLength(14);
    const late = await player(code, { name: 'Eve' });
    screens.push(late.screen);
    expect(late.welcome.seat).toBe('site-5');
    const stranger = await Screen.open(base, code);
    stranger.send({ type: 'hello', role: 'player', token: 'not-a-token' });
    expect((await stranger.problem()).error).toBe('unknown-token');
  });

  it('asks for predictions, then reveals them against the outcome with a score for each person', async () => {
    const t = screens.find((s) => s.messages.some((m) => m.type === 'welcome' && m.role === 'trainer'))!;
    const asked = screens[2].room((r) => r.questions.some((q) => q.id === 'gapClosedAtFundingEnd'));
    t.send({ type: 'ask', question: 'gapClosedAtFundingEnd' });
    await asked;
    const ben = screens[2];
    const answered = ben.seat((s) => s.answers.gapClosedAtFundingEnd === 40);
    ben.send({ type: 'predict', question: 'gapClosedAtFundingEnd', value: 40 });
    await answered;
    for (let week = 26; week <= 39; week += 13) {
      const next = t.room((r) => r.week === week);
      t.send({ type: 'advance' });
      await next;
    }
    const revealed = (await fetch(`${base}/api/rooms/${code}`)).ok;
    expect(revealed).toBe(true);
    const view = t.messages.filter((m) => m.type === 'room').at(-1)!.room as RoomView;
    const q = view.questions.find((x) => x.id === 'gapClosedAtFundingEnd')!;
    expect(q.outcome).toEqual(view.community.gapClosed[39]);
    expect(q.predictions).toEqual([40]);
    const benSeat = ben.messages.filter((m) => m.type === 'seat').at(-1)!.seat as SeatView;
    expect(benSeat.calibration).toBeCloseTo(100 - Math.abs(40 - q.outcome!), 1);
    ben.send({ type: 'predict', question: 'gapClosedAtFundingEnd', value: 10 });
    expect((await ben.problem()).error).toBe('revealed');
  });

  it('survives a restart: rebuilt from its file, paused, every seat token still good', async () => {
    const before = (screens[0].messages.filter((m) => m.type === 'room').at(-1)!.room as RoomView);
    const token = screens[2].messages.find((m) => m.type === 'welcome')!.token as string;
    screens.forEach((s) => s.close());
    await app.close();
    // A crash mid-write leaves half a line: it is dropped, and the file is whole again.
    appendFileSync(join(roomsDir, `${code}.jsonl`), '{"kind":"choose","at":"2026-');
    await start();
    const ben = await player(code, { token });
    expect(ben.welcome).toMatchObject({ seat: 'site-2', name: 'Ben' });
    const view = await ben.screen.room();
    ben.screen.close();
    expect(view.week).toBe(before.week);
    expect(view.paused).toBe(true);
    expect(view.community).toEqual(before.community);
    expect(view.questions).toEqual(before.questions);
    expect(readFileSync(join(roomsDir, `${code}.jsonl`), 'utf8').endsWith('\n')).toBe(true);
  });
});

describe('a room refuses what a hostile screen sends', () => {
  it('closes a screen that never says hello, floods, or sends too much; answers nonsense with a problem', async () => {
    const { code } = await openRoom();
    const unknown = await Screen.open(base, 'QQQQQ');
    expect((await unknown.problem()).error).toBe('unknown-room');
    expect((await unknown.whenClosed()).code).toBe(4404);
    const s = await Screen.open(base, code);
    s.send('not json');
    expect((await s.problem()).error).toBe('invalid-message');
    s.send({ type: 'choose', setting: 'x', value: 1 });
    expect((await s.problem()).error).toBe('no-hello');
    s.send({ type: 'choose', setting: 'x' });
    expect((await s.problem()).message).toMatch(/value: /);
    s.send({ type: 'dance' });
    expect((await s.problem()).message).toMatch(/type: expected one of hello, choose/);
    s.send({ type: 'hello', role: 'player', name: '' });
    expect((await s.problem()).error).toBe('invalid-name');
    const big = await Screen.open(base, code);
    big.send({ type: 'hello', role: 'player', name: 'x'.repeat(5000) });
    expect((await big.whenClosed()).code).toBe(1009);
    const flood = await Screen.open(base, code);
    for (let i = 0; i < 40; i++) flood.send({ type: 'ping' });
    expect((await flood.whenClosed()).code).toBe(1008);
  });

  it('gives phones the address of the machine on the network (npm start --host 0.0.0.0), not the one the trainer used', async () => {
    const lan = await buildApp({ pool, scenariosDir: 'scenarios', roomsDir: mkdtempSync(join(tmpdir(), 'ccsim-rooms-lan-')), publicOrigin: 'http://192.168.1.20:8080', limits: { eventLoopDelayMs: 60_000 } });
    try {
      const opened = await lan.inject({ method: 'POST', url: '/api/rooms', payload: { scenario: SMALL } });
      expect(opened.statusCode).toBe(201);
      const { code, joinUrl } = opened.json() as { code: string; joinUrl: string };
      expect(joinUrl).toBe(`http://192.168.1.20:8080/room.html#join=${code}`);
      expect((await lan.inject(`/api/rooms/${code}`)).json().joinUrl).toBe(joinUrl);
      // The QR code encodes that address: its SVG changes with it.
      const here = (await lan.inject(`/api/rooms/${code}/qr.svg`)).body;
      const QRCode = (await import('qrcode')).default;
      expect(here).toBe(await QRCode.toString(joinUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }));
    } finally {
      await lan.close();
    }
    expect(lanOrigin(8080) ?? 'http://none').toMatch(/^http:\/\/[\d.]+:8080$|^http:\/\/none$/);
  });

  it('caps the screens a room takes and the entries it records', async () => {
    const small = await buildApp({ pool, scenariosDir: 'scenarios', roomsDir: mkdtempSync(join(tmpdir(), 'ccsim-rooms-cap-')), roomLimits: { socketsPerRoom: 2, entriesPerRoom: 4 }, limits: { eventLoopDelayMs: 60_000 } });
    const address = await small.listen({ port: 0, host: '127.0.0.1' });
    try {
      const res = await fetch(`${address}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scenario: SMALL }) });
      const { code } = (await res.json()) as { code: string };
      const hello = async (name: string) => {
        const s = await Screen.open(address, code);
        s.send({ type: 'hello', role: 'player', name });
        return s;
      };
      const a = await hello('A');
      await a.seat();
      const b = await hello('B');
      await b.seat();
      const c = await Screen.open(address, code);
      expect((await c.problem()).error).toBe('room-busy');
      expect((await c.whenClosed()).code).toBe(1013);
      // Two joins are two entries; two choices fill the room's record; the next is refused.
      a.send({ type: 'choose', setting: 'site.attendance', value: 'never' });
      await a.seat((v) => v.levers.some((l) => l.pending === 'never'));
      a.send({ type: 'choose', setting: 'site.attendance', value: 'always' });
      await a.seat((v) => v.levers.some((l) => l.pending === 'always'));
      a.send({ type: 'choose', setting: 'site.attendance', value: 'never' });
      expect((await a.problem()).error).toBe('room-log-full');
      a.close();
      b.close();
    } finally {
      await small.close();
    }
  });

  it('advances by itself when the round\'s timer runs out', async () => {
    const { code, trainerToken } = await openRoom();
    const t = await trainer(code, trainerToken);
    t.screen.send({ type: 'timer', seconds: 1 });
    await t.screen.room((r) => r.timerSeconds === 1);
    const started = t.screen.room((r) => r.deadline !== null);
    t.screen.send({ type: 'resume' });
    await started;
    const round = await t.screen.room((r) => r.week === 13);
    expect(round.deadline).not.toBeNull();
    t.screen.send({ type: 'pause' });
    expect((await t.screen.room((r) => r.paused)).deadline).toBeNull();
    t.screen.close();
  });
});
