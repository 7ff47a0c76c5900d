import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { openRegistry } from '../bootstrap.js';
import { loadConfig } from '../config.js';
import { closeDatabase, migrateDatabase, openDatabase } from '../persistence/database.js';
import { runningServerPid } from '../server-lock.js';
import { verifyEventLog } from '../services/event-log.js';
import { evidenceStore } from '../persistence/evidence-store.js';
import { copyEvidence, evidenceBackupDir } from './evidence-backup.js';
import type { CliIo } from './main.js';

const sidecars = ['', '-wal', '-shm'];

/** Deletes a database file with its WAL and shared-memory files. */
const discard = (path: string) => {
  for (const suffix of sidecars) rmSync(path + suffix, { force: true });
};

/** `keurmerk backup <file>`: SQLite's online backup, consistent even while the server keeps writing. */
export async function backupCommand(args: string[], io: CliIo): Promise<number> {
  const [file] = args;
  if (!file) {
    io.stderr('Usage: keurmerk backup <file>');
    return 2;
  }
  if (existsSync(file)) {
    io.stderr(`${file} already exists; choose a new file so no backup is overwritten`);
    return 1;
  }
  const config = loadConfig(io.env);
  const registry = openRegistry(config, io.clock);
  try {
    await registry.db.$client.backup(file);
  } finally {
    closeDatabase(registry.db);
  }
  // The files the backed-up rows refer to (later uploads belong to a later backup).
  const dir = evidenceBackupDir(file);
  const evidence = copyEvidence(file, [evidenceStore(config.evidenceDir)], evidenceStore(dir));
  io.stdout(
    `Backup of ${config.databasePath} written to ${file}${evidence.copied > 0 ? `, with ${evidence.copied} evidence file(s) in ${dir}` : ''}.`,
  );
  if (evidence.missing.length > 0) {
    io.stderr(
      `${evidence.missing.length} evidence file(s) the database refers to are missing or damaged in ${config.evidenceDir}: ${evidence.missing.join(', ')}`,
    );
    return 1;
  }
  return 0;
}

/**
 * `keurmerk restore <file>`: replaces the database with a backup, but only with the server
 * stopped and only after the backup has proved itself (SQLite's integrity check, the migrations,
 * the event log's hash chain), checked on a copy so the backup itself is never changed. The
 * database it replaces is kept next to it, renamed, with its WAL, so nothing is lost by mistake.
 */
export async function restoreCommand(args: string[], io: CliIo): Promise<number> {
  const [file] = args;
  if (!file || args.length > 1) {
    io.stderr('Usage: keurmerk restore <backup-file>');
    return 2;
  }
  if (!existsSync(file)) {
    io.stderr(`${file} does not exist`);
    return 1;
  }
  const config = loadConfig(io.env);
  const target = config.databasePath;
  const pid = runningServerPid(target);
  if (pid !== null) {
    io.stderr(`A server (pid ${pid}) is using ${target}; stop it before restoring.`);
    return 1;
  }
  const stamp = io.clock.now().toISOString().replace(/[:.]/g, '-');
  const candidate = `${target}.restoring-${stamp}`;
  copyFileSync(file, candidate);
  const problem = checkBackup(candidate);
  if (problem) {
    discard(candidate);
    io.stderr(`${file} was not restored: ${problem}. ${target} is unchanged.`);
    return 1;
  }
  // The evidence files come back first (next to those already there): a database is never
  // restored without every file it refers to.
  const evidence = copyEvidence(
    candidate,
    [evidenceStore(evidenceBackupDir(file)), evidenceStore(config.evidenceDir)],
    evidenceStore(config.evidenceDir),
  );
  if (evidence.missing.length > 0) {
    discard(candidate);
    io.stderr(
      `${file} was not restored: ${evidence.missing.length} evidence file(s) it refers to are neither in ${evidenceBackupDir(file)} nor in ${config.evidenceDir}. ${target} is unchanged.`,
    );
    return 1;
  }
  const kept = `${target}.before-restore-${stamp}`;
  const hadDatabase = existsSync(target);
  if (hadDatabase)
    for (const suffix of sidecars) if (existsSync(target + suffix)) renameSync(target + suffix, kept + suffix);
  renameSync(candidate, target);
  io.stdout(`Restored ${target} from ${file}.${hadDatabase ? ` The previous database is kept as ${kept}.` : ''}`);
  return 0;
}

/** Why the copy is no registry to serve from, or null when it is sound. */
function checkBackup(path: string): string | null {
  let db: ReturnType<typeof openDatabase> | undefined;
  try {
    db = openDatabase(path);
    const integrity = db.$client.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') return `the integrity check failed (${String(integrity)})`;
    migrateDatabase(db);
    const chain = verifyEventLog(db);
    if (!chain.ok) return `the event log's hash chain breaks at entry ${chain.brokenAt}`;
    return null;
  } catch (err) {
    return (err as Error).message;
  } finally {
    if (db) closeDatabase(db);
  }
}
