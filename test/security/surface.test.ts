import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRoutes } from '../support/app-routes.js';
import { dbFingerprint } from '../support/db-fingerprint.js';
import { buildCast, buildCertifiedCentre, buildUser, type Cast, TEST_PASSWORD } from '../support/factories.js';
import {
  cookieHeader,
  csrfField,
  keepCookies,
  type Loopback,
  type LoopbackAnswer,
  serveOverLoopback,
  signIn,
} from '../support/loopback-client.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

/**
 * The attack surface as a whole (issue 12): CSRF on every form the router has, security headers
 * on every kind of answer, tokens that die with their revocation or their user, no stack or SQL
 * in any production error, no path out of /assets or the PDF store, no redirect off the site,
 * and a session id that changes at login. Requests go over a raw socket so paths such as
 * `/assets/../x` reach the server as written.
 */
let r: TestRegistry;
let loop: Loopback;
let cast: Cast;
let certificate = '';
beforeAll(async () => {
  r = createTestRegistry();
  cast = buildCast(r.services);
  certificate = (await buildCertifiedCentre(r.services, cast)).certificate.number;
  loop = await serveOverLoopback(r.app);
});
afterAll(async () => {
  await loop?.close();
  r?.close();
});

/** A route path with its parameters filled in with ids that exist. */
const concrete = (path: string) =>
  path.replace(':promiseId', 'R').replace(':slug', 'x').replace(':id', String(cast.auditor.id));

/**
 * RFC 8058 one-click unsubscribe: mail clients POST to the List-Unsubscribe URL without cookies,
 * so it cannot carry a CSRF token. The unguessable token in its path is its only credential; a
 * session is never read (tested below and in test/http/mail-notices.test.ts).
 */
const ONE_CLICK = '/unsubscribe/:token';

