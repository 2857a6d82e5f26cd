/**
 * What the audience is seeing, lesson by lesson: the card the workshop view shows beside the
 * community as events happen (or, when nothing is happening, for the phase the programme is in).
 */
import type { EventKind } from '../../engine/core/index.ts';
import { LESSONS } from '../../engine/core/scenario/lessons.ts';

export interface LessonCard {
  lesson: string;
  title: string;
  text: string;
}

export const CARDS: Record<string, LessonCard> = {
  challenge: {
    lesson: 'Lesson 1',
    title: LESSONS[1],
    text: 'How fast colour spreads depends first on the practice itself: strong evidence, a clear advantage and low complexity make it easy to take up, and a practice simple and standard enough to be one checklist spreads fastest where each site makes it its written standard and trains its staff in it. When the outcome is rare, each site sees little signal in its own data, and improvement is slower to show.',
  },
  coreTeam: {
    lesson: 'Lesson 2',
    title: LESSONS[2],
    text: "The core team's credibility and backing bring sites in and make its support count. Its hours are shared by every site: add sites without adding people, and each site gets less.",
  },
  recruitment: {
    lesson: 'Lesson 3',
    title: LESSONS[3],
    text: 'Sites join as they see peers join; the keenest come first. Most dropouts happen soon after joining, when time is short and belonging has not yet formed.',
  },
  resources: {
    lesson: 'Lesson 4',
    title: LESSONS[4],
    text: 'Improvement needs protected time. Where firefighting eats every spare hour, capability erodes and the site stays grey: the capability trap. Extra money helps less and less.',
  },
  theory: {
    lesson: 'Lesson 5',
    title: LESSONS[5],
    text: 'The core team has just looked at the data and shifted its emphasis toward what seems to work. Each change costs re-training, so reviewing too often churns on noise.',
  },
  belonging: {
    lesson: 'Lesson 6',
    title: LESSONS[6],
    text: 'At shared events site teams meet: the lines between sites are ties that carry practice and belonging from one site to another. Without contact they fade.',
  },
  conflict: {
    lesson: 'Lesson 7',
    title: LESSONS[7],
    text: 'Conflict has flared at a site. Groups with little voice bear most of it: their adoption slows and the site is more likely to drop out, unless the core team mediates and includes them.',
  },
  tactics: {
    lesson: 'Lesson 8',
    title: LESSONS[8],
    text: 'Mandates and targets move people fast but leave practice nobody owns; persuasion is slow but lasting. Watch what happens to the colour once the pressure stops.',
  },
  data: {
    lesson: 'Lesson 9',
    title: LESSONS[9],
    text: 'Sites see their performance only through their data. Feedback pulls the sites furthest behind the most; surveillance and named league tables make data thinner and flattering.',
  },
  context: {
    lesson: 'Lesson 10',
    title: LESSONS[10],
    text: 'A reorganisation or the loss of a champion sets a site back. The same programme transforms some sites and barely touches others, and context explains much of the difference.',
  },
  sustainment: {
    lesson: 'After funding',
    title: 'Will it last?',
    text: 'The funding has ended. Where the practice became routine and sites keep measuring, colour holds; elsewhere it fades back. Compare the sites that still report with those that stopped.',
  },
};

/** The card an event calls up (null for events that do not change the story). */
export function cardForEvent(kind: EventKind): LessonCard | null {
  switch (kind) {
    case 'joined':
    case 'passive':
    case 'droppedOut':
      return CARDS.recruitment;
    case 'conflictFlare':
      return CARDS.conflict;
    case 'standardAdopted':
      return CARDS.challenge;
    case 'theoryReviewed':
      return CARDS.theory;
    case 'learningEvent':
      return CARDS.belonging;
    case 'reorganisation':
    case 'championLeft':
      return CARDS.context;
    case 'fundingEnded':
    case 'lapsed':
      return CARDS.sustainment;
    default:
      return null;
  }
}

/** The card for a quiet week, by phase. */
export function cardForWeek(week: number, recruitmentWeeks: number, fundingWeeks: number): LessonCard {
  if (week < Math.min(recruitmentWeeks, 13)) return CARDS.recruitment;
  if (week >= fundingWeeks) return CARDS.sustainment;
  const rotation = [CARDS.tactics, CARDS.data, CARDS.resources, CARDS.coreTeam, CARDS.challenge];
  return rotation[Math.floor(week / 26) % rotation.length];
}
