/**
 * The session file: what a workshop room did, in one JSON file the trainer downloads. The
 * scenario, the seed and the decision log reproduce the session's run exactly (replay); the rest
 * (who sat where, when each round began, what people predicted) is for the debrief. The web app
 * opens it to replay and debrief a past session; `readSessionFile` checks it as the scenario
 * files are checked, every problem with its path.
 */
import { z } from 'zod';
import { ScenarioSchema, type Scenario } from '../scenario/schema.ts';
import { describeValue, formatPath } from '../scenario/issues.ts';

export const SESSION_FORMAT = 'ccsim-session';
export const SESSION_VERSION = 1;

const DecisionSchema = z.strictObject({
  week: z.int(),
  seat: z.string(),
  setting: z.string(),
  value: z.union([z.number(), z.string(), z.boolean()]),
});

export const SessionFileSchema = z.strictObject({
  format: z.literal(SESSION_FORMAT),
  version: z.literal(SESSION_VERSION),
  /** ccsim's version that played the session (a replay on another version may differ). */
  ccsim: z.string(),
  code: z.string(),
  title: z.string(),
  createdAt: z.string(),
  scenarioId: z.string().optional(),
  scenario: z.record(z.string(), z.unknown()),
  seed: z.int().min(0),
  roundWeeks: z.int().min(1),
  /** The week the run had reached when the file was written. */
  week: z.int(),
  ended: z.boolean(),
  /** Every decision taken, in order: replayed with the scenario and seed, it gives the session's run. */
  decisions: z.array(DecisionSchema),
  rounds: z.array(z.strictObject({ from: z.int(), to: z.int(), at: z.string() })),
  seats: z.array(z.strictObject({ seat: z.string(), people: z.array(z.string()) })),
  predictions: z.array(
    z.strictObject({
      question: z.string(),
      askedWeek: z.int(),
      answers: z.array(z.strictObject({ name: z.string(), value: z.number() })),
    }),
  ),
  /** Choices that could not be taken when their round began, and why. */
  messages: z.array(z.strictObject({ week: z.int(), seat: z.string(), text: z.string() })),
});

export type SessionFile = z.infer<typeof SessionFileSchema>;

export interface SessionFileProblem {
  path: string;
  expected: string;
  found: string;
}

/** A session file read back: its fields and its scenario validated, or every problem with its path. */
export function readSessionFile(data: unknown): { ok: true; session: SessionFile; scenario: Scenario } | { ok: false; problems: SessionFileProblem[] } {
  const parsed = SessionFileSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.slice(0, 20).map((i) => ({ path: formatPath(i.path), expected: i.message.replace(/^Invalid input: /, '').replace(/^expected /, ''), found: describeValue((i as { input?: unknown }).input) })) };
  }
  const scenario = ScenarioSchema.safeParse(parsed.data.scenario, { reportInput: true });
  if (!scenario.success) {
    return { ok: false, problems: scenario.error.issues.slice(0, 20).map((i) => ({ path: `scenario.${formatPath(i.path)}`, expected: i.message.replace(/^expected /, ''), found: describeValue((i as { input?: unknown }).input) })) };
  }
  return { ok: true, session: parsed.data, scenario: scenario.data };
}