describe('CSRF on every form', () => {
  it('when any form of the router is posted by a signed-in person without a token, then 403 and nothing changes', async () => {
    const forms = appRoutes(r.app).filter(
      (route) => route.method !== 'GET' && !route.path.startsWith('/api/') && route.path !== ONE_CLICK,
    );
    expect(forms.length).toBeGreaterThan(20);
    const admin = await signIn(loop, cast.admin.email, TEST_PASSWORD);
    const fingerprint = dbFingerprint(r.db.$client);
    const before = fingerprint();
    for (const { method, path } of forms) {
      const multipart = path === '/verify/pdf';
      const res = await loop.send({
        method,
        path: concrete(path),
        headers: {
          cookie: admin.cookie(),
          'content-type': multipart ? 'multipart/form-data; boundary=b' : 'application/x-www-form-urlencoded',
        },
        body: multipart
          ? '--b\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.7\r\n--b--\r\n'
          : 'name=x&reason=y&evidence=z',
      });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.text, `${method} ${path}`).toMatch(/^<!DOCTYPE html>/i);
    }
    expect(fingerprint()).toBe(before);
  });

  it('when the one-click unsubscribe, the only form without a CSRF token, is posted with a session but a forged token, then 404 and nothing changes', async () => {
    expect(appRoutes(r.app).filter((route) => route.path === ONE_CLICK && route.method === 'POST')).toHaveLength(1);
    const admin = await signIn(loop, cast.admin.email, TEST_PASSWORD);
    const fingerprint = dbFingerprint(r.db.$client);
    const before = fingerprint();
    const res = await loop.send({
      method: 'POST',
      path: `/unsubscribe/1.${'A'.repeat(43)}`,
      headers: { cookie: admin.cookie(), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(404);
    expect(fingerprint()).toBe(before);
  });

  it('when the anonymous forms are posted without their cookie and token, then 403', async () => {
    for (const path of ['/login', '/complaints']) {
      const res = await loop.send({
        method: 'POST',
        path,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'email=a%40b.example&password=x',
      });
      expect(res.status, path).toBe(403);
    }
  });
});

const expectSecurityHeaders = (res: LoopbackAnswer, what: string) => {
  const csp = String(res.headers['content-security-policy'] ?? '');
  if (what === 'SVG seal') {
    // An image embedded on other sites: nothing may load or run in it; only its own inline style.
    expect(csp, what).toBe("default-src 'none'; style-src 'unsafe-inline'");
  } else {
    expect(csp, what).toContain("default-src 'self'");
    expect(csp, what).toContain("frame-ancestors 'none'");
    expect(csp, what).toContain("script-src 'self'");
    expect(csp, what).not.toContain('unsafe-inline');
  }
  expect(res.headers['x-content-type-options'], what).toBe('nosniff');
  expect(res.headers['x-frame-options'], what).toBe('SAMEORIGIN');
  expect(res.headers['referrer-policy'], what).toBe('no-referrer');
  expect(res.headers['cross-origin-opener-policy'], what).toBe('same-origin');
  expect(res.headers['x-powered-by'], what).toBeUndefined();
};

describe('security headers on every kind of answer', () => {
  it('when a page, JSON, a seal, a PDF, CSV, an asset, an error or a 404 is answered, then each carries the headers', async () => {
    const answers: [string, string, RegExp, number][] = [
      ['HTML page', '/register', /^text\/html/, 200],
      ['JSON', '/api/v1/scheme', /^application\/json/, 200],
      ['SVG seal', `/seal/${certificate}.svg`, /^image\/svg\+xml/, 200],
      ['PDF', `/certificates/${certificate}.pdf`, /^application\/pdf/, 200],
      ['CSV', '/open-data/register.csv', /^text\/csv/, 200],
      ['static asset', '/assets/styles.css', /^text\/css/, 200],
      ['error page', '/verify?number=not-a-number', /^text\/html/, 400],
      ['JSON error', '/api/v1/certificates/nope', /^application\/json/, 400],
      ['404 page', '/no/such/page', /^text\/html/, 404],
      ['JSON 404', '/api/v1/no-such-thing', /^application\/json/, 404],
    ];
    for (const [what, path, type, status] of answers) {
      const res = await loop.send({ path });
      expect(res.status, what).toBe(status);
      expect(res.headers['content-type'], what).toMatch(type);
      expectSecurityHeaders(res, what);
    }
  });
});

describe('token revocation', () => {
  it('when a token is revoked, or its user disabled, then the very next call gets 401', async () => {
    const user = buildUser(r.services, 'auditor');
    const revoked = r.services.tokens.create(user, 'to revoke');
    const kept = r.services.tokens.create(user, 'to keep');
    const call = (token: string) =>
      loop.send({ path: '/api/v1/audits', headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
    expect((await call(revoked.token)).status).toBe(200);
    r.services.tokens.revoke(user, revoked.record.id);
    const refused = await call(revoked.token);
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.text).code).toBe('token_invalid');
    expect((await call(kept.token)).status).toBe(200);
    r.services.users.setDisabled(user.id, true, cast.admin);
    expect((await call(kept.token)).status).toBe(401);
  });
});

describe('no way out of /assets and the PDF store', () => {
  it.each([
    '/assets/../package.json',
    '/assets/%2e%2e/package.json',
    '/assets/..%2fpackage.json',
    '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
    '/assets/..%5c..%5cpackage.json',
    '/assets/%00../package.json',
    '/assets//etc/passwd',
    '/certificates/..%2f..%2fpackage.json.pdf',
    '/certificates/%2e%2e%2fregistry.sqlite.pdf',
    '/certificates/..%5cregistry.sqlite.pdf',
    '/api/v1/certificates/..%2f..%2fpackage.json/pdf',
    '/api/v1/certificates/%2e%2e/pdf',
  ])('when %s is asked for, then no file outside is served', async (path) => {
    const res = await loop.send({ path });
    expect(res.status, path).toBeGreaterThanOrEqual(400);
    expect(res.status, path).toBeLessThan(500);
    expect(res.text).not.toContain('"name": "keurmerk"');
    expect(res.text).not.toContain('root:');
    expect(res.text).not.toContain('SQLite format');
  });
});

describe('no redirect off the site after login', () => {
  it.each([
    '//evil.example',
    '///evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    'https://evil.example',
    'http:evil.example',
    'javascript:alert(1)',
    ' //evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '%2F%2Fevil.example',
    '',
  ])('when next=%j, then the login sends the person to a path on this site', async (next) => {
    const jar = new Map<string, string>();
    const page = await loop.send({ path: `/login?next=${encodeURIComponent(next)}` });
    keepCookies(jar, page);
    const res = await loop.send({
      method: 'POST',
      path: '/login',
      headers: { cookie: cookieHeader(jar), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        _csrf: csrfField(page.text) ?? '',
        email: cast.auditor.email,
        password: TEST_PASSWORD,
        next,
      }).toString(),
    });
    expect(res.status).toBe(303);
    const location = String(res.headers.location);
    // Browsers drop tabs and newlines from a URL and read a backslash as a slash.
    const asBrowsersRead = location.replace(/[\t\n\r]/g, '').replace(/\\/g, '/');
    expect(asBrowsersRead).toMatch(/^\/(?!\/)/);
    expect(new URL(location, 'http://registry.test').origin).toBe('http://registry.test');
  });
});

describe('session fixation', () => {
  it('when someone signs in with a session id planted before, then the session id changes and the planted one stays signed out', async () => {
    const jar = new Map<string, string>();
    // An anonymous session exists only once something is stored; a failed login stores nothing,
    // so the attacker plants a cookie value of their own choosing.
    jar.set('km_session', 's%3Aplanted.fake');
    const page = await loop.send({ path: '/login', headers: { cookie: cookieHeader(jar) } });
    keepCookies(jar, page);
    const res = await loop.send({
      method: 'POST',
      path: '/login',
      headers: { cookie: cookieHeader(jar), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        _csrf: csrfField(page.text) ?? '',
        email: cast.auditor.email,
        password: TEST_PASSWORD,
      }).toString(),
    });
    expect(res.status).toBe(303);
    keepCookies(jar, res);
    expect(jar.get('km_session')).not.toBe('s%3Aplanted.fake');
    const planted = await loop.send({ path: '/dashboard', headers: { cookie: 'km_session=s%3Aplanted.fake' } });
    expect(planted.status).toBe(303);
    expect(planted.headers.location).toMatch(/^\/login/);
  });
});

