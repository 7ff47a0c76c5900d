/**
 * Load benchmark of the public register: `npx tsx bench/register.ts [centres]`.
 *
 * A child process opens a temporary registry, seeds a synthetic register with the same code as
 * `keurmerk seed --large N` (default 5 000 centres, each with a certificate) and serves the real app plus a
 * bare Express route on 127.0.0.1. This process runs autocannon against both, so client and servers never
 * share an event loop, and prints requests per second with the ratio to the bare route. Every
 * load loop is bounded (SECONDS per route; one burst of UPLOADS uploads).
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import express from 'express';
import { pino } from 'pino';

/**
 * The served registry is the compiled one `npm start` runs (dist/, built by main() first): its
 * search threads then load the built modules as in production, not TypeScript through tsx's
 * loader (a loader thread per search thread, about 25 MB each).
 */
const dist = (path: string) => import(new URL(`../dist/src/${path}`, import.meta.url).href);
const compiled = async () => ({
  ...((await dist('app.js')) as typeof import('../src/app.js')),
  ...((await dist('bootstrap.js')) as typeof import('../src/bootstrap.js')),
  ...((await dist('clock.js')) as typeof import('../src/clock.js')),
  ...((await dist('config.js')) as typeof import('../src/config.js')),
  ...((await dist('services/large-seed.js')) as typeof import('../src/services/large-seed.js')),
});

const CONNECTIONS = 50;
const SECONDS = 5;
const UPLOADS = 150;
const UPLOAD_BYTES = 5 * 1024 * 1024;

async function serve(count: number, keep?: string): Promise<void> {
  const { createApp, openRegistry, systemClock, loadConfig, seedLarge } = await compiled();
  // `--keep DIR` seeds once into DIR and reuses it on later runs (seeding 100 000 takes minutes).
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'keurmerk-bench-'));
  const marker = join(dir, `seeded-${count}`);
  const seeded = keep !== undefined && existsSync(marker);
  const config = loadConfig({
    DATABASE_PATH: join(dir, 'registry.sqlite'),
    CERTIFICATES_DIR: join(dir, 'certificates'),
    KEYS_DIR: join(dir, 'keys'),
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    BASE_URL: 'http://127.0.0.1',
    DEMO_DATA: 'false',
    ...(process.env.SEARCH_THREADS ? { SEARCH_THREADS: process.env.SEARCH_THREADS } : {}),
  });
  const registry = openRegistry(config, systemClock);
  if (!seeded) {
    seedLarge(registry.db, registry.services, count, systemClock.now());
    if (keep !== undefined) writeFileSync(marker, '');
  }
  const sample = registry.db.$client
    .prepare<[number], { slug: string; number: string }>(
      'SELECT c.slug, k.number FROM centres c JOIN certificates k ON k.centre_id = c.id ORDER BY c.id LIMIT 1 OFFSET ?',
    )
    .get(Math.floor(count / 2))!;
  await registry.services.register.start();
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
  // Peak resident memory, sampled while the parent asks for it (the upload burst).
  let peak = 0;
  setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20).unref();
  process.on('message', (m) => {
    if (m === 'rss-reset') peak = process.memoryUsage().rss;
    if (m === 'rss') process.send!({ rss: peak });
  });
  process.send!({ appPort, barePort, slug: sample.slug, number: sample.number });
  process.on('disconnect', () => {
    if (keep === undefined) rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
}

async function measure(
  name: string,
  url: string,
  headers: Record<string, string> = {},
  pathFor?: (n: number) => string,
  connections = CONNECTIONS,
) {
  let n = 0;
  const result = await autocannon({
    url,
    connections,
    duration: SECONDS,
    headers,
    // A path per request defeats the register's read cache: the cold cost of a query.
    ...(pathFor ? { requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, path: pathFor(n++) }) }] } : {}),
  });
  const non2xx = result.non2xx - (headers['if-none-match'] ? (result.statusCodeStats?.['304']?.count ?? 0) : 0);
  return {
    name,
    rps: result.requests.average,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + non2xx,
  };
}

