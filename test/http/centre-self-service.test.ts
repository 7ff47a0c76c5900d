import { createHash } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Centre } from '../../src/persistence/centre-repository.js';
import type { Certificate } from '../../src/persistence/certificate-repository.js';
import { eventRepository } from '../../src/persistence/event-repository.js';
import { tokenRepository } from '../../src/persistence/token-repository.js';
import type { User } from '../../src/persistence/user-repository.js';
import { verifyEventLog } from '../../src/services/event-log.js';
import { appRoutes } from '../support/app-routes.js';
import { loginAs } from '../support/auth.js';
import {
  buildCast,
  buildCertifiedCentre,
  buildUser,
  runAudit,
  TEST_PASSWORD,
  type Cast,
} from '../support/factories.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

/**
 * What a centre may change itself: its contact details, each change in the hash-chained log and
 * marked as declared on the profile. Its names, registration and scope it cannot change by any
 * route it can reach: the contact form with extra fields, the other portal forms, the admin
 * forms, the staff API with a token, and every other route of the app.
 */

let r: TestRegistry;
let cast: Cast;
let centre: Centre;
let certificate: Certificate;
let user: User;
let session: Awaited<ReturnType<typeof loginAs>>;

const contactEvents = () =>
  [...eventRepository(r.db).iterateAll()].filter(
    (e) => e.action === 'centre.contact_declared' && e.subject === `centre:${centre.slug}`,
  );
const centreNow = () => r.services.centres.findById(centre.id)!;
const scopeNow = () => r.services.certificates.certificateById(certificate.id)!.scope;
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

const post = (fields: Record<string, unknown>) =>
  session.agent
    .post('/portal/contact')
    .type('form')
    .send({ _csrf: session.csrf, ...fields });

/** Everything a centre might try to change about itself besides its contact details. */
const scopeAttack = {
  legalName: 'Overgenomen B.V.',
  tradeName: 'Overgenomen',
  registrationNumber: '12345678',
  country: 'BE',
  city: 'Brussel',
  type: 'inhouse',
  channels: ['phone', 'video'],
  languages: ['nl', 'de'],
  sectors: ['finance'],
  sites: ['Brussel', 'Gent'],
  size: '5000',
  scope: 'channels',
  slug: 'overgenomen',
  id: '1',
  contactDeclarations: '{"website":"2020-01-01"}',
};

beforeAll(async () => {
  r = createTestRegistry({ now: '2026-06-01T09:00:00Z' });
  cast = buildCast(r.services);
  ({ centre, certificate } = await buildCertifiedCentre(r.services, cast, { tradeName: 'Zelfservice Centrum' }));
  // Open corrective actions, so the evidence form can be tried too.
  r.clock.set('2026-11-20T09:00:00Z');
  await runAudit(r.services, cast, centre, 'surveillance', { R1: 'minor' }, '2026-11-18');
  r.clock.set('2026-12-02T10:00:00Z');
  user = buildUser(r.services, 'centre', { centre: centre.slug });
  session = await loginAs(r.app, user.email, TEST_PASSWORD);
});
afterAll(() => r.close());

