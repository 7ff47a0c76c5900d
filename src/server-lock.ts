import { readFileSync, rmSync, writeFileSync } from 'node:fs';

/**
 * A serving process leaves its pid next to the database, so `keurmerk restore` can refuse to
 * replace a file a running server still writes to. A pid left by a killed server is stale and
 * harmless: the process it names no longer exists.
 */
export const serverLockPath = (databasePath: string): string => `${databasePath}.pid`;

export function claimServerLock(databasePath: string): () => void {
  const path = serverLockPath(databasePath);
  writeFileSync(path, `${process.pid}\n`);
  return () => rmSync(path, { force: true });
}

/** The pid of a live server on this database, or null. */
export function runningServerPid(databasePath: string): number | null {
  let pid: number;
  try {
    pid = Number(readFileSync(serverLockPath(databasePath), 'utf8').trim());
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (err) {
    // EPERM: it exists but belongs to someone else, which still means it is running.
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}
