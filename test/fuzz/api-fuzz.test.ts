import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAudit, buildCast, buildCertifiedCentre, uniqueKvk } from '../support/factories.js';
import { dbFingerprint } from '../support/db-fingerprint.js';
import { assertFuzz, jsonBody, nastyString, pathSegment, queryString } from '../support/fuzz-inputs.js';
import { type Loopback, type LoopbackRequest, serveOverLoopback } from '../support/loopback-client.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

/**
 * Every JSON API route under fire (issue 12, "Done when"): 1 000 generated requests per route,
 * 17 routes, 17 000 cases. Whatever comes in, the answer is never a 5xx, a refusal is the error
 * shape `{error, code, params, issues}`, and a refused request changes nothing stored.
 */
const RUNS = 1_000;

let r: TestRegistry;
let loop: Loopback;
let fingerprint: () => string;
const tokens = { admin: '', auditor: '', disabled: '' };
let planned = 0;
let submitted = 0;
let slug = '';
let certificate = '';
let auditorEmail = '';

beforeAll(async () => {
  r = createTestRegistry({ now: '2026-03-01T09:00:00Z' });
  const cast = buildCast(r.services);
  auditorEmail = cast.auditor.email;
  const certified = await buildCertifiedCentre(r.services, cast);
  slug = certified.centre.slug;
  certificate = certified.certificate.number;
  planned = (await buildAudit(r.services, { state: 'in_progress', cast })).audit.id;
  submitted = (await buildAudit(r.services, { state: 'submitted', cast })).audit.id;
  tokens.admin = r.services.tokens.create(cast.decider, 'fuzz').token;
  tokens.auditor = r.services.tokens.create(cast.auditor, 'fuzz').token;
  loop = await serveOverLoopback(r.app);
  // A token's first use of the minute is recorded; after that a read writes nothing.
  for (const token of [tokens.admin, tokens.auditor]) {
    await loop.send({ path: '/api/v1/audits', headers: { authorization: `Bearer ${token}` } });
  }
  fingerprint = dbFingerprint(r.db.$client);
}, 60_000);
afterAll(async () => {
  await loop?.close();
  r?.close();
});

const who = fc.constantFrom<keyof typeof tokens | 'none' | 'junk'>(
  'admin',
  'admin',
  'admin',
  'auditor',
  'none',
  'junk',
);
const authorization = (w: keyof typeof tokens | 'none' | 'junk'): Record<string, string> =>
  w === 'none' ? {} : { authorization: w === 'junk' ? 'Bearer km_junk' : `Bearer ${tokens[w]}` };
const auditId = () => pathSegment(() => [String(planned), String(submitted)]);
const withJson = (body: string, w: keyof typeof tokens | 'none' | 'junk', contentType: string) => ({
  body,
  headers: { ...authorization(w), 'content-type': contentType, accept: 'application/json' },
});
/** The certificate, the same number in lower case, with a wrong check digit, and one never issued. */
const certificateNumbers = () => [
  certificate,
  certificate.toLowerCase(),
  `${certificate.slice(0, -1)}${certificate.endsWith('0') ? '1' : '0'}`,
  certificate.replace(/-\d{4}-/, '-9999-'),
];
const contentType = fc.constantFrom(
  'application/json',
  'application/json',
  'application/json; charset=utf-16',
  'text/plain',
  'application/x-www-form-urlencoded',
);

const centreBody = () => ({
  legalName: 'Fuzz Centrum B.V.',
  tradeName: 'Fuzz Centrum',
  registrationNumber: uniqueKvk(),
  country: 'NL',
  city: 'Utrecht',
  type: 'outsourced',
  channels: ['phone'],
  languages: ['nl'],
  sectors: ['energy'],
  website: 'https://fuzz.example',
});

/** A multipart body as a hostile client writes it: odd boundaries, fields, file bytes. */
const multipart = fc
  .tuple(nastyString, fc.uint8Array({ maxLength: 3_000 }), fc.constantFrom('file', 'other', ''), fc.boolean())
  .map(([field, bytes, name, truncated]) => {
    const head = `--b0undary\r\nContent-Disposition: form-data; name="note"\r\n\r\n${field.slice(0, 500)}\r\n--b0undary\r\nContent-Disposition: form-data; name="${name}"; filename="x.pdf"\r\nContent-Type: application/pdf\r\n\r\n`;
    const tail = truncated ? '' : '\r\n--b0undary--\r\n';
    return {
      body: Buffer.concat([Buffer.from(`%PDF-1.7\n${head}`.slice(9)), Buffer.from(bytes), Buffer.from(tail)]),
      headers: { 'content-type': 'multipart/form-data; boundary=b0undary', accept: 'application/json' },
    };
  });

