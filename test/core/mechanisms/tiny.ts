/** A tiny community for mechanism tests: a few sites of a few staff, with a fixed seed. */
import { init } from '../../../engine/core/index.ts';
import type { State } from '../../../engine/core/model/state.ts';
import { scenarioWith } from '../../behaviour/arms.ts';

export function tiny(sets: string[] = [], seed = 42): State {
  return init(
    scenarioWith([
      'recruitment.invitedSites=4',
      'recruitment.comparisonSites=2',
      'community.siteTypes=[{"name":"ward","share":1,"staffMean":20}]',
      'community.staffSpread=0',
      ...sets,
    ]),
    seed,
  );
}
