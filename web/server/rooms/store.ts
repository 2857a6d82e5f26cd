/**
 * Rooms on disk: one file per room (<code>.jsonl), its header on the first line and one entry per
 * line after it, appended before the entry is applied, so that whatever a room was told survives a
 * crash or a restart. Writes are synchronous appends of a line each (tens of microseconds): a room
 * of 200 phones choosing at once is a few milliseconds of writing. A file whose last line was cut
 * off by a crash loses that line only; a file that cannot be read otherwise is left where it is
 * and reported, never deleted or overwritten.
 */
import { appendFileSync, mkdirSync, readFileSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { RoomEntry, RoomHeader } from './room.ts';

const at = z.string();
const value = z.union([z.number(), z.string(), z.boolean()]);
const HeaderSchema = z.object({
  kind: z.literal('room'),
  format: z.number(),
  ccsim: z.string(),
  code: z.string(),
  createdAt: z.string(),
  title: z.string(),
  scenarioId: z.string().optional(),
  scenario: z.record(z.string(), z.unknown()),
  seed: z.number(),
  roundWeeks: z.number().int().positive(),
  trainerTokenHash: z.string(),
});
const EntrySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('join'), at, participant: z.string(), name: z.string(), seat: z.string(), tokenHash: z.string() }),
  z.object({ kind: z.literal('choose'), at, participant: z.string(), seat: z.string(), setting: z.string(), value }),
  z.object({ kind: z.literal('advance'), at, by: z.enum(['trainer', 'timer']) }),
  z.object({ kind: z.literal('timer'), at, seconds: z.number() }),
  z.object({ kind: z.literal('pause'), at }),
  z.object({ kind: z.literal('resume'), at }),
  z.object({ kind: z.literal('ask'), at, question: z.string() }),
  z.object({ kind: z.literal('predict'), at, participant: z.string(), question: z.string(), value: z.number() }),
  z.object({ kind: z.literal('end'), at }),
]);

export interface RoomFile {
  header: RoomHeader;
  entries: RoomEntry[];
  /** A cut-off last line that was skipped. */
  torn: boolean;
}

export type LoadedRoomFile = { ok: true; file: string; room: RoomFile } | { ok: false; file: string; problem: string };

export const ROOM_CODE_PATTERN = /^[A-HJ-NP-Z2-9]{5}$/;

export class RoomStore {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
    mkdirSync(dir, { recursive: true });
  }

  fileOf(code: string): string {
    return join(this.dir, `${code}.jsonl`);
  }

  /** Write a new room's header; fails (EEXIST) rather than overwrite a room with the same code. */
  create(header: RoomHeader): void {
    writeFileSync(this.fileOf(header.code), `${JSON.stringify(header)}\n`, { flag: 'wx' });
  }

  append(code: string, entry: RoomEntry): void {
    appendFileSync(this.fileOf(code), `${JSON.stringify(entry)}\n`);
  }

  /** The rooms on disk, newest first, at most `limit` of them. */
  list(limit: number): string[] {
    const files = readdirSync(this.dir)
      .filter((f) => f.endsWith('.jsonl') && ROOM_CODE_PATTERN.test(f.slice(0, -6)))
      .map((f) => ({ f, t: statSync(join(this.dir, f)).mtimeMs }));
    return files.sort((a, b) => b.t - a.t).slice(0, limit).map((x) => x.f.slice(0, -6));
  }

  load(code: string): LoadedRoomFile {
    const file = this.fileOf(code);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      return { ok: false, file, problem: `cannot read it: ${(err as Error).message}` };
    }
    const lines = text.split('\n');
    // A file always ends with a newline; anything after the last one is a line cut off mid-write.
    const tail = lines.pop() ?? '';
    const parsed: unknown[] = [];
    for (let i = 0; i < lines.length; i++) {
      try {
        parsed.push(JSON.parse(lines[i]));
      } catch {
        return { ok: false, file, problem: `line ${i + 1} is not JSON; the file was changed by hand or damaged (it is left as it is)` };
      }
    }
    const header = HeaderSchema.safeParse(parsed[0]);
    if (!header.success || header.data.code !== code) return { ok: false, file, problem: 'its first line is not the header of this room' };
    const entries: RoomEntry[] = [];
    for (let i = 1; i < parsed.length; i++) {
      const entry = EntrySchema.safeParse(parsed[i]);
      if (!entry.success) return { ok: false, file, problem: `line ${i + 1} is not an entry of a room (${entry.error.issues[0].message}); the file was changed by hand or damaged (it is left as it is)` };
      entries.push(entry.data);
    }
    // The cut-off line is dropped from the file too, so the next entry starts a line of its own.
    if (tail.length > 0) truncateSync(file, Buffer.byteLength(text) - Buffer.byteLength(tail));
    return { ok: true, file, room: { header: header.data as RoomHeader, entries, torn: tail.length > 0 } };
  }
}
