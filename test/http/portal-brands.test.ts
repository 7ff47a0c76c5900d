import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Centre } from '../../src/persistence/centre-repository.js';
import { verifyEventLog } from '../../src/services/event-log.js';
import { loginAs } from '../support/auth.js';
import { buildCast, buildCertifiedCentre, buildUser, type Cast, TEST_PASSWORD } from '../support/factories.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

type Session = Awaited<ReturnType<typeof loginAs>>;

let r: TestRegistry;
let cast: Cast;
let centre: Centre;
let other: Centre;
let own: Session;
let rival: Session;

beforeAll(async () => {
  r = createTestRegistry({ now: '2026-04-01T09:00:00Z' });
  cast = buildCast(r.services);
  ({ centre } = await buildCertifiedCentre(r.services, cast, { tradeName: 'Merkenlijn' }));
  ({ centre: other } = await buildCertifiedCentre(r.services, cast, { tradeName: 'Andere Lijn' }));
  own = await loginAs(r.app, buildUser(r.services, 'centre', { centre: centre.slug }).email, TEST_PASSWORD);
  rival = await loginAs(r.app, buildUser(r.services, 'centre', { centre: other.slug }).email, TEST_PASSWORD);
});
afterAll(() => {
  expect(verifyEventLog(r.db).ok).toBe(true);
  r.close();
});

/** The brand events of the log, oldest first, as recorded. */
const brandEvents = () =>
  (
    r.db.$client
      .prepare(`SELECT actor, action, subject, payload FROM events WHERE action LIKE 'brand.%' ORDER BY seq`)
      .all() as { actor: string; action: string; subject: string; payload: string }[]
  ).map((e) => ({ ...e, payload: JSON.parse(e.payload) as Record<string, unknown> }));

const post = (s: Session, path: string, body: Record<string, string> = {}) =>
  s.agent
    .post(path)
    .type('form')
    .send({ _csrf: s.csrf, ...body });

describe('brands in the portal', () => {
  it('when the centre adds, hides, publishes and removes a brand, then each change is in the event log as declared by the centre and the profile follows', async () => {
    const page = await own.agent.get('/portal/brands').expect(200);
    expect(page.text).toContain('U heeft nog geen merken opgegeven.');
    expect((await own.agent.get('/portal').expect(200)).text).toContain('href="/portal/brands"');

    const added = await post(own, '/portal/brands', { name: 'Zonnestroom Direct', isPublic: 'on' });
    expect(added.status).toBe(303);
    expect(added.headers.location).toBe('/portal/brands?done=added');
    const brand = r.services.brands.forCentre(centre.id)[0]!;
    expect(brand).toMatchObject({ name: 'Zonnestroom Direct', foldedName: 'zonnestroom direct', isPublic: true });
    expect((await request(r.app).get(`/centres/${centre.slug}`)).text).toContain('Zonnestroom Direct');

    await post(own, `/portal/brands/${brand.id}/consent`).expect(303);
    expect(r.services.brands.forCentre(centre.id)[0]!.isPublic).toBe(false);
    expect((await request(r.app).get(`/centres/${centre.slug}`)).text).not.toContain('Zonnestroom Direct');
    const hidden = await request(r.app).get('/complaints/centres.json?q=zonnestroom').expect(200);
    expect(hidden.body.centres).toEqual([]);

    await post(own, `/portal/brands/${brand.id}/consent`, { isPublic: 'on' }).expect(303);
    const found = await request(r.app).get('/complaints/centres.json?q=zonnestrom').expect(200);
    expect(found.body.centres.map((c: { slug: string }) => c.slug)).toEqual([centre.slug]);

    await post(own, `/portal/brands/${brand.id}/delete`).expect(303);
    expect(r.services.brands.forCentre(centre.id)).toEqual([]);

    const events = brandEvents();
    expect(events.map((e) => e.action)).toEqual([
      'brand.declared',
      'brand.unpublished',
      'brand.published',
      'brand.removed',
    ]);
    for (const e of events) {
      expect(e.subject).toBe(`centre:${centre.slug}`);
      expect(e.payload).toMatchObject({ brand: 'Zonnestroom Direct', declaredBy: 'centre' });
      expect(e.actor).toMatch(/^centre:\d+$/);
    }
  });

  it('when the same brand is added twice (other case and accents) or the name is empty, then the form says so and nothing is stored', async () => {
    await post(own, '/portal/brands', { name: 'Énergie Plus', isPublic: 'on' }).expect(303);
    const before = brandEvents().length;
    const twice = await post(own, '/portal/brands', { name: 'energie plus' });
    expect(twice.status).toBe(409);
    expect(twice.text).toContain('U noemt energie plus al.');
    const empty = await post(own, '/portal/brands', { name: ' ' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('id="brand-name-error"');
    const punctuation = await post(own, '/portal/brands', { name: '--' });
    expect(punctuation.status).toBe(400);
    expect(r.services.brands.forCentre(centre.id)).toHaveLength(1);
    expect(brandEvents()).toHaveLength(before);
  });

  it('when another centre or staff touch the brand, then 404 or 403 and nothing changes', async () => {
    const brand = r.services.brands.forCentre(centre.id)[0]!;
    await post(rival, `/portal/brands/${brand.id}/delete`).expect(404);
    await post(rival, `/portal/brands/${brand.id}/consent`).expect(404);
    const admin = await loginAs(r.app, cast.admin.email, TEST_PASSWORD);
    await post(admin, `/portal/brands/${brand.id}/delete`).expect(403);
    await post(admin, '/portal/brands', { name: 'Staffmerk' }).expect(403);
    const anonymous = await request(r.app).get('/portal/brands');
    expect(anonymous.status).toBe(303);
    expect(r.services.brands.forCentre(centre.id)).toEqual([brand]);
    expect(r.services.brands.forCentre(other.id)).toEqual([]);
  });
});
