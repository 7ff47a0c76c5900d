import request, { type Response } from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { kboCheckDigits } from '../../src/domain/registration-number.js';
import { csrfTokenFor, loginAs } from '../support/auth.js';
import {
  buildAnswers,
  buildCast,
  buildCentre,
  buildCertifiedCentre,
  buildUser,
  runAudit,
  TEST_PASSWORD,
} from '../support/factories.js';
import { createTestRegistry } from '../support/registry.js';

/**
 * The authorization matrix: every route, every role. A row names the roles that pass the
 * guard; every other role must be stopped (anonymous page visitors are sent to login,
 * anonymous or cookie-only API calls get 401, signed-in people with the wrong role get 403).
 *
 * `strict` rows are the account and administration routes: allowed roles must get 2xx/3xx.
 * Other areas' rows check the role guard only ("not 401/403, no login redirect"), because
 * whether a given object may be touched is their own ownership tests' business.
 */

type Role = 'anon' | 'admin' | 'auditor' | 'centre';
const everyone: Role[] = ['anon', 'admin', 'auditor', 'centre'];

const r = createTestRegistry();
afterAll(() => r.close());

const cast = buildCast(r.services);
const centreOwn = buildCentre(r.services, { tradeName: 'Matrixcentrum' });
const centreUser = buildUser(r.services, 'centre', { centre: centreOwn.slug });
const { centre: certified, certificate } = await buildCertifiedCentre(r.services, cast, {
  tradeName: 'Gecertificeerd Matrix',
});
const audit = r.services.audits.plan(
  { centre: centreOwn.slug, type: 'initial', plannedFor: '2026-12-01', auditor: cast.auditor.email },
  cast.admin,
);
const promiseId = r.services.schemes.current().promises[0]!.id;
const itemId = r.services.schemes.current().promises[0]!.items[0]!.id;
const evidenceFile = (
  await r.services.evidence.attachToAnswer(
    audit.id,
    itemId,
    { bytes: Buffer.from('matrix'), name: 'm.txt' },
    cast.auditor,
  )
).file;
const complaintBody = () => ({
  centre: certified.slug,
  name: 'Matrix Klant',
  email: 'klant@example.org',
  body: 'Three calls, three different answers about the same invoice.',
  contactedOn: r.clock.now().toISOString().slice(0, 10),
  channel: 'phone' as const,
});
const complaintAbout = () => r.services.complaints.file(complaintBody());
/** The status page of a fresh complaint: anyone with the link may open it. */
const followed = () => {
  const filed = complaintAbout();
  return `/complaints/follow/${filed.reference}/${filed.secret}`;
};
const complaint = complaintAbout();
// A message in the outbox (a watch confirmation), for the outbox pages.
r.services.watch.request({ email: 'matrix-watcher@example.org', centres: [certified.slug] }, 'nl');
const outboxMessage = (r.db.$client.prepare('SELECT max(id) AS id FROM mail_outbox').get() as { id: number }).id;
// A failed surveillance decided by cast.decider, appealed by its centre: the matrix admin may resolve it.
const appealed = await (async () => {
  const { centre } = await buildCertifiedCentre(r.services, cast, { tradeName: 'Bezwaar Matrix' });
  const decision = await runAudit(r.services, cast, centre, 'surveillance', { F3: 'major' });
  const user = buildUser(r.services, 'centre', { centre: centre.slug });
  return r.services.complaints.fileAppeal(
    decision.audit.id,
    { grounds: 'The auditor assessed an outdated contract.' },
    user,
  );
})();

const sessions = {
  admin: await loginAs(r.app, cast.admin.email, TEST_PASSWORD),
  auditor: await loginAs(r.app, cast.auditor.email, TEST_PASSWORD),
  centre: await loginAs(r.app, centreUser.email, TEST_PASSWORD),
};
const anonAgent = request.agent(r.app);
const anonCsrf = await csrfTokenFor(anonAgent);
const bearer = {
  admin: r.services.tokens.create(cast.admin, 'matrix').token,
  auditor: r.services.tokens.create(cast.auditor, 'matrix').token,
};
const userOf = { admin: cast.admin, auditor: cast.auditor, centre: centreUser };
const ownBrand = () => r.services.brands.add({ name: `Eigen merk ${unique()}`, isPublic: false }, centreUser);