describe('errors in production tell nothing of the inside', () => {
  let prod: TestRegistry;
  let prodLoop: Loopback;
  beforeAll(async () => {
    prod = createTestRegistry({
      env: {
        NODE_ENV: 'production',
        PASSWORD_HASH_COST: '15',
        SQLITE_SYNCHRONOUS: 'FULL',
        BASE_URL: 'https://registry.test',
      },
    });
    prodLoop = await serveOverLoopback(prod.app);
  });
  afterAll(async () => {
    await prodLoop?.close();
    prod?.close();
  });

  const expectNothingInside = (res: LoopbackAnswer, what: string) => {
    expect(res.status, what).toBeGreaterThanOrEqual(400);
    for (const leak of [
      /\bat .+\(.+:\d+:\d+\)/,
      /node_modules/,
      /\/src\//,
      /SqliteError/i,
      /\bSELECT\b/,
      /\bFROM\b/,
      /no such table/i,
    ]) {
      expect(res.text, `${what}: ${leak}`).not.toMatch(leak);
    }
  };

  it('when requests are refused (bad JSON, huge bodies, bad uploads, bad ids, unknown pages), then no body shows a stack or SQL', async () => {
    const json = { 'content-type': 'application/json', accept: 'application/json' };
    const cases: [string, Parameters<Loopback['send']>[0]][] = [
      ['bad JSON', { method: 'POST', path: '/api/v1/centres', headers: json, body: '{"a":' }],
      [
        'huge JSON',
        { method: 'POST', path: '/api/v1/audits', headers: json, body: `{"a":"${'x'.repeat(1_100_000)}"}` },
      ],
      [
        'broken upload',
        {
          method: 'POST',
          path: '/api/v1/verify',
          headers: { 'content-type': 'multipart/form-data; boundary=b' },
          body: '--b\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\nabc',
        },
      ],
      ['bad id', { path: '/api/v1/audits/0x28', headers: { authorization: 'Bearer km_x' } }],
      ['bad certificate', { path: '/api/v1/certificates/%00' }],
      ['bad escape', { path: '/centres/%zz' }],
      ['unknown page', { path: '/no/such/page%00' }],
      [
        'form without token',
        {
          method: 'POST',
          path: '/complaints',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'a=b',
        },
      ],
    ];
    for (const [what, req] of cases) expectNothingInside(await prodLoop.send(req), what);
  });

  it('when the database itself fails, then the 500 page and the 500 JSON say only that something went wrong', async () => {
    // A table gone from under the running app (the search index every search reads): every query
    // on it throws an SqliteError with SQL.
    prod.db.$client.exec('ALTER TABLE register_entries RENAME TO register_entries_gone');
    try {
      for (const [what, req] of [
        ['HTML', { path: '/register?q=x' }],
        ['JSON', { path: '/api/v1/centres?q=x' }],
      ] as const) {
        const res = await prodLoop.send(req);
        expect(res.status, what).toBe(500);
        expectNothingInside(res, what);
      }
      const json = await prodLoop.send({ path: '/api/v1/centres?q=y' });
      expect(JSON.parse(json.text)).toEqual({
        error: 'Something went wrong on our side. The problem has been logged.',
        code: 'internal_error',
        params: {},
        issues: [],
      });
    } finally {
      prod.db.$client.exec('ALTER TABLE register_entries_gone RENAME TO register_entries');
    }
  });
});
