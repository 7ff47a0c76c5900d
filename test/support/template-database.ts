import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { closeDatabase, migrateDatabase, openDatabase } from '../../src/persistence/database.js';

// Set by the global setup so every test process copies the one file migrated per run.
const TEMPLATE_ENV = 'KEURMERK_TEST_TEMPLATE_DB';

/** Migrates an empty registry database once; returns its path. Only the schema: data keeps each test's clock. */
export function createTemplateDatabase(dir = mkdtempSync(join(tmpdir(), 'keurmerk-template-'))): string {
  const path = join(dir, 'template.sqlite');
  const db = openDatabase(path, { synchronous: 'OFF' });
  migrateDatabase(db);
  // Closing checkpoints the WAL into the main file, so copying that one file is a whole database.
  closeDatabase(db);
  process.env[TEMPLATE_ENV] = path;
  return path;
}

/** Puts a migrated database at `path`: a copy of the run's template (migrated on the spot without one). */
export function copyTemplateDatabase(path: string): void {
  const template = process.env[TEMPLATE_ENV];
  mkdirSync(dirname(path), { recursive: true });
  if (template && existsSync(template)) copyFileSync(template, path);
  else copyFileSync(createTemplateDatabase(), path);
}
