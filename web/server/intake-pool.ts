/**
 * The thread that reads request bodies (see intake.ts). One thread is enough: a body is at most
 * the server's body limit, read in well under a second, and the rate limit bounds how many come.
 * Bodies wait their turn in a bounded queue; past it the server is overloaded and says so (503),
 * as it does when its event loop lags. The thread's heap is capped, so a body that somehow needed
 * gigabytes would end that thread (piscina starts another), not the server.
 */
import { Piscina } from 'piscina';
import type { IntakeResult, IntakeRoute, IntakeTask } from './intake.ts';

export interface IntakePool {
  read<R extends IntakeRoute>(route: R, text: string | undefined): Promise<IntakeResult<R>>;
  close(): Promise<void>;
}

/** Bodies that may wait for the intake thread before more are turned away. */
export const INTAKE_QUEUE = 64;

export function createIntakePool(file: string): IntakePool {
  const piscina = new Piscina({
    filename: file,
    minThreads: 1,
    maxThreads: 1,
    idleTimeout: Number.POSITIVE_INFINITY,
    resourceLimits: { maxOldGenerationSizeMb: 1024 },
  });
  return {
    async read<R extends IntakeRoute>(route: R, text: string | undefined): Promise<IntakeResult<R>> {
      if (piscina.queueSize >= INTAKE_QUEUE) return overloaded();
      try {
        return (await piscina.run({ route, text } satisfies IntakeTask)) as IntakeResult<R>;
      } catch (err) {
        // The thread ended under the body (its heap cap): the body is the cause, not the server.
        if ((err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
          return { ok: false, status: 413, error: 'body-too-costly', message: 'reading the request body needed more memory than this server allows; send a smaller scenario or experiment' };
        }
        throw err;
      }
    },
    close: () => piscina.destroy(),
  };
}

function overloaded<R extends IntakeRoute>(): IntakeResult<R> {
  return { ok: false, status: 503, error: 'overloaded', message: `the server has ${INTAKE_QUEUE} request bodies waiting to be read; try again in a few seconds` };
}