let n = 0;
const unique = () => ++n;
const validKbo = () => {
  const first8 = `0${String(2_000_000 + unique() * 37)}`;
  return first8 + kboCheckDigits(first8);
};
const centreForm = () => ({
  legalName: `Matrix ${unique()} NV`,
  tradeName: `Matrix ${unique()}`,
  registrationNumber: validKbo(),
  country: 'BE',
  city: 'Leuven',
  type: 'inhouse',
  channels: 'phone',
  languages: 'nl',
  sites: '',
  website: '',
  size: '',
});

interface Row {
  method: 'get' | 'post' | 'put';
  path: string | ((role: Role) => string);
  allowed: Role[];
  /** Roles this row makes no claim about: the route's own ownership tests cover them. */
  unasserted?: Role[];
  api?: boolean;
  strict?: boolean;
  body?: (role: Role) => Record<string, unknown>;
}

const pageRows: Row[] = [
  // Account and administration: strict.
  { method: 'get', path: '/dashboard', allowed: ['admin', 'auditor', 'centre'], strict: true },
  { method: 'get', path: '/account/tokens', allowed: ['admin', 'auditor', 'centre'], strict: true },
  {
    method: 'post',
    path: '/account/tokens',
    allowed: ['admin', 'auditor'],
    strict: true,
    body: () => ({ name: 'matrix' }),
  },
  {
    method: 'post',
    // Each caller revokes a fresh token of their own; centre users have none to revoke.
    path: (role) =>
      `/account/tokens/${role === 'admin' || role === 'auditor' ? r.services.tokens.create(userOf[role], 'to revoke').record.id : 1}/revoke`,
    allowed: ['admin', 'auditor'],
    unasserted: ['centre'],
    strict: true,
  },
  { method: 'get', path: '/admin', allowed: ['admin'], strict: true },
  { method: 'get', path: '/admin/users', allowed: ['admin'], strict: true },
  { method: 'get', path: '/admin/users/new', allowed: ['admin'], strict: true },
  { method: 'get', path: `/admin/users/${cast.auditor.id}`, allowed: ['admin'], strict: true },
  {
    method: 'post',
    path: '/admin/users',
    allowed: ['admin'],
    strict: true,
    body: () => ({
      name: 'Matrix User',
      email: `matrix${unique()}@test.example`,
      role: 'auditor',
      password: 'a-long-initial-pass',
    }),
  },
  {
    method: 'post',
    path: () => `/admin/users/${buildUser(r.services, 'auditor').id}/disable`,
    allowed: ['admin'],
    strict: true,
  },
  {
    method: 'post',
    path: () => `/admin/users/${buildUser(r.services, 'auditor').id}/enable`,
    allowed: ['admin'],
    strict: true,
  },
  {
    method: 'post',
    path: () => `/admin/users/${buildUser(r.services, 'auditor').id}/password`,
    allowed: ['admin'],
    strict: true,
    body: () => ({ password: 'another-long-password' }),
  },
  {
    method: 'post',
    path: () => `/admin/users/${buildUser(r.services, 'auditor').id}/conflicts`,
    allowed: ['admin'],
    strict: true,
    body: () => ({ centres: String(centreOwn.id) }),
  },
  { method: 'get', path: '/admin/centres', allowed: ['admin'], strict: true },
  { method: 'get', path: '/admin/centres/new', allowed: ['admin'], strict: true },
  { method: 'get', path: `/admin/centres/${centreOwn.slug}/edit`, allowed: ['admin'], strict: true },
  { method: 'post', path: '/admin/centres', allowed: ['admin'], strict: true, body: centreForm },
  {
    method: 'post',
    path: () => `/admin/centres/${buildCentre(r.services).slug}`,
    allowed: ['admin'],
    strict: true,
    body: centreForm,
  },
  { method: 'get', path: '/login', allowed: everyone, strict: true },
  // Complaints and appeals.
  { method: 'get', path: '/complaints/new', allowed: everyone, strict: true },
  { method: 'post', path: '/complaints', allowed: everyone, strict: true, body: complaintBody },
  { method: 'get', path: '/admin/complaints', allowed: ['admin'], strict: true },
  { method: 'get', path: `/admin/complaints/${complaint.id}`, allowed: ['admin'], strict: true },
  {
    method: 'post',
    path: () => `/admin/complaints/${complaintAbout().id}/triage`,
    allowed: ['admin'],
    strict: true,
    body: () => ({ decision: 'dismiss', dismissalReason: 'not_substantiated', resolution: 'matrix' }),
  },
  {
    method: 'post',
    path: () => `/admin/complaints/${complaintAbout().id}/review`,
    allowed: ['admin'],
    strict: true,
  },
  { method: 'get', path: '/complaints/centres.json?q=matrix', allowed: everyone, strict: true },
  { method: 'get', path: () => followed(), allowed: everyone, strict: true },
  // Brands: only the centre's own users edit them.
  { method: 'get', path: '/portal/brands', allowed: ['centre'], strict: true },
  {
    method: 'post',
    path: '/portal/brands',
    allowed: ['centre'],
    strict: true,
    body: () => ({ name: `Matrixmerk ${unique()}`, isPublic: 'on' }),
  },
  {
    method: 'post',
    path: () => `/portal/brands/${ownBrand().id}/consent`,
    allowed: ['centre'],
    strict: true,
    body: () => ({ isPublic: 'on' }),
  },
  { method: 'post', path: () => `/portal/brands/${ownBrand().id}/delete`, allowed: ['centre'], strict: true },
  { method: 'get', path: '/admin/appeals', allowed: ['admin'], strict: true },
  { method: 'get', path: `/admin/appeals/${appealed.id}`, allowed: ['admin'], strict: true },
  {
    method: 'post',
    path: `/admin/appeals/${appealed.id}/resolve`,
    allowed: ['admin'],
    body: () => ({ verdict: 'reject', resolution: 'matrix' }),
  },
  {
    method: 'post',
    path: '/portal/audits/999999/appeal',
    allowed: ['centre'],
    body: () => ({ grounds: 'matrix grounds that are long enough' }),
  },
  // E-mail: the outbox for admins; watching centres for everyone, signed in or not.
  { method: 'get', path: '/admin/outbox', allowed: ['admin'], strict: true },
  { method: 'get', path: `/admin/outbox/${outboxMessage}`, allowed: ['admin'], strict: true },
  { method: 'get', path: `/admin/outbox/${outboxMessage}/html`, allowed: ['admin'], strict: true },
  { method: 'get', path: `/watch?centre=${certified.slug}`, allowed: everyone, strict: true },
  {
    method: 'post',
    path: '/watch',
    allowed: everyone,
    strict: true,
    body: () => ({ email: `matrix${unique()}@example.org`, centres: certified.slug }),
  },
  { method: 'get', path: '/watch/sent', allowed: everyone, strict: true },
  { method: 'get', path: `/watch/confirm/${'A'.repeat(43)}`, allowed: everyone },
  { method: 'post', path: `/watch/confirm/${'A'.repeat(43)}`, allowed: everyone },
  { method: 'get', path: `/unsubscribe/1.${'A'.repeat(43)}`, allowed: everyone },
  { method: 'post', path: `/unsubscribe/1.${'A'.repeat(43)}`, allowed: everyone },
  // Audits, decisions and corrective actions (pages).
  { method: 'get', path: '/audits', allowed: ['admin', 'auditor'] },
  { method: 'get', path: '/audits/new', allowed: ['admin'] },
  { method: 'post', path: '/audits', allowed: ['admin'], body: () => ({}) },
  { method: 'get', path: `/audits/${audit.id}`, allowed: ['admin', 'auditor'] },
  { method: 'post', path: `/audits/${audit.id}/submit`, allowed: ['auditor'], unasserted: ['admin'] },
  // The confirmation before the submit: the role guard lets admins through, the policy refuses them.
  { method: 'get', path: `/audits/${audit.id}/submit`, allowed: ['auditor'], unasserted: ['admin'] },
  {
    method: 'post',
    path: `/audits/${audit.id}/promises/${promiseId}/autosave`,
    allowed: ['auditor'],
    unasserted: ['admin'],
    body: () => ({}),
  },
  { method: 'get', path: `/audits/${audit.id}/promises/${promiseId}`, allowed: ['admin', 'auditor'] },
  {
    method: 'post',
    path: `/audits/${audit.id}/promises/${promiseId}`,
    allowed: ['auditor'],
    unasserted: ['admin'],
    body: () => ({}),
  },
  { method: 'get', path: `/audits/${audit.id}/decision`, allowed: ['admin'] },
  { method: 'post', path: `/audits/${audit.id}/decision`, allowed: ['admin'], body: () => ({}) },
  { method: 'get', path: '/actions', allowed: ['admin', 'auditor'] },
  { method: 'post', path: '/actions/999999/review', allowed: ['admin', 'auditor'], body: () => ({}) },
  { method: 'get', path: '/portal', allowed: ['centre'] },
  { method: 'get', path: '/portal/contact', allowed: ['centre'], strict: true },
  {
    method: 'post',
    path: '/portal/contact',
    allowed: ['centre'],
    strict: true,
    body: () => ({ website: 'https://matrix.example', customerPhone: '050 123 4567', customerEmail: '' }),
  },
  { method: 'post', path: '/portal/actions/999999/evidence', allowed: ['centre'], body: () => ({}) },
  // Evidence files: the guard lets the roles through; who sees which file is the evidence tests' business.
  { method: 'get', path: `/evidence/${evidenceFile.id}`, allowed: ['admin', 'auditor', 'centre'] },
  { method: 'get', path: `/evidence/${evidenceFile.id}/thumbnail`, allowed: ['admin', 'auditor', 'centre'] },
  { method: 'post', path: '/evidence/999999/remove', allowed: ['admin', 'auditor', 'centre'], body: () => ({}) },
  {
    method: 'post',
    path: `/audits/${audit.id}/answers/${itemId}/evidence`,
    allowed: ['auditor'],
    body: () => ({}),
  },
  { method: 'post', path: '/portal/actions/999999/files', allowed: ['centre'], body: () => ({}) },
  // The public register: open to everyone, signed in or not.
  ...[
    '/',
    '/register',
    `/centres/${certified.slug}`,
    `/compare?c=${certified.slug}`,
    '/verify',
    `/verify/${certificate.number}`,
    `/seal/${certificate.number}.svg`,
    '/rules',
    '/scheme',
    '/open-data',
    '/open-data/register.csv',
    '/open-data/register.json',
    '/transparency',
    '/api',
    '/healthz',
    '/readyz',
    '/check',
    '/feeds/status-changes.atom',
    `/centres/${certified.slug}/feed.atom`,
  ].map((path): Row => ({ method: 'get', path, allowed: everyone })),
  { method: 'post', path: '/check', allowed: everyone, strict: true, body: () => ({ list: 'Gecertificeerd Matrix' }) },
  {
    method: 'post',
    path: '/api/v1/check',
    allowed: ['anon'],
    api: true,
    unasserted: ['admin', 'auditor', 'centre'],
    body: () => ({ items: [certificate.number] }),
  },
  ...[
    '/api/openapi.json',
    '/api/v1/scheme',
    `/api/v1/scheme/${r.services.schemes.current().code}`,
    '/api/v1/centres',
    `/api/v1/centres/${certified.slug}`,
    `/api/v1/certificates/${certificate.number}`,
    '/api/v1/events',
    '/api/v1/events/verify',
  ].map(
    (path): Row => ({ method: 'get', path, allowed: ['anon'], api: true, unasserted: ['admin', 'auditor', 'centre'] }),
  ),
  // Webhook subscriptions need no account; managing one takes its own token, not a role
  // (test/http/webhooks.test.ts: missing 401, wrong or a staff token 404).
  { method: 'post', path: '/api/v1/subscriptions', allowed: everyone, api: true, body: () => ({}) },
];

