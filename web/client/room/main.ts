/**
 * The workshop room pages, one per screen, chosen by the address's fragment:
 * - #open: the trainer opens a room from a scenario (or a session file to debrief);
 * - #join=CODE: a participant joins from a phone with a name;
 * - #play=CODE: the phone's seat (its token kept in this browser, so a reload keeps the seat);
 * - #screen=CODE: the projector;
 * - #trainer=CODE: the trainer's screen (the projector view with the controls);
 * - #debrief=CODE: the trainer's debrief of the room.
 */
import type { RoomView, SeatView } from '../../../engine/core/play/room-protocol.ts';
import { connectRoom, type ConnectionState } from './connection.ts';
import { h, keepingFocus } from './dom.ts';
import { renderPhone } from './phone.ts';
import { renderScreen, tickClock } from './screen.ts';
import { renderTrainer } from './trainer.ts';
import { openDebrief } from './debrief-view.ts';
import { download } from '../save-file.ts';

const app = document.getElementById('app')!;
const status = document.getElementById('connection')!;

/** What a browser keeps for a room: a phone's seat token and name, or the trainer's token. */
const seatKey = (code: string) => `ccsim.room.${code}`;
const trainerKey = (code: string) => `ccsim.trainer.${code}`;
const STUDIO_SCENARIO = 'ccsim.room-scenario';

function route(): void {
  const [name, value = ''] = location.hash.replace(/^#/, '').split('=');
  const code = value.toUpperCase();
  document.body.dataset.view = name || 'open';
  if (name === 'join') return joinForm(code);
  if (name === 'play' && code) return play(code);
  if (name === 'screen' && code) return screen(code, false);
  if (name === 'trainer' && code) return screen(code, true);
  if (name === 'debrief' && code) return debrief(code);
  return openForm();
}

window.addEventListener('hashchange', () => location.reload());
route();

function showState(state: ConnectionState, detail: string): void {
  status.textContent = state === 'open' ? '' : detail;
  status.dataset.state = state;
}

function problemBox(message: string): HTMLElement {
  return h('p', { class: 'problem', role: 'alert' }, message);
}

function joinForm(code: string, problem?: string): void {
  const codeInput = h('input', { id: 'join-code', name: 'code', value: code, required: true, autocomplete: 'off', autocapitalize: 'characters', maxlength: 5, pattern: '[A-Za-z2-9]{5}', inputmode: 'text' });
  const known = code ? readSeat(code) : null;
  const nameInput = h('input', { id: 'join-name', name: 'name', required: true, maxlength: 40, autocomplete: 'nickname', value: known?.name ?? '' });
  const seat = h('select', { id: 'join-seat' }, h('option', { value: '' }, 'A site (the room shares them out)'), h('option', { value: 'core' }, 'The core team, with the trainer'), h('option', { value: 'observer' }, 'Just watch'));
  const form = h('form', { class: 'join' },
    h('h1', {}, 'Join a ccsim room'),
    problem ? problemBox(problem) : null,
    h('label', { for: 'join-code' }, 'Room code (on the projector)'), codeInput,
    h('label', { for: 'join-name' }, 'Your name (or your team\'s)'), nameInput,
    h('label', { for: 'join-seat' }, 'Play'), seat,
    h('button', { type: 'submit', class: 'primary' }, 'Join'),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const c = codeInput.value.trim().toUpperCase();
    const res = await fetch(`api/rooms/${encodeURIComponent(c)}`).catch(() => null);
    if (!res || !res.ok) {
      joinForm(c, res ? `There is no room ${c}: check the code on the projector.` : 'The server cannot be reached: check that this phone is on the workshop\'s network.');
      return;
    }
    const previous = readSeat(c);
    writeSeat(c, { token: previous?.name === nameInput.value.trim() ? previous.token : undefined, name: nameInput.value.trim(), seat: seat.value || undefined });
    location.hash = `play=${c}`;
  });
  app.replaceChildren(form);
  (code ? nameInput : codeInput).focus();
}

interface KeptSeat {
  token?: string;
  name: string;
  /** A seat asked for ('core', 'observer'); none: a site. */
  seat?: string;
}

function readSeat(code: string): KeptSeat | null {
  try {
    return JSON.parse(localStorage.getItem(seatKey(code)) ?? 'null') as KeptSeat | null;
  } catch {
    return null;
  }
}

