/**
 * Load benchmark of the public register: `npx tsx bench/register.ts [centres]`.
 *
 * A child process opens a temporary registry, seeds a synthetic register with the same code as
 * `keurmerk seed --large N` (default 5 000 centres, each with a certificate) and serves the real app plus a
 * bare Express route. This process runs autocannon against both, so client and servers never
 * share an event loop, and prints requests per second with the ratio to the bare route.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import express from 'express';
import { pino } from 'pino';
import { createApp } from '../src/app.js';
import { openRegistry } from '../src/bootstrap.js';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { seedLarge } from '../src/services/large-seed.js';

const CONNECTIONS = 10;
const SECONDS = 5;

async function serve(count: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'keurmerk-bench-'));
  const config = loadConfig({
    DATABASE_PATH: join(dir, 'registry.sqlite'),
    CERTIFICATES_DIR: join(dir, 'certificates'),
    KEYS_DIR: join(dir, 'keys'),
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    BASE_URL: 'http://127.0.0.1',
    DEMO_DATA: 'false',
  });
  const registry = openRegistry(config, systemClock);
  seedLarge(registry.db, registry.services, count, systemClock.now());
  const sample = registry.db.$client
    .prepare<[number], { slug: string; number: string }>(
      'SELECT c.slug, k.number FROM centres c JOIN certificates k ON k.centre_id = c.id ORDER BY c.id LIMIT 1 OFFSET ?',
    )
    .get(Math.floor(count / 2))!;
  const app = createApp({ config, ...registry, clock: systemClock, logger: pino({ level: 'silent' }) });
  const bare = express();
  bare.get('/bare', (_req, res) => {
    res.json({ status: 'ok' });
  });
  const listen = (handler: express.Express) =>
    new Promise<number>((resolve) => {
      const server = handler.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
    });
  const [appPort, barePort] = await Promise.all([listen(app), listen(bare)]);
  process.send!({ appPort, barePort, slug: sample.slug, number: sample.number });
  process.on('disconnect', () => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
}

async function measure(
  name: string,
  url: string,
  headers: Record<string, string> = {},
  pathFor?: (n: number) => string,
) {
  let n = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers,
    // A path per request defeats the register's read cache: the cold cost of a query.
    ...(pathFor ? { requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, path: pathFor(n++) }) }] } : {}),
  });
  const non2xx = result.non2xx - (headers['if-none-match'] ? (result.statusCodeStats?.['304']?.count ?? 0) : 0);
  return { name, rps: result.requests.average, p99: result.latency.p99, errors: result.errors + non2xx };
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 5000);
  const child: ChildProcess = fork(new URL(import.meta.url).pathname, ['--serve', String(count)], {
    execArgv: process.execArgv,
  });
  const started = Date.now();
  const ready = await new Promise<{ appPort: number; barePort: number; slug: string; number: string }>((resolve) =>
    child.once('message', (m) => resolve(m as never)),
  );
  console.log(`seeded ${count} centres and started in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const app = `http://127.0.0.1:${ready.appPort}`;
  const seal = `${app}/seal/${ready.number}.svg`;
  const etag = (await fetch(seal)).headers.get('etag')!;
  const runs = [
    await measure('bare Express route', `http://127.0.0.1:${ready.barePort}/bare`),
    await measure('GET /healthz (app)', `${app}/healthz`),
    await measure('search API ?q=klant', `${app}/api/v1/centres?q=klant`),
    await measure(
      'search API ?q=dialoog&status=active&sort=score',
      `${app}/api/v1/centres?q=dialoog&status=active&sort=score`,
    ),
    await measure(
      'search API, a new query every request (uncached)',
      `${app}/api/v1/centres`,
      {},
      (i) => `/api/v1/centres?q=${10000 + (i % 89999)}&page=1`,
    ),
    await measure(
      'search API, new filters every request (uncached)',
      `${app}/api/v1/centres`,
      {},
      (i) => `/api/v1/centres?status=active&minScore=${60 + (i % 40)}&sort=score&page=${1 + (i % 50)}`,
    ),
    await measure('profile page /centres/:slug', `${app}/centres/${ready.slug}`),
    await measure('verify API /api/v1/certificates/:n', `${app}/api/v1/certificates/${ready.number}`),
    await measure('seal 200', seal),
    await measure('seal 304 (If-None-Match)', seal, { 'if-none-match': etag }),
    await measure('bare Express route (again)', `http://127.0.0.1:${ready.barePort}/bare`),
  ];
  child.disconnect();
  const bare = (runs[0]!.rps + runs[runs.length - 1]!.rps) / 2;
  console.log(
    `\n${CONNECTIONS} connections, ${SECONDS} s each; ratio against the mean of both bare runs (${bare.toFixed(0)} req/s)\n`,
  );
  console.log('| route | req/s | ratio | p99 ms | errors |');
  console.log('|---|---:|---:|---:|---:|');
  for (const r of runs) {
    console.log(`| ${r.name} | ${r.rps.toFixed(0)} | ${(r.rps / bare).toFixed(2)} | ${r.p99} | ${r.errors} |`);
  }
}

if (process.argv[2] === '--serve') await serve(Number(process.argv[3]));
else await main();
