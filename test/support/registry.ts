import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Express } from 'express';
import { pino } from 'pino';
import { expect } from 'vitest';
import { createApp } from '../../src/app.js';
import { openRegistry, type Registry } from '../../src/bootstrap.js';
import { fixedClock } from '../../src/clock.js';
import { loadConfig, type Config } from '../../src/config.js';
import { closeDatabase } from '../../src/persistence/database.js';
import { copyTemplateDatabase } from './template-database.js';

/**
 * Settings every test registry shares: cheap password hashes (every stored hash names its cost,
 * so verification is the same code path), no fsync on a database thrown away after the test,
 * one search thread.
 */
export const TEST_ENV = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  PASSWORD_HASH_COST: '4',
  SQLITE_SYNCHRONOUS: 'OFF',
  // Searches still go through a search thread, as in production; one per registry is enough
  // (each costs a module load when it starts). search-threads.test.ts runs two.
  SEARCH_THREADS: '1',
} as const;

/**
 * One registry CA per test file. Generating one costs ~0.3 s, so a file's registries share it;
 * files do not, even when one worker runs several: a CA made at one file's clock can postdate
 * another file's signing times.
 */
export function testKeysDir(): string {
  const file = createHash('sha256')
    .update(expect.getState().testPath ?? '')
    .digest('hex')
    .slice(0, 12);
  return join(tmpdir(), `keurmerk-test-keys-${process.pid}-${file}`);
}

export interface TestRegistryOptions {
  now?: string;
  env?: Record<string, string>;
  /**
   * 'signed' draws and signs each certificate's PDF when it is issued or changes status, as the
   * registry does. 'on-download' (the default) only records which certificates changed and
   * draws a real, signed PDF when one is first downloaded: for tests that are not about PDFs.
   */
  pdfs?: 'signed' | 'on-download';
}

export interface TestRegistry extends Registry {
  app: Express;
  config: Config;
  clock: ReturnType<typeof fixedClock>;
  dir: string;
  /** Certificates whose PDF a decision or status change asked for (with pdfs: 'on-download'). */
  pdfRequests: number[];
  close(): void;
}

/** A real registry on its own SQLite file in a temp dir, with a clock the test controls. */
export function createTestRegistry(options: TestRegistryOptions = {}): TestRegistry {
  const dir = mkdtempSync(join(tmpdir(), 'keurmerk-test-'));
  const config = loadConfig({
    ...TEST_ENV,
    KEYS_DIR: testKeysDir(),
    DATABASE_PATH: join(dir, 'registry.sqlite'),
    CERTIFICATES_DIR: join(dir, 'certificates'),
    BASE_URL: 'http://registry.test',
    ...options.env,
  });
  copyTemplateDatabase(config.databasePath);
  const clock = fixedClock(options.now ?? '2026-11-23T10:00:00Z');
  const pdfRequests: number[] = [];
  const registry = openRegistry(config, clock, {
    documentRefresh:
      options.pdfs === 'signed'
        ? undefined
        : {
            async refresh(ids) {
              pdfRequests.push(...ids);
            },
          },
  });
  const app = createApp({
    config,
    db: registry.db,
    services: registry.services,
    clock,
    logger: pino({ level: 'silent' }),
    sessionSecret: registry.sessionSecret,
  });
  return {
    ...registry,
    app,
    config,
    clock,
    dir,
    pdfRequests,
    close() {
      void registry.services.register.close();
      closeDatabase(registry.db);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** How many confirmed (active) watch subscriptions the watcher with this e-mail address holds. */
export function activeWatchCount(r: TestRegistry, email: string): number {
  const row = r.db.$client
    .prepare(
      "SELECT count(*) AS n FROM watch_subscriptions s JOIN watchers w ON w.id = s.watcher_id WHERE w.email = ? AND s.state = 'active'",
    )
    .get(email) as { n: number };
  return row.n;
}
