/** The ablation table, second half: every mechanism's behaviour holds with it and not without it. */
import { beforeAll, describe } from 'vitest';
import { reportTo } from './arms.ts';
import { ablationTests } from './ablation-rows.ts';

beforeAll(() => reportTo('ablations-b'));
describe('ablations (second half)', () => ablationTests(1, 2));
