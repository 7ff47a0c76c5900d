import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Once per run: the migrated template database every test registry copies.
    globalSetup: ['test/support/global-setup.ts'],
    // In every file: fail on an unexpected console.error or a connection off this machine.
    setupFiles: ['test/support/setup.ts'],
    // Measured on the 2-core machine (services, http, cli, domain, config: 30 files):
    // forks 50 s, threads 39 s, forks without isolation 17 s. Each file builds its own registry
    // (own SQLite file, own clock), so sharing the imported modules within a worker is safe,
    // and it spares re-importing Express, pdfkit, zod and the views for every file.
    pool: 'forks',
    isolate: false,
    // Vitest's default leaves one core free, which on 2 cores runs the files one by one: the
    // whole suite took 94 s with 1 worker, 80 s with 2 and 85 s with 3 (Chromium needs a core).
    maxWorkers: availableParallelism(),
  },
});
