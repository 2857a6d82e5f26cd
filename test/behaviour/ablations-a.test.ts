/** The ablation table, first half: every mechanism's behaviour holds with it and not without it. */
import { beforeAll, describe } from 'vitest';
import { reportTo } from './arms.ts';
import { ablationTests } from './ablation-rows.ts';

beforeAll(() => reportTo('ablations-a'));
describe('ablations (first half)', () => ablationTests(0, 2));
