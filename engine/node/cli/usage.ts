/** Usage texts and the error every bad invocation gets (printed with usage, exit status 2). */

export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_USAGE = 2;
/** A check ran and found a difference (stale documentation, a target not reproduced). */
export const EXIT_CHECK_FAILED = 3;

export const MAIN_USAGE = `ccsim: simulate clinical communities closing an evidence-practice gap

Usage: ccsim <command> [options]

Commands:
  run <scenario>        simulate a scenario; print the weekly series (or the summary)
  experiment <file>     run an experiment (sweep, sampling design, replicates) into a folder
  merge <folder>...     join the shards of an experiment (from --shard i/N)
  analyze <folder>      compare an experiment's points, or its sensitivity indices
  design <file>         search for robust designs within a budget (Pareto front, fails when)
  calibrate <scenario>  fit parameters to published figures (--targets FILE)
  validate <file>...    check scenario files; print every problem with how to fix it
  schema                print the JSON Schema of scenario (or experiment) files
  docs                  refresh the generated sections of docs/model.md
  version               print the version of ccsim

Run 'ccsim <command> --help' for a command's options.
`;

export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
  }
}

/** A whole-number option's value, or a usage error naming the option and its range. */
export function integerFlag(flag: string, text: string, min: number, max: number, usage: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag}: expected a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`, usage);
  }
  return n;
}