function writeSeat(code: string, seat: KeptSeat): void {
  localStorage.setItem(seatKey(code), JSON.stringify(seat));
}

function play(code: string): void {
  const kept = readSeat(code);
  if (!kept) return joinForm(code);
  let room: RoomView | null = null;
  let seat: SeatView | null = null;
  const draw = () => {
    if (room && seat) keepingFocus(app, () => renderPhone(app, room!, seat!, { choose: (setting, value) => connection.send({ type: 'choose', setting, value }), predict: (question, value) => connection.send({ type: 'predict', question, value }) }));
  };
  const connection = connectRoom(code, {
    hello: () => {
      const now = readSeat(code)!;
      return now.token ? { type: 'hello', role: 'player', token: now.token } : { type: 'hello', role: 'player', name: now.name, ...(now.seat ? { seat: now.seat } : {}) };
    },
    message: (m) => {
      if (m.type === 'welcome' && typeof m.token === 'string') writeSeat(code, { ...readSeat(code)!, token: m.token });
      else if (m.type === 'room') room = m.room as RoomView;
      else if (m.type === 'seat') seat = m.seat as SeatView;
      else if (m.type === 'problem') return problemFrom(m as unknown as { error: string; message: string });
      draw();
    },
    state: showState,
    final: (_code, reason) => app.prepend(problemBox(`The room closed this connection (${reason}).`)),
  });
  function problemFrom(p: { error: string; message: string }) {
    if (p.error === 'unknown-token') {
      // The room does not know this phone (opened again from scratch): join again by name.
      writeSeat(code, { name: kept!.name });
      connection.close();
      joinForm(code, p.message);
      return;
    }
    const note = problemBox(p.message);
    app.prepend(note);
    setTimeout(() => note.remove(), 6000);
  }
  app.replaceChildren(h('p', { class: 'status' }, 'Joining…'));
  setInterval(() => tickClock(app), 1000);
}

function screen(code: string, asTrainer: boolean): void {
  const token = localStorage.getItem(trainerKey(code));
  if (asTrainer && !token) {
    app.replaceChildren(problemBox(`This browser did not open room ${code}, so it cannot run it. Open the projector view instead, or open a new room.`), h('p', {}, h('a', { href: `#screen=${code}` }, 'Projector view')));
    return;
  }
  const controls = h('div', { class: 'trainer' });
  const view = h('div', { class: 'screen' });
  app.replaceChildren(...(asTrainer ? [controls] : []), view);
  let joinUrl = `${location.origin}/room.html#join=${code}`;
  void fetch(`api/rooms/${code}`).then(async (r) => {
    if (r.ok) joinUrl = ((await r.json()) as { joinUrl: string }).joinUrl;
  });
  let last: RoomView | null = null;
  const connection = connectRoom(code, {
    hello: () => (asTrainer ? { type: 'hello', role: 'trainer', token } : { type: 'hello', role: 'screen' }),
    message: (m) => {
      if (m.type === 'room') {
        last = m.room as RoomView;
        renderScreen(view, last, joinUrl);
        if (asTrainer) keepingFocus(controls, () => renderTrainer(controls, last!, { send: (msg) => connection.send(msg), download: () => void downloadSession(code, token!), debrief: () => (location.hash = `debrief=${code}`) }));
      } else if (m.type === 'problem') {
        const note = problemBox(String(m.message));
        app.prepend(note);
        setTimeout(() => note.remove(), 6000);
      }
    },
    state: showState,
    final: (_c, reason) => app.prepend(problemBox(`The room closed this connection (${reason}).`)),
  });
  setInterval(() => tickClock(view), 1000);
  void last;
}

