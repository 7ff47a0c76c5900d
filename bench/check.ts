/**
 * Micro-benchmark of the bulk check: `npx tsx bench/check.ts [centres]` (default 100 000).
 *
 * Seeds a synthetic register with the code of `keurmerk seed --large N` in a temporary
 * registry, then checks lists of 100 lines (names with and without typos, certificate and
 * registration numbers, garbage) and prints the time per list and per line. Bounded: RUNS lists.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRegistry } from '../src/bootstrap.js';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { closeDatabase } from '../src/persistence/database.js';
import { seedLarge } from '../src/services/large-seed.js';

const RUNS = 20;
const count = Number(process.argv[2] ?? 100_000);
// A third argument keeps the seeded database there (and reuses it when it exists) between runs.
const kept = process.argv[3];
const dir = mkdtempSync(join(tmpdir(), 'keurmerk-bench-check-'));
const databasePath = kept ?? join(dir, 'registry.sqlite');
const reuse = kept !== undefined && existsSync(kept);
const config = loadConfig({
  DATABASE_PATH: databasePath,
  CERTIFICATES_DIR: join(dir, 'certificates'),
  KEYS_DIR: join(dir, 'keys'),
  NODE_ENV: 'production',
  LOG_LEVEL: 'silent',
  BASE_URL: 'http://127.0.0.1',
  DEMO_DATA: 'false',
});
const registry = openRegistry(config, systemClock);
let started = Date.now();
if (!reuse) seedLarge(registry.db, registry.services, count, systemClock.now());
console.log(`${reuse ? 'reused' : 'seeded'} ${count} centres in ${((Date.now() - started) / 1000).toFixed(1)} s`);

const sample = registry.db.$client
  .prepare<[number], { trade_name: string; registration_number: string; number: string }>(
    'SELECT c.trade_name, c.registration_number, k.number FROM centres c JOIN certificates k ON k.centre_id = c.id WHERE c.id % ? = 0 LIMIT 25',
  )
  .all(Math.max(1, Math.floor(count / 25)));
const typo = (name: string) => `${name.slice(0, 3)}${name.slice(4, 5)}${name.slice(3, 4)}${name.slice(5)}`;
const list = sample.flatMap((row) => [row.trade_name, typo(row.trade_name), row.number, row.registration_number]);
list.splice(96, 4, 'Klantservice', 'Nobody Anywhere Holding', 'KM-2029-00001-00', '0765.432.147');
const lines = list.slice(0, 100);

const samples: number[] = [];
let matched = 0;
for (let i = 0; i < RUNS; i++) {
  started = performance.now();
  const report = await registry.services.check.check(lines);
  samples.push(performance.now() - started);
  matched = report.lines.filter((line) => line.match !== 'none').length;
}
samples.sort((a, b) => a - b);
// Where the time goes: each kind of line on its own (names, mistyped names, numbers).
for (const [kind, pick] of [
  ['names', (i: number) => i % 4 === 0],
  ['mistyped names', (i: number) => i % 4 === 1],
  ['certificate and registration numbers', (i: number) => i % 4 >= 2],
] as const) {
  const some = lines.slice(0, 96).filter((_, i) => pick(i));
  const start = performance.now();
  for (let i = 0; i < 5; i++) await registry.services.check.check(some);
  console.log(`  ${kind}: ${((performance.now() - start) / 5 / some.length).toFixed(2)} ms per line`);
}
const median = samples[Math.floor(samples.length / 2)]!;
console.log(
  `check of ${lines.length} lines (${matched} matched) on ${count} centres: median ${median.toFixed(1)} ms per list, ` +
    `${(median / lines.length).toFixed(2)} ms per line, worst ${samples.at(-1)!.toFixed(1)} ms`,
);
closeDatabase(registry.db);
rmSync(dir, { recursive: true, force: true });