const submitted = (() => {
  const c = buildCentre(r.services);
  const a = r.services.audits.plan(
    { centre: c.slug, type: 'initial', plannedFor: '2026-12-02', auditor: cast.auditor.email },
    cast.admin,
  );
  r.services.audits.saveAnswers(a.id, { answers: buildAnswers(r.services.schemes.current()) }, cast.auditor);
  return a;
})();

/** The staff JSON API of PRODUCT.md "Staff API"; rows join the matrix once the route is mounted. */
const staffApiRows: Row[] = [
  {
    method: 'post',
    path: '/api/v1/centres',
    allowed: ['admin'],
    api: true,
    strict: true,
    body: () => ({ ...centreForm(), channels: ['phone'], languages: ['nl'], sectors: [] }),
  },
  { method: 'post', path: '/api/v1/audits', allowed: ['admin'], api: true, body: () => ({}) },
  { method: 'get', path: '/api/v1/audits', allowed: ['admin', 'auditor'], api: true, strict: true },
  { method: 'get', path: `/api/v1/audits/${audit.id}`, allowed: ['admin', 'auditor'], api: true, strict: true },
  {
    method: 'put',
    path: `/api/v1/audits/${audit.id}/answers`,
    allowed: ['auditor'],
    unasserted: ['admin'],
    api: true,
    body: () => ({ answers: [] }),
  },
  {
    method: 'post',
    path: `/api/v1/audits/${audit.id}/answers/${itemId}/evidence`,
    allowed: ['auditor'],
    unasserted: ['admin'],
    api: true,
    body: () => ({}),
  },
  {
    method: 'post',
    path: `/api/v1/audits/${submitted.id}/submit`,
    allowed: ['auditor'],
    unasserted: ['admin'],
    api: true,
  },
  {
    method: 'post',
    path: `/api/v1/audits/${submitted.id}/decision`,
    allowed: ['admin'],
    api: true,
    body: () => ({ action: 'return', reason: 'matrix' }),
  },
];

