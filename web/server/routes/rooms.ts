/**
 * Workshop rooms over HTTP and websockets.
 *
 * HTTP: POST /api/rooms opens a room (the trainer gets its token once); GET /api/rooms/:code says
 * whether a code is a room (the join page); GET /api/rooms/:code/qr.svg is the join link as a QR
 * code; GET /api/rooms/:code/session is the session file (decision log and all), for the trainer.
 *
 * Websocket /api/rooms/:code/socket: a screen says hello first (a phone with its name, or its seat
 * token to get its seat back; the projector; the trainer with the trainer's token), then sends
 * choices, predictions and, for the trainer, the room's controls. Every message is checked here
 * (zod, a size cap, a rate per socket); a phone can act only for its own seat, and only the
 * trainer's token drives the room.
 */
import type { FastifyInstance } from 'fastify';
import type {} from '@fastify/websocket';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import QRCode from 'qrcode';
import { replicateSeed } from '../../../engine/core/index.ts';
import { predictionQuestion } from '../../../engine/core/play/predictions.ts';
import { problem, refusal } from '../problems.ts';
import type { IntakePool } from '../intake-pool.ts';
import type { BundledScenario } from '../bundled-scenarios.ts';
import { MAX_NAME, type Participant, type Room, type RoomProblem } from '../rooms/room.ts';
import type { RoomChange, Rooms } from '../rooms/rooms.ts';
import { roomView, seatView } from '../rooms/views.ts';
import { sessionFile } from '../rooms/session-file.ts';

/** Largest message a screen may send: a choice or a hello is well under 1 KB. */
export const ROOM_MESSAGE_BYTES = 4096;
/** Messages a screen may send per second, on average, with bursts of twice that. */
const MESSAGES_PER_SECOND = 10;
/** A screen that has not said hello within this many milliseconds is closed. */
const HELLO_MILLISECONDS = 10_000;

const value = z.union([z.number().finite(), z.string().max(100), z.boolean()]);
/** Each message by its type (a hello by its role), so that a wrong one is told exactly what is wrong. */
const MESSAGES = {
  hello: z.discriminatedUnion('role', [
    z.strictObject({ type: z.literal('hello'), role: z.literal('player'), token: z.string().max(100).optional(), name: z.string().max(200).optional(), seat: z.string().max(20).optional() }),
    z.strictObject({ type: z.literal('hello'), role: z.literal('screen') }),
    z.strictObject({ type: z.literal('hello'), role: z.literal('trainer'), token: z.string().max(100) }),
  ]),
  choose: z.strictObject({ type: z.literal('choose'), setting: z.string().max(100), value }),
  predict: z.strictObject({ type: z.literal('predict'), question: z.string().max(100), value: z.number().finite() }),
  advance: z.strictObject({ type: z.literal('advance') }),
  pause: z.strictObject({ type: z.literal('pause') }),
  resume: z.strictObject({ type: z.literal('resume') }),
  end: z.strictObject({ type: z.literal('end') }),
  timer: z.strictObject({ type: z.literal('timer'), seconds: z.int().min(0).max(3600) }),
  ask: z.strictObject({ type: z.literal('ask'), question: z.string().max(100) }),
  ping: z.strictObject({ type: z.literal('ping') }),
};
const Message = z.union(Object.values(MESSAGES) as unknown as [z.ZodType, z.ZodType]) as unknown as z.ZodType<z.infer<(typeof MESSAGES)[keyof typeof MESSAGES]>>;

/** A message checked against the schema of its type: the message, or what is wrong with it. */
function readMessage(data: unknown): { ok: true; message: Message } | { ok: false; message: string } {
  const type = data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as { type?: unknown }).type : undefined;
  if (typeof type !== 'string' || !Object.hasOwn(MESSAGES, type)) {
    return { ok: false, message: `type: expected one of ${Object.keys(MESSAGES).join(', ')}, got ${JSON.stringify(type) ?? 'nothing'}` };
  }
  const parsed = MESSAGES[type as keyof typeof MESSAGES].safeParse(data);
  if (parsed.success) return { ok: true, message: parsed.data as Message };
  const issue = parsed.error.issues[0];
  return { ok: false, message: `${issue.path.join('.') || type}: ${issue.message}` };
}
type Message = z.infer<typeof Message>;

