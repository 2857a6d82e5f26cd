/**
 * Where a command's output goes: standard output (for pipes) or a file written whole or not at
 * all (a temporary file renamed into place at the end, so an interrupted run leaves no half file).
 */
import { closeSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
}

export function processIO(): CliIO {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    cwd: process.cwd(),
  };
}

export interface Sink {
  write(text: string): void;
  /** Finish: a file is moved into place. */
  close(): void;
  /** Give up: a file is removed, nothing is left behind. */
  abort(): void;
}

export function openSink(io: CliIO, file: string | undefined): Sink {
  if (!file) return { write: io.out, close() {}, abort() {} };
  const target = resolve(io.cwd, file);
  const temporary = `${target}.partial-${process.pid}`;
  const fd = openSync(temporary, 'w');
  let open = true;
  return {
    write(text) {
      writeSync(fd, text);
    },
    close() {
      if (!open) return;
      open = false;
      closeSync(fd);
      renameSync(temporary, target);
    },
    abort() {
      if (!open) return;
      open = false;
      closeSync(fd);
      rmSync(temporary, { force: true });
    },
  };
}

/**
 * Write a whole file or nothing: to a temporary file beside it, then renamed into place, so a
 * process stopped halfway (a fit that took minutes, interrupted) never leaves a half-written
 * scenario or behaviour file where the old one was.
 */
export function writeFileWhole(path: string, text: string): void {
  const temporary = `${path}.partial-${process.pid}`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}