async function call(row: Row, role: Role, options: { csrf?: boolean } = {}): Promise<Response> {
  const path = typeof row.path === 'function' ? row.path(role) : row.path;
  const body = row.body?.(role) ?? {};
  if (row.api) {
    // Centre users hold no token: their session cookie is all they could send, and the API ignores cookies.
    const agent = role === 'centre' ? sessions.centre.agent : request(r.app);
    const req = agent[row.method](path).set('accept', 'application/json');
    if (role === 'admin' || role === 'auditor') req.set('authorization', `Bearer ${bearer[role]}`);
    return row.method === 'get' ? req : req.send(body);
  }
  const agent = role === 'anon' ? anonAgent : sessions[role].agent;
  if (row.method === 'get') return agent.get(path);
  const csrf = role === 'anon' ? anonCsrf : sessions[role].csrf;
  return agent[row.method](path)
    .type('form')
    .send(options.csrf === false ? body : { _csrf: csrf, ...body });
}

const label = (row: Row) =>
  `${row.method.toUpperCase()} ${typeof row.path === 'string' ? row.path : row.path('anon').replace(/\/\d+\//, '/:id/')}`;

function expectAllowed(row: Row, res: Response) {
  expect(res.headers.location ?? '').not.toMatch(/^\/login/);
  if (row.strict) expect(res.status).toBeLessThan(400);
  else expect([401, 403]).not.toContain(res.status);
}

