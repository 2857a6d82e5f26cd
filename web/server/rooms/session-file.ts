/** A room as a session file (engine/core/play/session-file.ts): the trainer's download. */
import { SESSION_FORMAT, SESSION_VERSION, type SessionFile } from '../../../engine/core/play/session-file.ts';
import type { Room } from './room.ts';

export function sessionFile(room: Room): SessionFile {
  const h = room.header;
  const name = (id: string) => (id === 'trainer' ? 'Trainer' : (room.participants.get(id)?.name ?? id));
  return {
    format: SESSION_FORMAT,
    version: SESSION_VERSION,
    ccsim: h.ccsim,
    code: h.code,
    title: h.title,
    createdAt: h.createdAt,
    ...(h.scenarioId ? { scenarioId: h.scenarioId } : {}),
    scenario: h.scenario,
    seed: h.seed,
    roundWeeks: h.roundWeeks,
    week: room.week,
    ended: room.ended,
    decisions: room.played.decisions.map((d) => ({ ...d })),
    rounds: room.rounds.map((r) => ({ ...r })),
    seats: [...room.humansBySeat()].map(([seat, people]) => ({ seat, people: people.map((p) => p.name) })),
    predictions: [...room.questions.values()].map((q) => ({ question: q.id, askedWeek: q.askedWeek, answers: [...q.answers].map(([who, value]) => ({ name: name(who), value })) })),
    messages: room.messages.map((m) => ({ ...m })),
  };
}
