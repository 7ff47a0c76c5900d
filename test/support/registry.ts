import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Express } from 'express';
import { pino } from 'pino';
import { createApp } from '../../src/app.js';
import { openRegistry, type Registry } from '../../src/bootstrap.js';
import { fixedClock } from '../../src/clock.js';
import { loadConfig, type Config } from '../../src/config.js';
import { closeDatabase } from '../../src/persistence/database.js';

export interface TestRegistry extends Registry {
  app: Express;
  config: Config;
  clock: ReturnType<typeof fixedClock>;
  dir: string;
  close(): void;
}

/** A real registry on a fresh SQLite file in a temp dir, with a clock the test controls. */
export function createTestRegistry(options: { now?: string; env?: Record<string, string> } = {}): TestRegistry {
  const dir = mkdtempSync(join(tmpdir(), 'keurmerk-test-'));
  const config = loadConfig({
    DATABASE_PATH: join(dir, 'registry.sqlite'),
    CERTIFICATES_DIR: join(dir, 'certificates'),
    // Generating a CA costs ~0.3 s: share one per test process (never across processes).
    KEYS_DIR: join(tmpdir(), `keurmerk-test-keys-${process.pid}`),
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    BASE_URL: 'http://registry.test',
    ...options.env,
  });
  const clock = fixedClock(options.now ?? '2026-11-23T10:00:00Z');
  const registry = openRegistry(config, clock);
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
    close() {
      closeDatabase(registry.db);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
