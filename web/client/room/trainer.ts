/**
 * The trainer's controls above the projector view: start or play the next round, pause and
 * resume the round's timer, set the timer, ask the room to predict, end the session, download
 * the session file and open the debrief; and the core team's levers, which the trainer plays.
 */
import type { RoomView } from '../../../engine/core/play/room-protocol.ts';
import { h } from './dom.ts';
import { leversForm } from './levers-form.ts';

export interface TrainerActions {
  send(message: { type: string; [key: string]: unknown }): void;
  download(): void;
  debrief(): void;
}

const TIMERS = [0, 60, 90, 120, 180, 300];

export function renderTrainer(root: HTMLElement, room: RoomView, actions: TrainerActions): void {
  const ended = room.phase === 'ended';
  const next = h('button', { type: 'button', class: 'primary', id: 'advance', disabled: ended }, room.phase === 'lobby' ? 'Play round 1' : `Play round ${room.round}`);
  next.addEventListener('click', () => actions.send({ type: 'advance' }));
  const pause = h('button', { type: 'button', id: 'pause', disabled: ended || room.timerSeconds === 0 }, room.paused ? 'Start the timer' : 'Pause the timer');
  pause.addEventListener('click', () => actions.send({ type: room.paused ? 'resume' : 'pause' }));
  const timer = h('select', { id: 'timer', disabled: ended }, ...TIMERS.map((s) => h('option', { value: s, selected: s === room.timerSeconds }, s === 0 ? 'No timer: I play each round' : `${s / 60} min a round`)));
  timer.addEventListener('change', () => actions.send({ type: 'timer', seconds: Number(timer.value) }));
  const ask = h('select', { id: 'ask', disabled: ended || room.askable.length === 0 }, h('option', { value: '' }, room.askable.length ? 'Ask the room to predict…' : 'No question left to ask'), ...room.askable.map((q) => h('option', { value: q.id }, q.text)));
  ask.addEventListener('change', () => ask.value && actions.send({ type: 'ask', question: ask.value }));
  const end = h('button', { type: 'button', id: 'end', disabled: ended }, 'End the session');
  end.addEventListener('click', () => {
    if (confirm('End the session? The model plays the rest of the run, and the debrief opens.')) actions.send({ type: 'end' });
  });
  const download = h('button', { type: 'button', id: 'download-session' }, 'Session file');
  download.addEventListener('click', actions.download);
  const debrief = h('button', { type: 'button', id: 'debrief', class: ended ? 'primary' : '' }, 'Debrief');
  debrief.addEventListener('click', actions.debrief);
  const bar = h('div', { class: 'trainer-bar', role: 'toolbar', 'aria-label': "Trainer's controls" }, next, h('label', { for: 'timer', class: 'visually-hidden' }, 'Round timer'), timer, pause, h('label', { for: 'ask', class: 'visually-hidden' }, 'Ask a question'), ask, end, download, debrief);
  const core = h('details', { class: 'core-levers' }, h('summary', {}, `The core team's choices${room.coreLevers.some((l) => l.pending !== null) ? ' (chosen for the coming round)' : ''}`), leversForm(room.coreLevers, (setting, value) => actions.send({ type: 'choose', setting, value }), room.phase === 'lobby' ? 1 : room.round, ended));
  const open = root.querySelector<HTMLDetailsElement>('details.core-levers')?.open ?? false;
  core.open = open;
  root.replaceChildren(bar, core);
}
