/**
 * The server's rooms: opening one, acting on it (every change an entry, stored before it is
 * applied), the rounds' timers, the ghost run (on the worker pool), rebuilding every room from its
 * file when the server starts, and telling the room's screens what changed.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { JsonObject, Scenario } from '../../../engine/core/index.ts';
import { ScenarioSchema, expectedStaff } from '../../../engine/core/scenario/schema.ts';
import type { RunPool } from '../../../engine/node/pool/pool.ts';
import { CCSIM_VERSION } from '../../../engine/node/version.ts';
import { ROOM_FORMAT, Room, hashToken, type RoomEntry, type RoomHeader, type RoomProblem, type Untimed } from './room.ts';
import { roomView } from './views.ts';
import { RoomStore } from './store.ts';

export interface RoomLimits {
  /** Rooms open at once (in memory, and rebuilt from disk at start). */
  openRooms: number;
  /** People who may join one room. */
  peoplePerRoom: number;
  /** Screens (phones, projectors, the trainer's) connected to one room at once. */
  socketsPerRoom: number;
  /**
   * Entries one room may hold (its file's lines): a session of 400 people choosing every lever
   * every round of twenty stays far below it; a screen that floods choices is stopped by it before
   * the disk fills.
   */
  entriesPerRoom: number;
  /** Largest scenario a room may play: expected staff x weeks (a round is played on the main thread). */
  roomAgentWeeks: number;
  /** Shortest and longest round. */
  roundWeeks: { min: number; max: number };
  /** Longest a round's timer may be, in seconds. */
  timerSeconds: number;
}

export const DEFAULT_ROOM_LIMITS: RoomLimits = {
  openRooms: 20,
  peoplePerRoom: 400,
  socketsPerRoom: 1000,
  entriesPerRoom: 200_000,
  roomAgentWeeks: 20_000_000,
  roundWeeks: { min: 1, max: 52 },
  timerSeconds: 3600,
};

/** What changed in a room, for its screens: 'people' and 'choices' are small; the rest redraw all. */
export type RoomChange = { kind: 'people' | 'choices' | 'round' | 'control' | 'ghost' | 'question'; participant?: string; seat?: string };

/**
 * A screen's listener: what changed, and the room view as one serialised message, built once for
 * every screen that asks for it.
 */
export type RoomListener = (change: RoomChange, shared: () => string) => void;