const statuses = ['active', 'suspended', 'withdrawn', 'expired'];
const sectors = ['', 'energy', 'telecom', 'finance', 'government', 'healthcare', 'retail'];
const sorts = ['score', 'name', 'promise'];
/**
 * Request i as digits of a mixed radix, so no two of the first 4 × 45 × 3 × 50 × 7 = 189 000
 * requests ask the same query (a run sends about 20 000): new filters on every request —
 * status, minimum score, sort by score, name or promise P, page 1–50, sometimes a sector.
 */
const uncachedFilters = (i: number) => {
  const digit = (radix: number) => {
    const d = i % radix;
    i = Math.floor(i / radix);
    return d;
  };
  const status = statuses[digit(4)];
  const minScore = 55 + digit(45);
  const sort = sorts[digit(3)];
  const page = 1 + digit(50);
  const sector = sectors[digit(7)];
  return `/api/v1/centres?status=${status}&minScore=${minScore}&sort=${sort}&promise=P&page=${page}${sector ? `&sector=${sector}` : ''}`;
};
/**
 * New text on every request: alternately a registration-number prefix (89 999 of them) or
 * "klant" plus a letter with a minimum score, a status or none, and a page 1–5 (26 × 40 × 5 × 5
 * = 26 000).
 */
const uncachedText = (i: number) => {
  let n = Math.floor(i / 2);
  if (i % 2) return `/api/v1/centres?q=${10000 + (n % 89999)}`;
  const digit = (radix: number) => {
    const d = n % radix;
    n = Math.floor(n / radix);
    return d;
  };
  const letter = String.fromCharCode(97 + digit(26));
  const minScore = 60 + digit(40);
  const status = ['', ...statuses][digit(5)];
  const page = 1 + digit(5);
  return `/api/v1/centres?q=klant+${letter}&minScore=${minScore}&page=${page}${status ? `&status=${status}` : ''}`;
};