function expectDenied(row: Row, role: Role, res: Response) {
  if (role !== 'anon') expect(res.status).toBe(row.api && role === 'centre' ? 401 : 403);
  else if (row.api) expect(res.status).toBe(401);
  else {
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/login\?next=/);
  }
}

function matrix(rows: Row[]) {
  for (const row of rows) {
    const asserted = everyone.filter((role) => !row.unasserted?.includes(role));
    it(`${label(row)}: ${asserted.map((role) => `${role} ${row.allowed.includes(role) ? 'passes' : 'is stopped'}`).join(', ')}`, async () => {
      for (const role of asserted) {
        const res = await call(row, role);
        const context = `${label(row)} as ${role} → ${res.status}`;
        if (row.allowed.includes(role)) expect(() => expectAllowed(row, res), context).not.toThrow();
        else expect(() => expectDenied(row, role, res), context).not.toThrow();
      }
    });
  }
}

const mountedStaffApi: Row[] = [];
const pendingStaffApi: string[] = [];
for (const row of staffApiRows) {
  const probe = await request(r.app)
    [row.method](typeof row.path === 'string' ? row.path : row.path('admin'))
    .set('authorization', `Bearer ${bearer.admin}`)
    .set('accept', 'application/json');
  if (probe.status === 404 && (probe.body as { error?: string }).error === 'Not found')
    pendingStaffApi.push(label(row));
  else mountedStaffApi.push(row);
}

describe('authorization matrix: pages and public routes', () => {
  matrix(pageRows);
});

