import { randomUUID } from 'node:crypto';
import { readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataDirectoryLockedError } from '../errors';

export const LOCK_FILE_NAME = 'event-store.lock';

/**
 * One process per data directory: PGlite opened twice on the same files corrupts them. The lock
 * file is created exclusively and holds the owner's pid; a lock left by a process that no longer
 * exists (killed, crashed) is taken over, a live one is refused.
 */
export class DataDirectoryLock {
  private constructor(
    private readonly path: string,
    private readonly token: string,
  ) {}

  static acquire(dataDir: string): DataDirectoryLock {
    const path = join(dataDir, LOCK_FILE_NAME);
    const token = `${process.pid}\n${randomUUID()}\n`;
    // Two rounds: the second follows the removal of a stale lock.
    for (let round = 0; round < 2; round++) {
      if (createExclusively(path, token)) return new DataDirectoryLock(path, token);
      const holder = readHolder(path);
      if (holder === undefined) continue; // vanished meanwhile: try again
      if (holder.pid === null || isAlive(holder.pid)) throw new DataDirectoryLockedError(dataDir, holder.pid);
      removeStale(path, holder.content);
    }
    throw new DataDirectoryLockedError(dataDir, readHolder(path)?.pid ?? null);
  }

  /** Removes the lock file only if it is still ours. */
  release(): void {
    if (readHolder(this.path)?.content === this.token) rmSync(this.path, { force: true });
  }
}

function createExclusively(path: string, token: string): boolean {
  try {
    writeFileSync(path, token, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** The holder's pid (null if the file is unreadable as one: treated as held, never guessed stale). */
function readHolder(path: string): { pid: number | null; content: string } | undefined {
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const pid = Number(content.split('\n')[0]);
  return { pid: Number.isSafeInteger(pid) && pid > 0 ? pid : null, content };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Moves the stale file aside before deleting it, and puts it back if what was moved is not the
 * stale lock we examined — another process took the lock over in between and it is now live.
 */
function removeStale(path: string, staleContent: string): void {
  const aside = `${path}.${process.pid}.${randomUUID()}`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (readFileSync(aside, 'utf8') === staleContent) unlinkSync(aside);
  else renameSync(aside, path);
}
