/**
 * Load benchmark of the public register: `npx tsx bench/register.ts [centres]`.
 *
 * A child process opens a temporary registry, seeds a synthetic register (default 5 000
 * centres, each with a certificate and its issue in the history) and serves the real app plus a
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
import { formatCertificateNumber } from '../src/domain/certificate-number.js';
import type { Db } from '../src/persistence/database.js';

const CONNECTIONS = 10;
const SECONDS = 5;

const CITIES = ['Amsterdam', 'Rotterdam', 'Utrecht', 'Groningen', 'Eindhoven', 'Genève', 'Brussel', 'Antwerpen', 'Gent', 'Liège', 'Zwolle', 'Maastricht'];
const WORDS = ['Klant', 'Service', 'Contact', 'Dialoog', 'Hulp', 'Lijn', 'Punt', 'Desk', 'Centrale', 'Zorg', 'Direct', 'Connect'];
const CHANNELS = ['phone', 'email', 'chat', 'sms', 'video', 'social', 'messaging'];
const SECTORS = ['energy', 'telecom', 'finance', 'insurance', 'retail', 'healthcare', 'government', 'travel'];
const STATUSES = ['active', 'active', 'active', 'active', 'active', 'active', 'suspended', 'withdrawn', 'expired'];

/** Bench-only fast path: plain prepared inserts in one transaction (the services would take minutes). */
function seedSynthetic(db: Db, count: number): { slugs: string[]; numbers: string[] } {
  const c = db.$client;
  const insertCentre = c.prepare(
    `INSERT INTO centres (slug, legal_name, trade_name, registration_number, country, city, type, channels, languages, sectors, sites)
     VALUES (?, ?, ?, ?, 'NL', ?, ?, ?, ?, ?, ?)`,
  );
  const insertCert = c.prepare(
    `INSERT INTO certificates (number, year, seq, centre_id, audit_id, scheme_code, status, status_reason, status_since,
       original_issue_date, issued_on, valid_from, valid_until, next_surveillance_due, scope, overall, promise_scores)
     VALUES (?, 2026, ?, ?, 0, 'KM-2026.1', ?, 'Issued: synthetic', '2026-01-15T10:00:00.000Z', '2026-01-15', '2026-01-15',
       '2026-01-15', '2029-01-15', '2027-01-15', ?, ?, ?)`,
  );
  const insertHistory = c.prepare(
    `INSERT INTO certificate_status_history (certificate_id, at, from_status, to_status, reason, actor)
     VALUES (?, '2026-01-15T10:00:00.000Z', NULL, 'active', 'Issued: synthetic', 'seed')`,
  );
  const slugs: string[] = [];
  const numbers: string[] = [];
  c.transaction(() => {
    for (let i = 1; i <= count; i++) {
      const name = `${WORDS[i % WORDS.length]}${WORDS[(i * 7) % WORDS.length]!.toLowerCase()} ${i}`;
      const city = CITIES[i % CITIES.length]!;
      const slug = `synthetic-${i}`;
      const channels = CHANNELS.filter((_, k) => (i >> k) & 1 || k === 0);
      const centre = insertCentre.run(
        slug,
        `${name} B.V.`,
        name,
        String(10_000_000 + i),
        city,
        i % 3 === 0 ? 'inhouse' : 'outsourced',
        JSON.stringify(channels),
        JSON.stringify(i % 4 === 0 ? ['nl', 'fr'] : ['nl', 'en']),
        JSON.stringify([SECTORS[i % SECTORS.length]]),
        JSON.stringify([city]),
      );
      const number = formatCertificateNumber(2026, i);
      const scores = ['R', 'F', 'T', 'P', 'C', 'O', 'I'].map((id, k) => ({ id, score: 60 + ((i + k * 13) % 41) }));
      const overall = Math.round((scores.reduce((s, p) => s + p.score, 0) / scores.length) * 10) / 10;
      const cert = insertCert.run(
        number,
        i,
        centre.lastInsertRowid,
        STATUSES[i % STATUSES.length],
        JSON.stringify({ channels, languages: ['nl'], sites: [city] }),
        overall,
        JSON.stringify(scores),
      );
      insertHistory.run(cert.lastInsertRowid);
      slugs.push(slug);
      numbers.push(number);
    }
  })();
  return { slugs, numbers };
}

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
  const seeded = seedSynthetic(registry.db, count);
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
  process.send!({ appPort, barePort, slug: seeded.slugs[Math.floor(count / 2)], number: seeded.numbers[Math.floor(count / 2)] });
  process.on('disconnect', () => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
}

async function measure(name: string, url: string, headers: Record<string, string> = {}) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
  const non2xx = result.non2xx - (headers['if-none-match'] ? result.statusCodeStats?.['304']?.count ?? 0 : 0);
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
    await measure('search API ?q=dialoog&status=active&sort=score', `${app}/api/v1/centres?q=dialoog&status=active&sort=score`),
    await measure('profile page /centres/:slug', `${app}/centres/${ready.slug}`),
    await measure('verify API /api/v1/certificates/:n', `${app}/api/v1/certificates/${ready.number}`),
    await measure('seal 200', seal),
    await measure('seal 304 (If-None-Match)', seal, { 'if-none-match': etag }),
    await measure('bare Express route (again)', `http://127.0.0.1:${ready.barePort}/bare`),
  ];
  child.disconnect();
  const bare = (runs[0]!.rps + runs[runs.length - 1]!.rps) / 2;
  console.log(`\n${CONNECTIONS} connections, ${SECONDS} s each; ratio against the mean of both bare runs (${bare.toFixed(0)} req/s)\n`);
  console.log('| route | req/s | ratio | p99 ms | errors |');
  console.log('|---|---:|---:|---:|---:|');
  for (const r of runs) {
    console.log(`| ${r.name} | ${r.rps.toFixed(0)} | ${(r.rps / bare).toFixed(2)} | ${r.p99} | ${r.errors} |`);
  }
}

if (process.argv[2] === '--serve') await serve(Number(process.argv[3]));
else await main();