describe('authorization matrix: staff JSON API (routes join as soon as they are mounted)', () => {
  it('when the staff API is probed, then every route of the spec table is either in the matrix or listed as pending', () => {
    expect(mountedStaffApi.length + pendingStaffApi.length).toBe(staffApiRows.length);
    expect(pendingStaffApi, 'staff API routes not mounted yet').toEqual([]);
  });
  matrix(mountedStaffApi);
});

const ownPostForms: Array<{
  label: string;
  role: 'admin' | 'auditor' | 'centre';
  path: () => string;
  body: () => Record<string, unknown>;
}> = [
  { label: 'POST /account/tokens', role: 'auditor', path: () => '/account/tokens', body: () => ({ name: 'no csrf' }) },
  {
    label: 'POST /account/tokens/:id/revoke',
    role: 'auditor',
    path: () => `/account/tokens/${r.services.tokens.create(cast.auditor, 'x').record.id}/revoke`,
    body: () => ({}),
  },
  {
    label: 'POST /admin/users',
    role: 'admin',
    path: () => '/admin/users',
    body: () => ({
      name: 'No Csrf',
      email: `nocsrf${unique()}@test.example`,
      role: 'auditor',
      password: 'a-long-initial-pass',
    }),
  },
  {
    label: 'POST /admin/users/:id/disable',
    role: 'admin',
    path: () => `/admin/users/${cast.auditor.id}/disable`,
    body: () => ({}),
  },
  {
    label: 'POST /admin/users/:id/enable',
    role: 'admin',
    path: () => `/admin/users/${cast.auditor.id}/enable`,
    body: () => ({}),
  },
  {
    label: 'POST /admin/users/:id/password',
    role: 'admin',
    path: () => `/admin/users/${cast.auditor.id}/password`,
    body: () => ({ password: 'stolen-password-123' }),
  },
  {
    label: 'POST /admin/users/:id/conflicts',
    role: 'admin',
    path: () => `/admin/users/${cast.auditor.id}/conflicts`,
    body: () => ({ centres: String(centreOwn.id) }),
  },
  { label: 'POST /admin/centres', role: 'admin', path: () => '/admin/centres', body: centreForm },
  {
    label: 'POST /admin/centres/:slug',
    role: 'admin',
    path: () => `/admin/centres/${centreOwn.slug}`,
    body: centreForm,
  },
  {
    label: 'POST /admin/complaints/:id/triage',
    role: 'admin',
    path: () => `/admin/complaints/${complaintAbout().id}/triage`,
    body: () => ({ decision: 'dismiss', dismissalReason: 'not_substantiated', resolution: 'no csrf' }),
  },
  {
    label: 'POST /admin/complaints/:id/review',
    role: 'admin',
    path: () => `/admin/complaints/${complaintAbout().id}/review`,
    body: () => ({}),
  },
  { label: 'POST /portal/brands', role: 'centre', path: () => '/portal/brands', body: () => ({ name: 'Geen csrf' }) },
  {
    label: 'POST /portal/brands/:id/consent',
    role: 'centre',
    path: () => `/portal/brands/${ownBrand().id}/consent`,
    body: () => ({ isPublic: 'on' }),
  },
  {
    label: 'POST /portal/brands/:id/delete',
    role: 'centre',
    path: () => `/portal/brands/${ownBrand().id}/delete`,
    body: () => ({}),
  },
  {
    label: 'POST /admin/appeals/:id/resolve',
    role: 'admin',
    path: () => `/admin/appeals/${appealed.id}/resolve`,
    body: () => ({ verdict: 'uphold', resolution: 'no csrf' }),
  },
];