describe('a centre edits its contact details', () => {
  it('when the centre opens its portal, then it sees its contact details and the way to change them', async () => {
    const portal = await session.agent.get('/portal').expect(200);
    expect(portal.text).toContain('id="contact-heading"');
    expect(portal.text).toContain('href="/portal/contact"');
    const form = await session.agent.get('/portal/contact').expect(200);
    expect(form.text).toContain('action="/portal/contact"');
    expect(form.text).toContain('value="https://example.org"');
    expect(form.text).toContain('name="customerPhone" type="tel"');
    expect(form.text).toContain('Wat u hier niet kunt wijzigen');
  });

  it('when the details are invalid, then the form comes back with each message and the input kept, and nothing changes', async () => {
    const before = centreNow();
    const res = await post({ website: 'ftp://x.example', customerPhone: 'bel ons', customerEmail: 'geen-adres' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('id="website-error">Gebruik een webadres dat begint met http:// of https://.');
    expect(res.text).toContain('id="customerPhone-error">Schrijf een telefoonnummer zoals +31 20 123 4567');
    expect(res.text).toContain('id="customerEmail-error">Dit is geen geldig e-mailadres.');
    expect(res.text).toContain('value="bel ons"');
    expect(centreNow()).toEqual(before);
    expect(contactEvents()).toHaveLength(0);
  });

  it('when valid details are saved, then they are stored, logged with before and after, and shown as declared by the centre', async () => {
    const res = await post({
      website: 'https://zelfservice.example/klantenservice',
      customerPhone: '+31 50 123 4567',
      customerEmail: 'klantenservice@zelfservice.example',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/portal/contact?done=saved');
    expect((await session.agent.get('/portal/contact?done=saved')).text).toContain(
      'Uw contactgegevens zijn opgeslagen',
    );
    expect(centreNow()).toMatchObject({
      website: 'https://zelfservice.example/klantenservice',
      customerPhone: '+31 50 123 4567',
      customerEmail: 'klantenservice@zelfservice.example',
      contactDeclarations: {
        website: '2026-12-02T10:00:00.000Z',
        customerPhone: '2026-12-02T10:00:00.000Z',
        customerEmail: '2026-12-02T10:00:00.000Z',
      },
    });
    const [event] = contactEvents();
    expect(event).toMatchObject({ actor: `centre:${user.id}`, isPublic: false });
    expect(event!.payload).toEqual({
      slug: centre.slug,
      changes: {
        website: { before: 'https://example.org', after: 'https://zelfservice.example/klantenservice' },
        customerPhone: { before: null, after: '+31 50 123 4567' },
        customerEmail: { before: null, after: 'klantenservice@zelfservice.example' },
      },
    });
    expect(verifyEventLog(r.db).ok).toBe(true);

    const profile = await request(r.app).get(`/centres/${centre.slug}`).expect(200);
    expect(profile.text).toContain('href="tel:+31501234567">+31 50 123 4567</a>');
    expect(profile.text).toContain('href="mailto:klantenservice@zelfservice.example"');
    expect(textOf(profile.text)).toContain('+31 50 123 4567 opgegeven door het centrum op 2 december 2026');
    const en = await request(r.app).get(`/centres/${centre.slug}?lang=en`).expect(200);
    expect(en.text).toContain('declared by the centre on 2 December 2026');
    const api = await request(r.app).get(`/api/v1/centres/${centre.slug}`).expect(200);
    expect(api.body.contact).toEqual({
      website: 'https://zelfservice.example/klantenservice',
      customerPhone: '+31 50 123 4567',
      customerEmail: 'klantenservice@zelfservice.example',
      declared: {
        website: '2026-12-02T10:00:00.000Z',
        customerPhone: '2026-12-02T10:00:00.000Z',
        customerEmail: '2026-12-02T10:00:00.000Z',
      },
    });
  });

  it('when one detail is changed later and another cleared, then that edit is its own log entry and only those fields change', async () => {
    r.clock.set('2026-12-05T14:00:00Z');
    session = await loginAs(r.app, user.email, TEST_PASSWORD);
    expect(
      (
        await post({
          website: 'https://zelfservice.example/klantenservice',
          customerPhone: '050 765 43 21',
          customerEmail: '',
        })
      ).status,
    ).toBe(303);
    const events = contactEvents();
    expect(events).toHaveLength(2);
    expect(events[1]!.payload).toEqual({
      slug: centre.slug,
      changes: {
        customerPhone: { before: '+31 50 123 4567', after: '050 765 43 21' },
        customerEmail: { before: 'klantenservice@zelfservice.example', after: null },
      },
    });
    expect(centreNow().contactDeclarations).toEqual({
      website: '2026-12-02T10:00:00.000Z',
      customerPhone: '2026-12-05T14:00:00.000Z',
    });
    // Saving the same details again changes nothing and logs nothing.
    await post({
      website: 'https://zelfservice.example/klantenservice',
      customerPhone: '050 765 43 21',
      customerEmail: '',
    });
    expect(contactEvents()).toHaveLength(2);
  });

  it('when staff correct the website, then it is no longer marked as declared by the centre', async () => {
    const admin = await loginAs(r.app, cast.admin.email, TEST_PASSWORD);
    const c = centreNow();
    const res = await admin.agent
      .post(`/admin/centres/${centre.slug}`)
      .type('form')
      .send({
        _csrf: admin.csrf,
        legalName: c.legalName,
        tradeName: c.tradeName,
        registrationNumber: c.registrationNumber,
        country: c.country,
        city: c.city,
        type: c.type,
        channels: c.channels,
        languages: c.languages,
        sectors: c.sectors,
        sites: c.sites,
        website: 'https://zelfservice.example',
        size: String(c.size ?? ''),
      });
    expect(res.status).toBe(303);
    expect(centreNow()).toMatchObject({
      website: 'https://zelfservice.example',
      customerPhone: '050 765 43 21',
      contactDeclarations: { customerPhone: '2026-12-05T14:00:00.000Z' },
    });
    const updated = [...eventRepository(r.db).iterateAll()].filter((e) => e.action === 'centre.updated').at(-1)!;
    expect(updated.payload).toMatchObject({
      changes: {
        website: { before: 'https://zelfservice.example/klantenservice', after: 'https://zelfservice.example' },
      },
    });
  });
});

describe('a centre cannot change its scope, names or registration', () => {
  it('when the contact form carries any other field, then it is refused with 403 and nothing at all changes', async () => {
    for (const [field, value] of Object.entries(scopeAttack)) {
      const before = centreNow();
      const events = contactEvents().length;
      const res = await post({ website: 'https://aangepast.example', [field]: value });
      expect(res.status, field).toBe(403);
      expect(res.text, field).toContain('Uw centrum kan alleen zijn contactgegevens zelf wijzigen.');
      expect(centreNow(), field).toEqual(before);
      expect(contactEvents(), field).toHaveLength(events);
    }
    expect(scopeNow()).toEqual(certificate.scope);
  });

  it('when the service is called with scope fields, then the field policy refuses them (the service decides, not the form)', () => {
    expect(() => r.services.centreContact.declare(centre.id, { channels: ['video'] }, user)).toThrow(
      expect.objectContaining({
        code: 'centre_fields_not_self_service',
        about: 'person',
        params: { fields: ['channels'] },
      }),
    );
    expect(() => r.services.centres.update(centre.slug, { ...centreNow(), channels: ['video'] }, user)).toThrow(
      expect.objectContaining({ code: 'centre_fields_not_self_service' }),
    );
    const other = buildUser(r.services, 'centre');
    expect(() => r.services.centreContact.declare(centre.id, { website: 'https://x.example' }, other)).toThrow(
      expect.objectContaining({ code: 'role_not_allowed' }),
    );
  });

  it('when the admin centre forms or the staff API are tried with a centre session or token, then they are refused', async () => {
    const before = centreNow();
    const c = before;
    const adminForm = {
      legalName: c.legalName,
      tradeName: c.tradeName,
      registrationNumber: c.registrationNumber,
      country: c.country,
      city: c.city,
      type: c.type,
      channels: ['phone', 'video'],
      languages: c.languages,
      sectors: c.sectors,
      sites: ['Elders'],
      website: '',
    };
    expect(
      (
        await session.agent
          .post(`/admin/centres/${centre.slug}`)
          .type('form')
          .send({ _csrf: session.csrf, ...adminForm })
      ).status,
    ).toBe(403);
    expect(
      (
        await session.agent
          .post('/admin/centres')
          .type('form')
          .send({ _csrf: session.csrf, ...adminForm })
      ).status,
    ).toBe(403);
    expect((await session.agent.get(`/admin/centres/${centre.slug}/edit`)).status).toBe(403);

    // Centres get no API tokens; one planted in the database still opens nothing that changes a centre.
    const token = 'km_planted-centre-token-for-the-test-only';
    tokenRepository(r.db).insert({
      userId: user.id,
      name: 'planted',
      tokenHash: createHash('sha256').update(token).digest('hex'),
      createdAt: '2026-12-05T14:00:00.000Z',
    });
    const api = (method: 'post' | 'put' | 'patch', path: string) =>
      request(r.app)
        [method](path)
        .set('authorization', `Bearer ${token}`)
        .set('accept', 'application/json')
        .send(adminForm);
    expect((await api('post', '/api/v1/centres')).status).toBe(403);
    for (const method of ['put', 'patch'] as const) {
      const res = await api(method, `/api/v1/centres/${centre.slug}`);
      expect(res.status, method).toBeGreaterThanOrEqual(400);
      expect(res.status, method).toBeLessThan(500);
    }
    expect(centreNow()).toEqual(before);
  });

  it('when every route of the app that changes something is tried by the centre with scope fields, then the centre and its certificate scope stay as they were', async () => {
    const before = centreNow();
    const action = r.services.correctiveActions.actionsForCentre(centre.id)[0]!;
    const audit = r.services.audits.listForCentre(centre.id)[0]!;
    const fill = (path: string) =>
      path
        .replace(':slug', centre.slug)
        .replace(':number', certificate.number)
        .replace(':promiseId', 'R')
        .replace(':id', path.includes('action') ? String(action.id) : String(audit.id));
    const writes = appRoutes(r.app).filter((route) => route.method !== 'GET' && route.method !== 'HEAD');
    expect(writes.length).toBeGreaterThan(20);
    const tried: string[] = [];
    for (const route of writes) {
      // Signing out would end the session the other routes are tried with.
      if (route.path === '/logout') continue;
      const path = fill(route.path);
      const method = route.method.toLowerCase() as 'post' | 'put' | 'delete' | 'patch';
      const res = route.path.startsWith('/api/')
        ? await session.agent[method](path).set('accept', 'application/json').send(scopeAttack)
        : await session.agent[method](path)
            .type('form')
            .send({ _csrf: session.csrf, ...scopeAttack });
      expect(res.status, `${route.method} ${route.path}`).toBeLessThan(500);
      tried.push(`${route.method} ${route.path}`);
      expect(centreNow(), `${route.method} ${route.path}`).toEqual(before);
      expect(scopeNow(), `${route.method} ${route.path}`).toEqual(certificate.scope);
    }
    expect(tried).toContain('POST /portal/contact');
    expect(tried).toContain('POST /portal/actions/:id/evidence');
    expect(tried).toContain('POST /portal/audits/:id/appeal');
    expect(tried).toContain('POST /admin/centres/:slug');
    expect(tried).toContain('POST /api/v1/centres');
  });
});