export interface Rooms {
  readonly store: RoomStore;
  readonly limits: RoomLimits;
  /** Rooms that could not be rebuilt at start, and why (their files are left as they were). */
  readonly problems: string[];
  open(request: { scenario: Scenario; scenarioId?: string; title: string; seed: number; roundWeeks: number }): { room: Room; trainerToken: string } | RoomProblem;
  get(code: string): Room | undefined;
  /**
   * Store an entry, apply it, start or stop the round's timer, and tell the room's screens. A room
   * holding its most entries takes no more (but its end); see full().
   */
  act(room: Room, entry: Untimed): void;
  /** Whether a room holds as many entries as it may. */
  full(room: Room): boolean;
  /** Screens connected to a room now. */
  screens(room: Room): number;
  /** A new participant's entry and token. */
  join(room: Room, name: string, seat: string): { participant: string; token: string };
  subscribe(room: Room, listener: RoomListener): () => void;
  close(): void;
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function newToken(): string {
  return randomBytes(18).toString('base64url');
}

export function createRooms(options: { dir: string; pool: RunPool; limits?: Partial<RoomLimits>; now?: () => number }): Rooms {
  const limits: RoomLimits = { ...DEFAULT_ROOM_LIMITS, ...options.limits };
  const now = options.now ?? Date.now;
  const store = new RoomStore(options.dir);
  const rooms = new Map<string, Room>();
  const listeners = new Map<string, Set<RoomListener>>();
  const problems: string[] = [];

  const notify = (room: Room, change: RoomChange) => {
    let message: string | undefined;
    const shared = () => (message ??= JSON.stringify({ type: 'room', room: roomView(room) }));
    for (const l of listeners.get(room.header.code) ?? []) l(change, shared);
  };

  const computeGhost = (room: Room) => {
    options.pool
      .run(room.scenario, [room.header.seed], { trace: true })
      .then(([ghost]) => {
        room.ghost = ghost;
        notify(room, { kind: 'ghost' });
      })
      .catch(() => {
        // The pool is closing (the server stops): the ghost is computed again when the room is rebuilt.
      });
  };

  const startTimer = (room: Room) => {
    room.deadline = !room.paused && !room.ended && room.timerSeconds > 0 ? now() + room.timerSeconds * 1000 : null;
  };

  const act: Rooms['act'] = (room, partial) => {
    if (room.entries.length >= limits.entriesPerRoom && partial.kind !== 'end') return;
    const entry = { ...partial, at: new Date(now()).toISOString() } as RoomEntry;
    store.append(room.header.code, entry);
    room.apply(entry);
    switch (entry.kind) {
      case 'join':
        return notify(room, { kind: 'people', participant: entry.participant, seat: entry.seat });
      case 'choose':
      case 'predict':
        return notify(room, { kind: 'choices', participant: entry.participant, seat: entry.kind === 'choose' ? entry.seat : undefined });
      case 'advance':
        startTimer(room);
        return notify(room, { kind: 'round' });
      case 'ask':
        return notify(room, { kind: 'question' });
      default:
        startTimer(room);
        return notify(room, { kind: 'control' });
    }
  };

  // Rebuild the rooms on disk, newest first: each is its entries applied again to its scenario and seed.
  for (const code of store.list(limits.openRooms)) {
    const loaded = store.load(code);
    if (!loaded.ok) {
      problems.push(`room ${code} (${loaded.file}): ${loaded.problem}`);
      continue;
    }
    const scenario = ScenarioSchema.safeParse(loaded.room.header.scenario);
    if (!scenario.success) {
      problems.push(`room ${code} (${loaded.file}): its scenario is not valid for this version of ccsim (${scenario.error.issues[0].message})`);
      continue;
    }
    const room = new Room(loaded.room.header, scenario.data);
    for (const entry of loaded.room.entries) room.apply(entry);
    // Nobody is there to watch a timer run out: a rebuilt room waits for its trainer to resume.
    room.paused = true;
    room.deadline = null;
    rooms.set(code, room);
    computeGhost(room);
  }

  const tick = setInterval(() => {
    const t = now();
    for (const room of rooms.values()) if (room.deadline !== null && t >= room.deadline) act(room, { kind: 'advance', by: 'timer' });
  }, 250);
  tick.unref();

  return {
    store,
    limits,
    problems,
    open(request) {
      if (rooms.size >= limits.openRooms) {
        // The oldest ended room makes way; an open one never does.
        const ended = [...rooms.values()].filter((r) => r.ended).sort((a, b) => (a.header.createdAt < b.header.createdAt ? -1 : 1))[0];
        if (!ended) return { status: 429, error: 'too-many-rooms', message: `this server has ${limits.openRooms} rooms open; end one before opening another` };
        rooms.delete(ended.header.code);
      }
      const size = expectedStaff(request.scenario) * (request.scenario.time.weeks + request.scenario.time.preWeeks);
      if (size > limits.roomAgentWeeks) {
        return { status: 422, error: 'room-too-large', message: `a room plays its rounds on the server's main thread: this scenario is about ${Math.round(size).toLocaleString('en-GB')} agent-weeks (staff x weeks), above the limit of ${limits.roomAgentWeeks.toLocaleString('en-GB')}; use fewer or smaller sites, or fewer weeks` };
      }
      const { min, max } = limits.roundWeeks;
      if (!Number.isInteger(request.roundWeeks) || request.roundWeeks < min || request.roundWeeks > max) {
        return { status: 400, error: 'invalid-round', message: `roundWeeks: expected a whole number of weeks from ${min} to ${max}, got ${JSON.stringify(request.roundWeeks)}` };
      }
      const trainerToken = newToken();
      for (let attempt = 0; attempt < 20; attempt++) {
        const code = Array.from({ length: 5 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
        if (rooms.has(code)) continue;
        const header: RoomHeader = {
          kind: 'room',
          format: ROOM_FORMAT,
          ccsim: CCSIM_VERSION,
          code,
          createdAt: new Date(now()).toISOString(),
          title: request.title,
          ...(request.scenarioId ? { scenarioId: request.scenarioId } : {}),
          scenario: request.scenario as unknown as JsonObject,
          seed: request.seed,
          roundWeeks: request.roundWeeks,
          trainerTokenHash: hashToken(trainerToken),
        };
        try {
          store.create(header);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue; // a room of an earlier session has that code
          throw err;
        }
        const room = new Room(header, request.scenario);
        rooms.set(code, room);
        computeGhost(room);
        return { room, trainerToken };
      }
      return { status: 503, error: 'no-room-code', message: 'could not find a free room code; try again' };
    },
    get: (code) => rooms.get(code),
    act,
    full: (room) => room.entries.length >= limits.entriesPerRoom,
    screens: (room) => listeners.get(room.header.code)?.size ?? 0,
    join(room, name, seat) {
      const token = newToken();
      const participant = `p${randomBytes(5).toString('hex')}`;
      act(room, { kind: 'join', participant, name, seat, tokenHash: hashToken(token) });
      return { participant, token };
    },
    subscribe(room, listener) {
      const set = listeners.get(room.header.code) ?? new Set();
      set.add(listener);
      listeners.set(room.header.code, set);
      return () => set.delete(listener);
    },
    close() {
      clearInterval(tick);
    },
  };
}
