import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { StartupError } from '../config.js';
import { migrationsDir } from '../paths.js';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export interface DatabaseOptions {
  /** FULL unless the database may be lost (test registries): see SQLITE_SYNCHRONOUS in config.ts. */
  synchronous?: 'FULL' | 'NORMAL' | 'OFF';
}

/** The file a database was opened on (device and inode), to notice it being deleted or replaced. */
export interface FileIdentity {
  path: string;
  dev: number;
  ino: number;
}

const identities = new WeakMap<Db, FileIdentity>();

/** Where this database lives on disk; undefined for an in-memory one. */
export const databaseFile = (db: Db): FileIdentity | undefined => identities.get(db);

/** What every connection to the registry file sets, the main one and a search thread's alike. */
function readTuning(sqlite: Database.Database): void {
  sqlite.pragma('busy_timeout = 5000');
  // 32 MB of page cache instead of SQLite's 2 MB: a search on a large register probes pages
  // all over its tables, and each miss is a system call.
  sqlite.pragma('cache_size = -32768');
}

/**
 * Opens (creating if needed) the registry database with the pragmas the registry relies on.
 * A file that cannot be opened is a StartupError with one line naming the file and the cause.
 */
export function openDatabase(path: string, options: DatabaseOptions = {}): Db {
  let sqlite: Database.Database | undefined;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    sqlite = new Database(path);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    readTuning(sqlite);
    // A certification decision must survive a power cut once it has been confirmed.
    sqlite.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    // Reading the schema proves the file is a database we can read, not just a file.
    sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (err) {
    sqlite?.close();
    const cause = (err as NodeJS.ErrnoException).code ?? 'ERROR';
    throw new StartupError(`Cannot open the database ${path}: ${(err as Error).message} (${cause})`);
  }
  const db = drizzle(sqlite, { schema }) as Db;
  if (path !== ':memory:') {
    const { dev, ino } = statSync(path);
    identities.set(db, { path, dev, ino });
  }
  return db;
}

/**
 * A second, read-only connection to a registry file another connection has opened and
 * migrated (a search thread's). WAL lets it read while the main connection writes; each read
 * sees the last commit.
 */
export function openReadOnlyDatabase(path: string): Db {
  const sqlite = new Database(path, { readonly: true, fileMustExist: true });
  readTuning(sqlite);
  return drizzle(sqlite, { schema }) as Db;
}

export function migrateDatabase(db: Db): void {
  try {
    migrate(db, { migrationsFolder: migrationsDir });
  } catch (err) {
    // A read-only or foreign file fails here first; the operator needs the cause, not a stack.
    const cause = (err as { cause?: Error }).cause ?? (err as Error);
    throw new StartupError(`Cannot prepare the database ${db.$client.name}: ${cause.message}`);
  }
}

export function closeDatabase(db: Db): void {
  if (db.$client.open) db.$client.close();
}

/**
 * Runs fn in one IMMEDIATE transaction: the write lock is taken up front so two processes
 * allocating certificate numbers or appending events cannot interleave.
 */
export function inTransaction<T>(db: Db, fn: () => T): T {
  return db.$client.transaction(fn).immediate();
}

/**
 * For steps that only make sense as part of a larger change (a suspension ordered by an upheld
 * complaint, a reversal on appeal): they run in the caller's transaction and refuse to run alone.
 */
export function assertInTransaction(db: Db): void {
  if (!db.$client.inTransaction) throw new Error('This step must run inside the caller’s transaction');
}
