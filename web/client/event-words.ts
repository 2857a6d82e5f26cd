/**
 * Events in words, as the workshop view and the workshop rooms call them out. Types only from the
 * engine, so a phone's page does not load the engine to name an event.
 */
import type { ModelEvent } from '../../engine/core/model/state.ts';
import type { SiteResult } from '../../engine/core/metrics/site-results.ts';

/** How the workshop names a site (the same name labels its circle and its events). */
export function siteName(sites: ReadonlyArray<Pick<SiteResult, 'type'>>, s: number): string {
  return `Site ${s + 1} (${sites[s].type})`;
}

export function describeEvent(ev: ModelEvent, sites: ReadonlyArray<Pick<SiteResult, 'type'>>): string {
  const s = ev.site >= 0 ? siteName(sites, ev.site) : '';
  switch (ev.kind) {
    case 'joined':
      return `${s} joins the community`;
    case 'active':
      return `${s} finishes onboarding`;
    case 'passive':
      return `${s} goes quiet: it still reports but takes little part`;
    case 'reengaged':
      return `${s} takes full part again`;
    case 'droppedOut':
      return `${s} drops out`;
    case 'lapsed':
      return `${s} stops measuring`;
    case 'championLeft':
      return `${s} loses its champion`;
    case 'championReplaced':
      return `${s} has a new champion`;
    case 'reorganisation':
      return `${s} is reorganised`;
    case 'conflictFlare':
      return `Conflict flares at ${s}`;
    case 'learningEvent':
      return ev.value === 1 ? 'Face-to-face learning event' : 'Remote learning session';
    case 'standardAdopted':
      return `${s} makes the intervention its written standard and trains its staff in it`;
    case 'theoryReviewed':
      return `The core team reviews its theory of change (${Math.round(ev.value * 100)}% of the emphasis moves)`;
    case 'fundingEnded':
      return 'The funding ends';
  }
}
