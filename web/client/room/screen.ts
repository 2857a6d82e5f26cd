/**
 * The projector (and the trainer's screen, which adds the controls): in the lobby the room code,
 * its QR code and who has joined; in play the community as a network with the seats people hold
 * ringed and a tick on each seat that has chosen, the community's gap closed week by week, the
 * round's events each with its lesson, and predictions revealed against what happened.
 */
import type { RoomView } from '../../../engine/core/play/room-protocol.ts';
import { cardForEvent } from '../lesson-cards.ts';
import { describeEvent } from '../event-words.ts';
import { countdown, h } from './dom.ts';
import { lineChart, network, predictionPlot } from './svg.ts';

export function renderScreen(root: HTMLElement, room: RoomView, joinUrl: string): void {
  const seats = room.seats.filter((s) => s.seat !== 'core');
  const humans = seats.filter((s) => s.people.length > 0).length;
  const decided = room.seats.filter((s) => s.decided).length;
  const head = h('header', { class: 'screen-head' },
    h('h1', {}, room.title),
    h('p', { class: 'round' }, room.phase === 'lobby' ? 'Joining' : room.phase === 'ended' ? 'The session has ended' : `Round ${room.round} of ${room.rounds} · week ${room.week} of ${room.horizon}`),
    h('p', { class: 'clock', 'data-deadline': room.deadline ?? '', 'aria-live': 'off' }, room.timerSeconds === 0 || room.phase === 'ended' ? '' : room.paused ? 'Timer paused' : countdown(room.deadline)),
    h('p', { class: 'join-line' }, 'Join at ', h('strong', {}, joinUrl.replace(/#.*$/, '')), ' with code ', h('strong', { class: 'code' }, room.code)),
  );
  const parts: HTMLElement[] = [head];
  if (room.phase === 'lobby') {
    parts.push(
      h('section', { class: 'lobby' },
        h('div', { class: 'qr-box' }, h('img', { src: `api/rooms/${room.code}/qr.svg`, alt: `QR code to join room ${room.code}`, width: 320, height: 320 }), h('p', { class: 'big-code' }, room.code)),
        h('div', { class: 'joined' },
          h('h2', {}, `${room.people} ${room.people === 1 ? 'person has' : 'people have'} joined`),
          h('ul', { class: 'names' }, ...room.seats.flatMap((s) => s.people.map((p) => h('li', {}, `${p} · ${s.label}`)))),
          h('p', { class: 'muted' }, `Seats nobody takes are played by the model. ${seats.length - humans} of ${seats.length} sites are bots so far.`),
        ),
      ),
    );
  }
  const net = network(
    seats.map((s, i) => ({ label: s.label, closed: room.sites[i]?.closed ?? null, membership: s.membership, human: s.people.length > 0, decided: s.decided })),
    room.ties,
  );
  const chart = lineChart(
    [
      { label: 'Gap closed (%)', values: room.community.gapClosed, colour: '#1a7f37' },
      { label: 'Staff practising (%)', values: room.community.practice, colour: '#0969da', dashed: true },
    ],
    { title: 'The community so far', x: room.community.weeks, xMax: room.horizon, yLabel: 'percent', yMin: 0, yMaxAtLeast: 100, markers: [{ x: room.fundingWeeks, label: 'funding ends' }], width: 640, height: 300 },
  );
  const events = room.events.slice(-8).reverse();
  const cards = new Map<string, ReturnType<typeof cardForEvent>>();
  for (const e of room.events) {
    const card = cardForEvent(e.kind);
    if (card) cards.set(card.lesson, card);
  }
  parts.push(
    h('section', { class: 'play' },
      h('figure', { class: 'network-box' }, net, h('figcaption', {}, `Ringed: played by people (${humans}). ✓: has chosen (${decided} of ${room.seats.length}). Fill: share of its gap closed.`)),
      h('div', { class: 'right' },
        h('figure', { class: 'chart-box' }, chart),
        h('section', { class: 'feed', 'aria-label': 'This round' },
          h('h2', {}, room.phase === 'lobby' ? 'Waiting for round 1' : 'This round'),
          events.length === 0 ? h('p', { class: 'muted' }, room.phase === 'lobby' ? '' : 'A quiet round.') : h('ul', {}, ...events.map((e) => h('li', {}, `Week ${e.week}: ${describeEvent(e, room.sites)}`))),
          ...[...cards.values()].slice(0, 2).map((c) => h('aside', { class: 'lesson' }, h('strong', {}, `${c!.lesson}: ${c!.title}`), h('p', {}, c!.text))),
        ),
      ),
    ),
  );
  const revealed = room.questions.filter((q) => q.outcome !== null && q.predictions !== null);
  const open = room.questions.filter((q) => q.outcome === null);
  if (open.length > 0) parts.push(h('section', { class: 'questions' }, h('h2', {}, 'Predict on your phone'), ...open.map((q) => h('p', {}, `${q.text} (${q.answers} answered)`))));
  for (const q of revealed) {
    const unit = q.unit === 'percent' ? '%' : '';
    parts.push(h('section', { class: 'reveal' }, h('h2', {}, q.text), predictionPlot(q.predictions!, q.outcome!, unit)));
  }
  root.replaceChildren(...parts);
}

/** Keep the countdown ticking between updates (the projector's and a phone's). */
export function tickClock(root: HTMLElement): void {
  const clock = root.querySelector<HTMLElement>('.clock[data-deadline]');
  if (!clock || !clock.dataset.deadline) return;
  clock.textContent = `${countdown(Number(clock.dataset.deadline))}${clock.closest('.phone-head') ? ' left to choose' : ''}`;
}