const eventCount = () => (r.db.$client.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;

describe('CSRF', () => {
  it.each(ownPostForms.map((form) => [form.label, form] as const))(
    'when %s is posted without a CSRF token, then it is refused with 403 and nothing changes',
    async (_label, form) => {
      const path = form.path();
      const before = eventCount();
      const res = await sessions[form.role].agent.post(path).type('form').send(form.body());
      expect(res.status).toBe(403);
      expect(eventCount()).toBe(before);
    },
  );

  it('when a form carries a token signed for another cookie, then it is refused', async () => {
    const res = await sessions.admin.agent
      .post('/admin/centres')
      .type('form')
      .send({ ...centreForm(), _csrf: sessions.auditor.csrf });
    expect(res.status).toBe(403);
  });
});

const payloads = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>'];

describe('XSS', () => {
  it.each(payloads)(
    'when %s is typed into every centre field, then the re-rendered form and the list show it escaped',
    async (payload) => {
      const fields = {
        legalName: payload,
        tradeName: payload,
        city: payload,
        registrationNumber: payload,
        sites: payload,
        website: payload,
        size: payload,
      };
      const form = await sessions.admin.agent
        .post('/admin/centres')
        .type('form')
        .send({ _csrf: sessions.admin.csrf, ...centreForm(), ...fields });
      expect(form.status).toBe(400);
      expect(form.text).not.toContain(payload);
      expect(form.text).toContain(payload.startsWith('<') ? '&lt;script&gt;' : '&#34;&gt;&lt;img');

      const saved = await sessions.admin.agent
        .post('/admin/centres')
        .type('form')
        .send({
          _csrf: sessions.admin.csrf,
          ...centreForm(),
          legalName: payload,
          tradeName: payload,
          city: payload,
          sites: payload,
        });
      expect(saved.status).toBe(303);
      const list = await sessions.admin.agent.get('/admin/centres');
      expect(list.text).not.toContain(payload);
    },
  );

  it.each(payloads)(
    'when %s is typed into every user field, then the form, the list, the user page and the dashboard show it escaped',
    async (payload) => {
      const form = await sessions.admin.agent.post('/admin/users').type('form').send({
        _csrf: sessions.admin.csrf,
        name: payload,
        email: payload,
        role: payload,
        centre: payload,
        password: payload,
      });
      expect(form.status).toBe(400);
      expect(form.text).not.toContain(payload);

      const email = `xss${unique()}@test.example`;
      const created = await sessions.admin.agent
        .post('/admin/users')
        .type('form')
        .send({ _csrf: sessions.admin.csrf, name: payload, email, role: 'auditor', password: 'a-long-initial-pass' });
      expect(created.status).toBe(303);
      for (const path of ['/admin/users', created.headers.location!]) {
        expect((await sessions.admin.agent.get(path)).text).not.toContain(payload);
      }
      const { agent } = await loginAs(r.app, email, 'a-long-initial-pass');
      expect((await agent.get('/dashboard')).text).not.toContain(payload);
    },
  );

  it.each(payloads)(
    'when %s is used as a token name, then the result page and the list show it escaped',
    async (payload) => {
      const created = await sessions.auditor.agent
        .post('/account/tokens')
        .type('form')
        .send({ _csrf: sessions.auditor.csrf, name: payload });
      expect(created.status).toBe(201);
      expect(created.text).not.toContain(payload);
      expect((await sessions.auditor.agent.get('/account/tokens')).text).not.toContain(payload);
    },
  );

  it('when a centre name holds markup, then the auditor dashboard shows it escaped', async () => {
    const centre = buildCentre(r.services, { tradeName: payloads[0] });
    const auditor = buildUser(r.services, 'auditor');
    r.services.audits.plan(
      { centre: centre.slug, type: 'initial', plannedFor: '2026-12-03', auditor: auditor.email },
      cast.admin,
    );
    const { agent } = await loginAs(r.app, auditor.email, TEST_PASSWORD);
    const res = await agent.get('/dashboard');
    expect(res.text).not.toContain(payloads[0]);
    expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('oversized input', () => {
  it('when a 1 MB form body is posted, then it is refused with 413', async () => {
    const res = await sessions.admin.agent
      .post('/admin/centres')
      .type('form')
      .send({ _csrf: sessions.admin.csrf, ...centreForm(), legalName: 'x'.repeat(1024 * 1024) });
    expect(res.status).toBe(413);
  });

  it('when names of 10 kB are posted, then the forms answer 400 with a message at each field', async () => {
    const long = 'n'.repeat(10 * 1024);
    const centre = await sessions.admin.agent
      .post('/admin/centres')
      .type('form')
      .send({ _csrf: sessions.admin.csrf, ...centreForm(), legalName: long, tradeName: long, city: long });
    expect(centre.status).toBe(400);
    expect(centre.text).toContain('id="legalName-error">Gebruik hoogstens 200 tekens.');
    expect(centre.text).toContain('id="tradeName-error">Gebruik hoogstens 200 tekens.');
    expect(centre.text).toContain('id="city-error">Gebruik hoogstens 100 tekens.');
    const user = await sessions.admin.agent
      .post('/admin/users')
      .type('form')
      .send({
        _csrf: sessions.admin.csrf,
        name: long,
        email: `long${unique()}@test.example`,
        role: 'auditor',
        password: 'a-long-initial-pass',
      });
    expect(user.status).toBe(400);
    expect(user.text).toContain('id="name-error">Gebruik hoogstens 120 tekens.');
    const token = await sessions.auditor.agent
      .post('/account/tokens')
      .type('form')
      .send({ _csrf: sessions.auditor.csrf, name: long });
    expect(token.status).toBe(400);
    expect(token.text).toContain('id="name-error">Gebruik hoogstens 80 tekens.');
  });
});

describe('login', () => {
  const attempt = async (email: string, password: string) => {
    const agent = request.agent(r.app);
    const csrf = await csrfTokenFor(agent);
    return agent.post('/login').type('form').send({ _csrf: csrf, email, password });
  };

  it('when the password is wrong or the e-mail unknown, then the answer is the same', async () => {
    const wrong = await attempt(cast.auditor.email, 'wrong-password-123');
    const unknown = await attempt('nobody@test.example', 'wrong-password-123');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(wrong.status);
    const strip = (res: Response, email: string) =>
      res.text.replaceAll(email, 'EMAIL').replace(/value="[^"]{40,}"/g, 'value="CSRF"');
    expect(strip(unknown, 'nobody@test.example')).toBe(strip(wrong, cast.auditor.email));
  });

  it('when someone logs in, then the session id changes and the old one is no longer valid', async () => {
    const agent = request.agent(r.app);
    const csrf = await csrfTokenFor(agent);
    const first = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrf, email: cast.auditor.email, password: TEST_PASSWORD });
    const before = /km_session=([^;]+)/.exec(String(first.headers['set-cookie']))![1]!;
    // Signed in, the form token is the session's own: the one from the login page no longer counts.
    const stale = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrf, email: cast.admin.email, password: TEST_PASSWORD });
    expect(stale.status).toBe(403);
    const sessionCsrf = await csrfTokenFor(agent, '/dashboard');
    const second = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: sessionCsrf, email: cast.admin.email, password: TEST_PASSWORD });
    const after = /km_session=([^;]+)/.exec(String(second.headers['set-cookie']))![1]!;
    expect(second.status).toBe(303);
    expect(after).not.toBe(before);
    const replay = await request(r.app).get('/dashboard').set('cookie', `km_session=${before}`);
    expect(replay.status).toBe(303);
    expect(replay.headers.location).toMatch(/^\/login/);
  });

  it('when a user is disabled, then they cannot log in, their open session ends and their tokens stop working', async () => {
    const user = buildUser(r.services, 'auditor');
    const { agent } = await loginAs(r.app, user.email, TEST_PASSWORD);
    const { token } = r.services.tokens.create(user, 'tool');
    await request(r.app).get('/api/v1/audits').set('authorization', `Bearer ${token}`).expect(200);

    await sessions.admin.agent
      .post(`/admin/users/${user.id}/disable`)
      .type('form')
      .send({ _csrf: sessions.admin.csrf })
      .expect(303);

    expect((await attempt(user.email, TEST_PASSWORD)).status).toBe(401);
    expect((await agent.get('/dashboard')).headers.location).toMatch(/^\/login/);
    await request(r.app).get('/api/v1/audits').set('authorization', `Bearer ${token}`).expect(401);
  });

  it('when a user logs out, then the session ends', async () => {
    const { agent, csrf } = await loginAs(r.app, cast.auditor.email, TEST_PASSWORD);
    const res = await agent.post('/logout').type('form').send({ _csrf: csrf });
    expect(res.status).toBe(303);
    expect((await agent.get('/dashboard')).headers.location).toMatch(/^\/login/);
  });

  it('when a centre user or an auditor opens any admin page, then the answer is 403', async () => {
    for (const role of ['centre', 'auditor'] as const) {
      for (const path of [
        '/admin/users',
        '/admin/centres',
        `/admin/users/${cast.admin.id}`,
        `/admin/centres/${centreOwn.slug}/edit`,
      ]) {
        expect((await sessions[role].agent.get(path)).status, `${role} ${path}`).toBe(403);
      }
    }
  });
});