type Who = { role: 'player'; participant: Participant } | { role: 'screen' } | { role: 'trainer' };

export interface RoomRouteOptions {
  /** The address phones should use to reach this server (http://192.168.1.20:8080), when known. */
  publicOrigin?: string;
}

export async function roomRoutes(api: FastifyInstance, rooms: Rooms, scenarios: BundledScenario[], intake: IntakePool, options: RoomRouteOptions): Promise<void> {
  const origin = (host: string | undefined) => options.publicOrigin ?? `http://${host ?? 'localhost'}`;
  const joinUrl = (code: string, host: string | undefined) => `${origin(host)}/room.html#join=${code}`;
  const find = (code: string) => rooms.get(code.toUpperCase());

  api.post('/rooms', async (request, reply) => {
    const body = await intake.read('rooms', request.body as string | undefined);
    if (!body.ok) return refusal(reply, body);
    let scenario = body.scenario;
    let title = body.title;
    if (body.scenarioId !== undefined) {
      const bundled = scenarios.find((s) => s.id === body.scenarioId);
      if (!bundled) return problem(reply, 404, 'unknown-scenario', `no bundled scenario ${JSON.stringify(body.scenarioId)}; GET /api/scenarios lists them`);
      if (!bundled.scenario) return problem(reply, 422, 'invalid-scenario', `the bundled scenario ${bundled.id} has problems; see GET /api/scenarios/${bundled.id}`);
      scenario = bundled.scenario;
      title ??= bundled.title;
    }
    if (!scenario) return problem(reply, 400, 'invalid-body', 'the request body names no scenario');
    const opened = rooms.open({ scenario, scenarioId: body.scenarioId, title: title ?? scenario.title ?? scenario.name, seed: body.seed ?? replicateSeed(scenario.seed, 1), roundWeeks: body.roundWeeks ?? 13 });
    if ('status' in opened) return problem(reply, opened.status, opened.error, opened.message);
    const code = opened.room.header.code;
    return reply.code(201).send({ code, trainerToken: opened.trainerToken, joinUrl: joinUrl(code, request.headers.host), title: opened.room.header.title });
  });

  api.get<{ Params: { code: string } }>('/rooms/:code', async (request, reply) => {
    const room = find(request.params.code);
    if (!room) return problem(reply, 404, 'unknown-room', `no room ${JSON.stringify(request.params.code)}: check the code on the projector`);
    const view = roomView(room);
    return { code: view.code, title: view.title, phase: view.phase, round: view.round, rounds: view.rounds, people: view.people, seats: view.seats.map((s) => ({ seat: s.seat, label: s.label, people: s.people.length })), joinUrl: joinUrl(view.code, request.headers.host) };
  });

  api.get<{ Params: { code: string } }>('/rooms/:code/qr.svg', async (request, reply) => {
    const room = find(request.params.code);
    if (!room) return problem(reply, 404, 'unknown-room', `no room ${JSON.stringify(request.params.code)}`);
    const svg = await QRCode.toString(joinUrl(room.header.code, request.headers.host), { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    return reply.type('image/svg+xml').header('cache-control', 'no-store').send(svg);
  });

  api.get<{ Params: { code: string } }>('/rooms/:code/session', async (request, reply) => {
    const room = find(request.params.code);
    if (!room) return problem(reply, 404, 'unknown-room', `no room ${JSON.stringify(request.params.code)}`);
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (!room.isTrainer(token)) return problem(reply, 403, 'not-trainer', "the session file is the trainer's: send the trainer's token (Authorization: Bearer <token>)");
    return reply.header('content-disposition', `attachment; filename="ccsim-session-${room.header.code}.json"`).send(sessionFile(room));
  });

  api.get<{ Params: { code: string } }>('/rooms/:code/socket', { websocket: true }, (socket, request) => {
    const room = find(request.params.code);
    const send = (message: unknown) => {
      if (socket.readyState === socket.OPEN) socket.send(typeof message === 'string' ? message : JSON.stringify(message));
    };
    if (!room) {
      send({ type: 'problem', error: 'unknown-room', message: `no room ${JSON.stringify(request.params.code)}: check the code on the projector` });
      socket.close(4404, 'unknown room');
      return;
    }
    if (rooms.screens(room) >= rooms.limits.socketsPerRoom) {
      send({ type: 'problem', error: 'room-busy', message: `this room has ${rooms.limits.socketsPerRoom} screens connected, the most it takes; try again shortly` });
      socket.close(1013, 'room busy');
      return;
    }
    serve(room, socket, send);
  });

  function serve(room: Room, socket: WebSocket, send: (message: unknown) => void): void {
    let who: Who | null = null;
    /** The token of a newcomer's seat, sent once in its welcome. */
    let greetedToken: string | undefined;
    let unsubscribe: (() => void) | undefined;
    // A token bucket: bursts are fine, a flood is closed.
    let tokens = 2 * MESSAGES_PER_SECOND;
    let last = Date.now();
    const hello = setTimeout(() => socket.close(4408, 'no hello'), HELLO_MILLISECONDS);
    const refuse = (p: RoomProblem | { error: string; message: string }) => send({ type: 'problem', error: p.error, message: p.message });

    const sendRoom = (shared?: string) => send(shared ?? JSON.stringify({ type: 'room', room: roomView(room) }));
    const sendSeat = () => {
      if (who?.role === 'player') send({ type: 'seat', seat: seatView(room, room.participants.get(who.participant.id)!) });
    };

    const onChange = (change: RoomChange, shared: () => string) => {
      if (!who) return;
      if (change.kind === 'people' || change.kind === 'choices') {
        // Small changes: the screens redraw who is in and who has chosen; a phone only its own seat.
        if (who.role !== 'player') sendRoom(shared());
        else if (change.participant === who.participant.id || (change.seat !== undefined && change.seat === who.participant.seat)) sendSeat();
        return;
      }
      sendRoom(shared());
      sendSeat();
    };

    socket.on('message', (data, isBinary) => {
      const t = Date.now();
      tokens = Math.min(2 * MESSAGES_PER_SECOND, tokens + ((t - last) / 1000) * MESSAGES_PER_SECOND);
      last = t;
      if (--tokens < 0) {
        refuse({ error: 'too-many-messages', message: `more than ${MESSAGES_PER_SECOND} messages a second from this screen` });
        socket.close(1008, 'too many messages');
        return;
      }
      let message: Message;
      try {
        if (isBinary) throw new Error('binary');
        const read = readMessage(JSON.parse(String(data)));
        if (!read.ok) {
          refuse({ error: 'invalid-message', message: `the message is not one a room understands (${read.message})` });
          return;
        }
        message = read.message;
      } catch {
        refuse({ error: 'invalid-message', message: 'a message must be a JSON object such as {"type":"hello","role":"player","name":"Sam"}' });
        return;
      }
      if (message.type === 'ping') return send({ type: 'pong' });
      if (message.type === 'hello') {
        if (who) return refuse({ error: 'already-hello', message: 'this screen has said hello already' });
        const greeted = greet(message);
        if ('error' in greeted) {
          refuse(greeted);
          socket.close(4403, greeted.error);
          return;
        }
        clearTimeout(hello);
        who = greeted;
        unsubscribe = rooms.subscribe(room, onChange);
        if (who.role === 'player') send({ type: 'welcome', role: 'player', participant: who.participant.id, name: who.participant.name, seat: who.participant.seat, token: greetedToken });
        else send({ type: 'welcome', role: who.role });
        sendRoom();
        sendSeat();
        return;
      }
      if (!who) return refuse({ error: 'no-hello', message: 'say hello first: {"type":"hello","role":"player","name":"..."}' });
      if (rooms.full(room) && message.type !== 'end') return refuse({ error: 'room-log-full', message: `this room has recorded ${rooms.limits.entriesPerRoom.toLocaleString('en-GB')} entries, the most a room may: the trainer can end it and open another` });
      act(who, message);
    });

    function greet(message: Extract<Message, { type: 'hello' }>): Who | { error: string; message: string } {
      if (message.role === 'screen') return { role: 'screen' };
      if (message.role === 'trainer') return room.isTrainer(message.token) ? { role: 'trainer' } : { error: 'not-trainer', message: "that is not this room's trainer token" };
      if (message.token !== undefined) {
        const participant = room.participantByToken(message.token);
        if (participant) return { role: 'player', participant };
        if (message.name === undefined) return { error: 'unknown-token', message: 'this phone is not known in this room (the room may have been opened again): join with your name' };
      }
      const name = (message.name ?? '').trim().replace(/\s+/g, ' ');
      if (name.length === 0 || name.length > MAX_NAME) return { error: 'invalid-name', message: `a name of 1 to ${MAX_NAME} characters, please` };
      if (room.participants.size >= rooms.limits.peoplePerRoom) return { error: 'room-full', message: `this room is full (${rooms.limits.peoplePerRoom} people)` };
      if (rooms.full(room)) return { error: 'room-log-full', message: 'this room has recorded as much as a room may: it takes nobody new' };
      const seat = room.seatFor(message.seat);
      if (typeof seat !== 'string') return seat;
      const joined = rooms.join(room, name, seat);
      greetedToken = joined.token;
      return { role: 'player', participant: room.participants.get(joined.participant)! };
    }

    function act(actor: Who, message: Exclude<Message, { type: 'hello' } | { type: 'ping' }>): void {
      const trainer = actor.role === 'trainer';
      switch (message.type) {
        case 'choose': {
          if (actor.role === 'screen') return refuse({ error: 'not-a-seat', message: 'the projector watches: it cannot choose' });
          const entry = room.checkChoose(actor.role === 'trainer' ? 'trainer' : actor.participant, message.setting, message.value);
          if ('status' in entry) return refuse(entry);
          rooms.act(room, entry);
          return;
        }
        case 'predict': {
          if (actor.role !== 'player') return refuse({ error: 'not-a-person', message: 'predictions are made by the people in the room' });
          const q = room.questions.get(message.question);
          if (!q || !predictionQuestion(q.id)) return refuse({ error: 'no-question', message: `no open question ${JSON.stringify(message.question)}` });
          if (room.outcome(q.id) !== null) return refuse({ error: 'revealed', message: 'that question has been revealed: no more predictions' });
          rooms.act(room, { kind: 'predict', participant: actor.participant.id, question: q.id, value: message.value });
          return;
        }
        default:
          if (!trainer) return refuse({ error: 'not-trainer', message: "only the trainer's screen runs the room" });
          if (room.ended && message.type !== 'end') return refuse({ error: 'room-ended', message: 'the session has ended' });
          if (message.type === 'ask') {
            const q = predictionQuestion(message.question);
            if (!q) return refuse({ error: 'no-question', message: `no question ${JSON.stringify(message.question)}` });
            if (q.week(room.scenario) <= room.week) return refuse({ error: 'too-late', message: 'the run has already reached the week that question is about' });
            rooms.act(room, { kind: 'ask', question: q.id });
            return;
          }
          if (message.type === 'timer') return rooms.act(room, { kind: 'timer', seconds: message.seconds });
          if (message.type === 'advance') return rooms.act(room, { kind: 'advance', by: 'trainer' });
          if (message.type === 'end') return room.ended ? undefined : rooms.act(room, { kind: 'end' });
          return rooms.act(room, { kind: message.type });
      }
    }

    socket.on('close', () => {
      clearTimeout(hello);
      unsubscribe?.();
    });
    socket.on('error', () => socket.terminate());
  }
}
