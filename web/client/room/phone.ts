/**
 * A participant's phone: their site's story so far (what its data show against its baseline, with
 * the funding timeline), its time, capability, belonging and conflict, what happened to it this
 * round, and its choices for the next round against the round's countdown; the questions to
 * predict; at the end, how the site did against its ghost.
 */
import type { RoomView, SeatView } from '../../../engine/core/play/room-protocol.ts';
import { describeEvent } from '../event-words.ts';
import { countdown, h, num, MEMBERSHIP_WORDS } from './dom.ts';
import { leversForm, type Choose } from './levers-form.ts';
import { lineChart } from './svg.ts';
import { moneyText } from '../../../engine/core/metrics/output.ts';

export interface PhoneActions {
  choose: Choose;
  predict(question: string, value: number): void;
}

export function renderPhone(root: HTMLElement, room: RoomView, seat: SeatView, actions: PhoneActions): void {
  const site = seat.site;
  const sections: HTMLElement[] = [];
  const heading = site ? site.label : seat.you.seat === 'core' ? 'Core team' : 'Observer';
  const phase = room.phase === 'ended' ? 'The session has ended' : room.phase === 'lobby' ? 'Waiting for the first round' : `Round ${room.round} of ${room.rounds}`;
  sections.push(
    h('header', { class: 'phone-head' },
      h('h1', {}, heading),
      h('p', { class: 'sub' }, `${seat.you.name} · ${phase} · week ${room.week}`),
      // The round's countdown, when the trainer runs a timer (ticked every second by main.ts).
      room.deadline !== null && room.phase !== 'ended' ? h('p', { class: 'clock', 'data-deadline': room.deadline, role: 'timer', 'aria-live': 'off' }, countdown(room.deadline)) : null,
      site ? h('p', { class: `membership m-${site.membership}` }, MEMBERSHIP_WORDS[site.membership] ?? site.membership) : null,
    ),
  );
  for (const text of seat.messages) sections.push(h('p', { class: 'message', role: 'status' }, text));

  if (seat.verdict) {
    const v = seat.verdict;
    const pct = (x: number | null) => (x === null ? '–' : `${Math.round(100 * x)}%`);
    sections.push(
      h('section', { class: 'verdict', 'aria-label': 'How your site did' },
        h('h2', {}, 'How your site did'),
        h('p', {}, `Gap closed at the end of funding: ${pct(v.fundingEnd.room)} with your room's choices, ${pct(v.fundingEnd.ghost)} with the model playing every seat.`),
        h('p', {}, `At the end: ${pct(v.horizon.room)} against ${pct(v.horizon.ghost)}.`),
      ),
    );
  }

  if (site) {
    const chart = lineChart(
      [
        { label: 'Your data', values: site.reported, colour: '#0969da', points: true },
        { label: 'Staff practising (×100)', values: site.practice.map((p) => (p === null ? null : 100 * p)), colour: '#1a7f37' },
      ],
      {
        title: 'What your data show',
        x: site.weeks,
        xMax: room.horizon,
        yLabel: room.outcome.unitLabel,
        markers: [{ x: room.fundingWeeks, label: 'funding ends' }],
        references: [{ y: site.baseline, label: 'your first report' }],
        width: 360,
        height: 230,
      },
    );
    sections.push(h('figure', { class: 'chart-box', 'aria-label': 'Your site so far' }, chart, h('figcaption', { class: 'muted' }, `${room.outcome.label} (${room.outcome.unitLabel}), as your site reports it each period, against where it started.`)));
    const n = site.now;
    const joined = site.membership !== 'invited';
    const ownAndBackfill = n.timeBudget;
    if (!joined) sections.push(h('p', { class: 'muted' }, 'Your site has not joined yet: its time, coaching and support begin when it does.'));
    else sections.push(
      h('section', { class: 'numbers', 'aria-label': 'Your site now' },
        figure('Time for improvement', `${num(ownAndBackfill)} h/week`, `${num(n.protectedHours)} protected, ${num(n.backfillHours)} backfilled by the programme; below 0 means short of time`),
        figure('Coaching', `${num(n.coachingHours)} h/week`, 'coaching the programme buys for your team'),
        figure('Capability', pct100(n.capability), 'your team\'s skill in improvement'),
        figure('Belonging', pct100(n.belonging), 'how far your team feels part of the community'),
        figure('Conflict', pct100(n.conflict), 'tension between professional groups at your site'),
        figure('Spent on your site', n.spentOnSite === null ? '–' : moneyText(n.spentOnSite, room.currency), 'backfill, coaching and events so far'),
      ),
    );
    const mine = room.events.filter((e) => e.site === site.number - 1 || e.site === -1);
    sections.push(
      h('section', { class: 'events', 'aria-label': 'This round' },
        h('h2', {}, 'This round'),
        mine.length === 0 ? h('p', { class: 'muted' }, room.phase === 'lobby' ? 'Nothing yet: the first round has not been played.' : 'A quiet round for your site.') : h('ul', {}, ...mine.map((e) => h('li', {}, `Week ${e.week}: ${describeEvent(e, room.sites)}`))),
      ),
    );
  }

  const open = Object.entries(seat.answers);
  if (open.length > 0) {
    const box = h('section', { class: 'predict', 'aria-label': 'Predict' }, h('h2', {}, 'Predict'));
    for (const [id, answer] of open) {
      const q = room.questions.find((x) => x.id === id);
      if (!q) continue;
      const input = h('input', { type: 'number', inputmode: 'decimal', min: 0, max: q.unit === 'percent' ? 100 : room.seats.length, step: q.unit === 'percent' ? 1 : 1, value: answer ?? '', id: `predict-${id}`, required: true });
      const form = h('form', { class: 'predict-form' }, h('label', { for: `predict-${id}` }, q.text), input, h('button', { type: 'submit' }, answer === null ? 'Predict' : 'Change'));
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        if (input.value !== '' && Number.isFinite(Number(input.value))) actions.predict(id, Number(input.value));
      });
      if (answer !== null) form.append(h('p', { class: 'pending' }, `Your prediction: ${answer}`));
      box.append(form);
    }
    sections.push(box);
  }
  if (seat.calibration !== null) sections.push(h('p', { class: 'calibration' }, `Your calibration so far: ${Math.round(seat.calibration)} out of 100`));

  if (seat.levers.length > 0 && room.phase !== 'ended') {
    const coming = room.phase === 'lobby' ? 1 : room.round;
    sections.push(h('section', { class: 'decide', 'aria-label': 'Your choices' }, h('h2', {}, `Your choices for round ${coming}`), h('p', { class: 'muted' }, 'Each choice is sent as you make it and taken when the round starts. Choose again to change it.'), leversForm(seat.levers, actions.choose, coming, false)));
  } else if (seat.levers.length === 0 && room.phase !== 'ended') {
    sections.push(h('p', { class: 'muted' }, 'You are watching: the projector shows the community.'));
  }
  root.replaceChildren(...sections);
}

function figure(label: string, value: string, help: string): HTMLElement {
  return h('div', { class: 'figure' }, h('span', { class: 'label' }, label), h('span', { class: 'value' }, value), h('span', { class: 'help' }, help));
}

const pct100 = (x: number | null) => (x === null ? '–' : `${Math.round(100 * x)}%`);