/** 150 uploads of 5 MB at once to each upload route; the server's peak RSS meanwhile. */
async function uploadBurst(
  child: ChildProcess,
  url: string,
  form?: { cookie: string; token: string },
): Promise<{ beforeMb: number; peakMb: number; statuses: Record<number, number> }> {
  const body = new FormData();
  // The form's token field comes first, as the page's form sends it.
  if (form) body.append('_csrf', form.token);
  body.append('file', new Blob([Buffer.alloc(UPLOAD_BYTES, 0x20)], { type: 'application/pdf' }), 'c.pdf');
  const rss = () =>
    new Promise<number>((resolve) => {
      child.once('message', (m) => resolve((m as { rss: number }).rss));
      child.send('rss');
    });
  child.send('rss-reset');
  const before = await rss();
  const counts: Record<number, number> = {};
  await Promise.all(
    Array.from({ length: UPLOADS }, () =>
      fetch(url, { method: 'POST', body, headers: form ? { cookie: form.cookie } : {} })
        .then((res) => {
          counts[res.status] = (counts[res.status] ?? 0) + 1;
          return res.arrayBuffer();
        })
        .catch(() => {
          counts[0] = (counts[0] ?? 0) + 1;
        }),
    ),
  );
  const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
  return { beforeMb: mb(before), peakMb: mb(await rss()), statuses: counts };
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 5000);
  const keepAt = process.argv.indexOf('--keep');
  const keep = keepAt > 0 ? process.argv[keepAt + 1] : undefined;
  // `--only WORD` measures only the routes whose name contains WORD (and the bare route), without
  // the upload bursts: for trying a change; the README's table is always a full run.
  const onlyAt = process.argv.indexOf('--only');
  const only = onlyAt > 0 ? process.argv[onlyAt + 1] : undefined;
  execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
  const child: ChildProcess = fork(
    new URL(import.meta.url).pathname,
    ['--serve', String(count), ...(keep ? [keep] : [])],
    {
      execArgv: process.execArgv,
    },
  );
  const started = Date.now();
  const ready = await new Promise<{ appPort: number; barePort: number; slug: string; number: string }>((resolve) =>
    child.once('message', (m) => resolve(m as never)),
  );
  console.log(`seeded ${count} centres and started in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const app = `http://127.0.0.1:${ready.appPort}`;
  const bareUrl = `http://127.0.0.1:${ready.barePort}/bare`;
  const seal = `${app}/seal/${ready.number}.svg`;
  const etag = (await fetch(seal)).headers.get('etag')!;
  // The upload bursts first, on the freshly started process (as the issue measured them).
  const skipped = { beforeMb: 0, peakMb: 0, statuses: {} };
  const api = only ? skipped : await uploadBurst(child, `${app}/api/v1/verify`);
  // The form with a valid CSRF cookie and token, as a browser that opened /verify sends it.
  const page = await fetch(`${app}/verify`);
  const cookie = page.headers.getSetCookie()[0]!.split(';')[0]!;
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  const form = only ? skipped : await uploadBurst(child, `${app}/verify/pdf`, { cookie, token });

  const runs = [await measure('bare Express route', bareUrl)];
  const wanted = (name: string) => only === undefined || name.includes(only);
  const run = async (...args: Parameters<typeof measure>) => {
    if (!wanted(args[0])) return undefined;
    const result = await measure(...args);
    runs.push(result);
    return result;
  };
  await run('GET /healthz (app)', `${app}/healthz`);
  await run('home page /', `${app}/`);
  await run('search page /register?q=contact', `${app}/register?q=contact`);
  await run('search API ?q=klant', `${app}/api/v1/centres?q=klant`);
  await run(
    'search API ?q=dialoog&status=active&sort=score',
    `${app}/api/v1/centres?q=dialoog&status=active&sort=score`,
  );
  await run('search API, new filters every request (uncached)', app, {}, uncachedFilters);
  await run('search API, new text every request (uncached)', app, {}, uncachedText);
  await run('profile page /centres/:slug', `${app}/centres/${ready.slug}`);
  await run('verify page /verify/:number', `${app}/verify/${ready.number}`);
  await run('certificate API /api/v1/certificates/:n', `${app}/api/v1/certificates/${ready.number}`);
  const sealAlone = await run('seal 200', seal);
  await run('seal 304 (If-None-Match)', seal, { 'if-none-match': etag });
  // The seal while four clients send searches no cache holds.
  const loadedName = 'seal 200 while 4 clients send uncached searches';
  if (wanted(loadedName)) {
    runs.push(
      ...(await Promise.all([
        measure(loadedName, seal),
        measure("… the 4 clients' uncached searches", app, {}, (i) => uncachedFilters(i + 7919), 4),
      ])),
    );
  }
  runs.push(await measure('bare Express route (again)', bareUrl));
  child.send('rss-reset');
  const endMb = await new Promise<number>((resolve) => {
    child.once('message', (m) => resolve(Math.round((m as { rss: number }).rss / 1024 / 1024)));
    child.send('rss');
  });
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
  const sealLoaded = runs.find((r) => r.name === loadedName);
  if (sealAlone && sealLoaded) {
    console.log(
      `\nseal under search load: ${(sealLoaded.rps / sealAlone.rps).toFixed(2)} of its throughput alone, p99 ${sealLoaded.p99} ms (alone ${sealAlone.p99} ms)`,
    );
  }
  console.log(
    `${UPLOADS} concurrent 5 MB uploads to /api/v1/verify: RSS ${api.beforeMb} MB before, peak ${api.peakMb} MB, answers ${JSON.stringify(api.statuses)}`,
  );
  console.log(
    `${UPLOADS} concurrent 5 MB uploads to /verify/pdf: RSS ${form.beforeMb} MB before, peak ${form.peakMb} MB, answers ${JSON.stringify(form.statuses)}`,
  );
  console.log(`server RSS after all load runs: ${endMb} MB`);
}

if (process.argv[2] === '--serve') await serve(Number(process.argv[3]), process.argv[4]);
else await main();
