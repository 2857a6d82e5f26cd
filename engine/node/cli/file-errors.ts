/**
 * File-system failures the user can fix (a missing folder, no permission, a full disk), told as
 * problems with their path rather than as bugs with a stack trace.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

const REASONS: Record<string, (path: string) => { found: string; fix: string }> = {
  // ENOENT for a folder that exists: one where no file can be made (/proc, say).
  ENOENT: (p) =>
    existsSync(dirname(p))
      ? { found: `a folder where no file can be created (${dirname(p)})`, fix: 'Choose a path in an ordinary folder.' }
      : { found: `no folder ${dirname(p)}`, fix: 'Create the folder first, or choose a path in one that exists.' },
  ENOTDIR: (p) => ({ found: `a file where a folder should be on the way to ${p}`, fix: 'Choose a path whose folders are folders.' }),
  EISDIR: () => ({ found: 'a folder', fix: 'Give a file name inside it.' }),
  EACCES: () => ({ found: 'permission denied', fix: 'Choose a place you may write to, or change its permissions.' }),
  EPERM: () => ({ found: 'operation not permitted', fix: 'Choose a place you may write to, or change its permissions.' }),
  EROFS: () => ({ found: 'a read-only file system', fix: 'Choose a place on a writable disk.' }),
  ENOSPC: () => ({ found: 'no space left on the disk', fix: 'Free some space, or write somewhere else.' }),
  EDQUOT: () => ({ found: 'the disk quota is used up', fix: 'Free some space, or write somewhere else.' }),
};

/** The problem an error from the file system describes, or null if it is not one of those. */
export function fileSystemProblem(err: unknown): string | null {
  const e = err as NodeJS.ErrnoException;
  if (!e || typeof e !== 'object' || typeof e.code !== 'string' || typeof e.path !== 'string') return null;
  const reason = REASONS[e.code];
  if (!reason) return null;
  // Output is written to a temporary file beside the target, then renamed: name the target.
  const path = e.path.replace(/\.partial-\d+$/, '');
  const { found, fix } = reason(path);
  const action = e.syscall === 'open' || e.syscall === 'write' || e.syscall === 'rename' || e.syscall === 'mkdir' ? 'write' : 'use';
  return `${path}: expected a place ccsim can ${action}, got ${found}. ${fix}`;
}

/**
 * Check before a long computation that a file can be written at this path (its folder exists
 * and may be written to), so that no result is lost at the end: the problem, or null.
 */
export function unwritablePath(path: string): string | null {
  try {
    const folder = dirname(path);
    if (!statSync(folder).isDirectory()) return fileSystemProblem(Object.assign(new Error('not a folder'), { code: 'ENOTDIR', path, syscall: 'open' }));
    accessSync(folder, constants.W_OK);
    if (existsSync(path) && statSync(path).isDirectory()) return fileSystemProblem(Object.assign(new Error('a folder'), { code: 'EISDIR', path, syscall: 'open' }));
    return null;
  } catch (err) {
    return fileSystemProblem(Object.assign(err as object, { path, syscall: 'open' }));
  }
}
