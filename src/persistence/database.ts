import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { migrationsDir } from '../paths.js';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export interface DatabaseOptions {
  /** FULL unless the database may be lost (test registries): see SQLITE_SYNCHRONOUS in config.ts. */
  synchronous?: 'FULL' | 'NORMAL' | 'OFF';
}

/** Opens (creating if needed) the registry database with the pragmas the registry relies on. */
export function openDatabase(path: string, options: DatabaseOptions = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // A certification decision must survive a power cut once it has been confirmed.
  sqlite.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
  return drizzle(sqlite, { schema }) as Db;
}

export function migrateDatabase(db: Db): void {
  migrate(db, { migrationsFolder: migrationsDir });
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