const routes: Record<string, fc.Arbitrary<LoopbackRequest>> = {
  'GET /api/v1/scheme': queryString(['code']).map((q) => ({ path: `/api/v1/scheme${q}` })),
  'GET /api/v1/scheme/:code': pathSegment(() => ['KM-2026.1', 'KM-2025.1']).map((s) => ({
    path: `/api/v1/scheme/${s}`,
  })),
  'GET /api/v1/centres': queryString(['q', 'country', 'channel', 'sector', 'status', 'page', 'sort', 'size']).map(
    (q) => ({ path: `/api/v1/centres${q}` }),
  ),
  'GET /api/v1/centres/:slug': pathSegment(() => [slug, `${slug}-x`, slug.toUpperCase()]).map((s) => ({
    path: `/api/v1/centres/${s}`,
  })),
  'GET /api/v1/certificates/:number': pathSegment(certificateNumbers).map((s) => ({
    path: `/api/v1/certificates/${s}`,
  })),
  'GET /api/v1/certificates/:number/pdf': pathSegment(certificateNumbers).map((s) => ({
    path: `/api/v1/certificates/${s}/pdf`,
  })),
  'GET /api/v1/events': queryString(['after']).map((q) => ({ path: `/api/v1/events${q}` })),
  'GET /api/v1/events/verify': queryString(['from']).map((q) => ({ path: `/api/v1/events/verify${q}` })),
  'POST /api/v1/verify': multipart.map((m) => ({ method: 'POST', path: '/api/v1/verify', ...m })),
  'POST /api/v1/check': fc
    .tuple(jsonBody({ items: ['Fuzz Centrum', 'KM-2026-00001-36', '0765.432.146'] }), who, contentType)
    .map(([body, w, ct]) => ({ method: 'POST', path: '/api/v1/check', ...withJson(body, w, ct) })),
  'POST /api/v1/centres': fc
    .tuple(jsonBody(centreBody()), who, contentType)
    .map(([body, w, ct]) => ({ method: 'POST', path: '/api/v1/centres', ...withJson(body, w, ct) })),
  'POST /api/v1/audits': fc
    .tuple(jsonBody({ centre: 'x', type: 'initial', plannedFor: '2026-05-01', auditor: 'x' }), who, contentType)
    .map(([body, w, ct]) => ({ method: 'POST', path: '/api/v1/audits', ...withJson(body, w, ct) })),
  'GET /api/v1/audits': fc
    .tuple(queryString(['state', 'page']), who)
    .map(([q, w]) => ({ path: `/api/v1/audits${q}`, headers: authorization(w) })),
  'GET /api/v1/audits/:id': fc
    .tuple(auditId(), who)
    .map(([id, w]) => ({ path: `/api/v1/audits/${id}`, headers: authorization(w) })),
  'PUT /api/v1/audits/:id/answers': fc
    .tuple(auditId(), jsonBody({ scheme: 'KM-2026.1', answers: [{ item: 'R1', result: 'conform' }] }), who, contentType)
    .map(([id, body, w, ct]) => ({ method: 'PUT', path: `/api/v1/audits/${id}/answers`, ...withJson(body, w, ct) })),
  'POST /api/v1/audits/:id/submit': fc
    .tuple(auditId(), jsonBody({}), who, contentType)
    .map(([id, body, w, ct]) => ({ method: 'POST', path: `/api/v1/audits/${id}/submit`, ...withJson(body, w, ct) })),
  'POST /api/v1/audits/:id/decision': fc
    .tuple(auditId(), jsonBody({ action: 'return', reason: 'x' }), who, contentType)
    .map(([id, body, w, ct]) => ({ method: 'POST', path: `/api/v1/audits/${id}/decision`, ...withJson(body, w, ct) })),
  'POST /api/v1/audits/:id/answers/:item/evidence': fc
    .tuple(
      auditId(),
      pathSegment(() => ['R1', 'R2', 'Z9']),
      multipart,
      who,
    )
    .map(([id, item, m, w]) => ({
      method: 'POST',
      path: `/api/v1/audits/${id}/answers/${item}/evidence`,
      body: m.body,
      headers: { ...m.headers, ...authorization(w) },
    })),
};

describe('JSON API fuzz', () => {
  it('when the fixture is ready, then the valid values the generators mix in exist', () => {
    expect([slug, certificate, auditorEmail].every(Boolean)).toBe(true);
  });

  for (const [route, requests] of Object.entries(routes)) {
    it(`when ${route} gets ${RUNS} hostile requests, then none is a 5xx, refusals are the error shape and change nothing`, async () => {
      let before = fingerprint();
      await assertFuzz(
        requests,
        async (req) => {
          const res = await loop.send(req);
          expect(res.status, res.text.slice(0, 300)).toBeLessThan(500);
          if (res.status < 400) {
            // An accepted request may change things: the next case compares with the new state.
            before = fingerprint();
            if (route.endsWith('/pdf')) return;
          }
          expect(res.headers['content-type']).toMatch(/^application\/json/);
          const body = JSON.parse(res.text) as Record<string, unknown>;
          if (res.status < 400) return;
          expect(body).toEqual({
            error: expect.any(String),
            code: expect.any(String),
            params: expect.any(Object),
            issues: expect.any(Array),
          });
          expect(fingerprint()).toBe(before);
        },
        RUNS,
      );
      // The polluting keys the generators sent reached no prototype.
      expect(Object.prototype).not.toHaveProperty('isAdmin');
    });
  }
});
