/**
 * The debrief in a Web Worker: a session file's run replayed against its ghost, then each seat's
 * decisions taken out over several seeds (engine/core/play/debrief.ts). Several hundred runs of a
 * small community: seconds of work the page must not wait on.
 */
import { readSessionFile } from '../../../engine/core/play/session-file.ts';
import { debriefOf, roomEffects, type Debrief, type RoomEffects } from '../../../engine/core/play/debrief.ts';

export type DebriefRequest = { session: unknown; seeds: number };
export type DebriefReply =
  | { kind: 'debrief'; debrief: Debrief }
  | { kind: 'progress'; done: number; total: number }
  | { kind: 'effects'; effects: RoomEffects }
  | { kind: 'problem'; message: string };

const scope = self as unknown as { onmessage: ((e: MessageEvent<DebriefRequest>) => void) | null; postMessage(message: DebriefReply): void };

scope.onmessage = (event) => {
  const read = readSessionFile(event.data.session);
  if (!read.ok) {
    scope.postMessage({ kind: 'problem', message: `This is not a ccsim session file: ${read.problems.slice(0, 3).map((p) => `${p.path || 'the file'}: expected ${p.expected}, got ${p.found}`).join('; ')}` });
    return;
  }
  try {
    scope.postMessage({ kind: 'debrief', debrief: debriefOf(read.session, read.scenario) });
    let last = 0;
    const effects = roomEffects(read.session, read.scenario, event.data.seeds, (done, total) => {
      const now = Date.now();
      if (now - last > 200 || done === total) {
        last = now;
        scope.postMessage({ kind: 'progress', done, total });
      }
    });
    scope.postMessage({ kind: 'effects', effects });
  } catch (err) {
    scope.postMessage({ kind: 'problem', message: (err as Error).message });
  }
};
