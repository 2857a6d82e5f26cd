/**
 * The ten lessons, in a module of their own with no dependency, so that a page that only names
 * them (a workshop phone, the lesson cards) does not load the schema machinery (param.ts) with it.
 */
/** The ten lessons of "Using clinical communities to improve quality" (Health Foundation, 2013). */
export const LESSONS = {
  1: 'Choose the right challenge',
  2: 'Build a strong core team',
  3: 'Recruit a community',
  4: 'Resource the community properly',
  5: 'Start with a clear theory of change, but review and adapt',
  6: 'Foster a sense of community and belonging',
  7: 'Recognise and deal with conflict and marginalisation',
  8: "Find a balance between 'hard' and 'soft' tactics",
  9: 'Use data wisely',
  10: 'Recognise contextual influences and the need for customisation',
} as const;
export type Lesson = keyof typeof LESSONS;