async function fetchSession(code: string, token: string): Promise<unknown> {
  const res = await fetch(`api/rooms/${code}/session`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(((await res.json()) as { message: string }).message);
  return res.json();
}

async function downloadSession(code: string, token: string): Promise<void> {
  try {
    download(`ccsim-session-${code}.json`, 'application/json', `${JSON.stringify(await fetchSession(code, token), null, 2)}\n`);
  } catch (err) {
    app.prepend(problemBox(`The session file could not be fetched: ${(err as Error).message}`));
  }
}

function debrief(code: string): void {
  const token = localStorage.getItem(trainerKey(code));
  if (!token) {
    app.replaceChildren(problemBox(`This browser did not open room ${code}. Open its session file from the start page to debrief it.`), h('p', {}, h('a', { href: '#open' }, 'Start page')));
    return;
  }
  const back = h('p', {}, h('a', { href: `#trainer=${code}` }, 'Back to the room'));
  const box = h('div', {});
  app.replaceChildren(back, box);
  fetchSession(code, token).then(
    (session) => openDebrief(box, session),
    (err: Error) => box.replaceChildren(problemBox(`The session file could not be fetched: ${err.message}`)),
  );
}

function openForm(problem?: string): void {
  const studio = sessionStorage.getItem(STUDIO_SCENARIO);
  const picker = h('select', { id: 'room-scenario' }, ...(studio ? [h('option', { value: 'studio' }, 'The design open in the studio')] : []));
  void fetch('api/scenarios').then(async (r) => {
    const list = (await r.json()) as Array<{ id: string; title: string; group: string; valid: boolean }>;
    const groups = new Map<string, HTMLOptGroupElement>();
    for (const s of list.filter((x) => x.valid)) {
      if (!groups.has(s.group)) groups.set(s.group, h('optgroup', { label: s.group }));
      groups.get(s.group)!.append(h('option', { value: s.id, selected: !studio && s.id === 'workshop/room' }, s.title));
    }
    picker.append(...groups.values());
  });
  const rounds = h('select', { id: 'room-round' }, ...[13, 26, 4, 8].map((w) => h('option', { value: w }, w === 13 ? 'A quarter (13 weeks)' : w === 26 ? 'Half a year (26 weeks)' : `${w} weeks`)));
  const seed = h('input', { id: 'room-seed', type: 'number', min: 0, step: 1, placeholder: 'the scenario\'s' });
  const title = h('input', { id: 'room-title', maxlength: 120, placeholder: 'the scenario\'s title' });
  const form = h('form', { class: 'open' },
    h('h1', {}, 'Run a workshop room'),
    h('p', { class: 'muted' }, 'Participants play the member sites from their phones; you run the core team and the rounds. Seats nobody takes are played by the model.'),
    problem ? problemBox(problem) : null,
    h('label', { for: 'room-scenario' }, 'Scenario'), picker,
    h('label', { for: 'room-round' }, 'Each round is'), rounds,
    h('label', { for: 'room-seed' }, 'Seed'), seed,
    h('label', { for: 'room-title' }, 'Title on the projector'), title,
    h('button', { type: 'submit', class: 'primary' }, 'Open the room'),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body: Record<string, unknown> = { scenario: picker.value === 'studio' ? JSON.parse(studio!) : picker.value, roundWeeks: Number(rounds.value) };
    if (seed.value !== '') body.seed = Number(seed.value);
    if (title.value.trim()) body.title = title.value.trim();
    const res = await fetch('api/rooms', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).catch(() => null);
    if (!res) return openForm('The server cannot be reached.');
    const answer = (await res.json()) as { code?: string; trainerToken?: string; message?: string; issues?: Array<{ path: string; expected: string; found: string }> };
    if (!res.ok || !answer.code) return openForm(`The room could not be opened: ${answer.message ?? res.statusText}${answer.issues?.length ? ` (${answer.issues.slice(0, 3).map((i) => `${i.path}: expected ${i.expected}, got ${i.found}`).join('; ')})` : ''}`);
    localStorage.setItem(trainerKey(answer.code), answer.trainerToken!);
    location.hash = `trainer=${answer.code}`;
  });
  const file = h('input', { id: 'session-file', type: 'file', accept: '.json,application/json' });
  file.addEventListener('change', async () => {
    const f = file.files?.[0];
    if (!f) return;
    let data: unknown;
    try {
      data = JSON.parse(await f.text());
    } catch (err) {
      return openForm(`${f.name} is not JSON: ${(err as Error).message}`);
    }
    const box = h('div', {});
    app.replaceChildren(h('p', {}, h('a', { href: '#open' }, 'Start page')), box);
    openDebrief(box, data);
  });
  app.replaceChildren(
    form,
    h('section', { class: 'open-file' }, h('h2', {}, 'Debrief a past session'), h('label', { for: 'session-file' }, 'Open a session file (ccsim-session-….json)'), file),
    h('p', {}, h('a', { href: '#join' }, 'Join a room as a participant'), ' · ', h('a', { href: './' }, 'Back to the studio')),
  );
}
