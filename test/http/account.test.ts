import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cast } from '../support/factories.js';
import { buildAnswers, buildCast, buildCentre, buildUser, TEST_PASSWORD } from '../support/factories.js';
import { loginAs } from '../support/auth.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

let r: TestRegistry;
let cast: Cast;

beforeAll(() => {
  r = createTestRegistry();
  cast = buildCast(r.services);
});
afterAll(() => r.close());

const tokenFrom = (html: string) => /id="token"[^>]*value="(km_[^"]+)"/.exec(html)?.[1];

describe('dashboard', () => {
  it('when an anonymous visitor opens the dashboard, then they are sent to login and come back after', async () => {
    const res = await request(r.app).get('/dashboard').expect(303);
    expect(res.headers.location).toBe('/login?next=%2Fdashboard');
  });

  it('when an admin opens the dashboard, then the work waiting for a decision and the quick links are shown', async () => {
    const centre = buildCentre(r.services);
    const audit = r.services.audits.plan(
      { centre: centre.slug, type: 'initial', plannedFor: '2026-12-01', auditor: cast.auditor.email },
      cast.admin,
    );
    r.services.audits.saveAnswers(audit.id, { answers: buildAnswers(r.services.schemes.current()) }, cast.auditor);
    r.services.audits.submit(audit.id, cast.auditor);

    const { agent } = await loginAs(r.app, cast.admin.email, TEST_PASSWORD);
    const res = await agent.get('/dashboard').expect(200);
    expect(res.text).toContain('href="/audits?state=submitted"');
    expect(res.text).toMatch(/tile-count">1<\/span>\s*<span class="tile-label">audits wachten op een besluit/);
    for (const href of ['/actions', '/admin/users', '/admin/centres', '/audits/new'])
      expect(res.text).toContain(`href="${href}"`);
    expect(res.text).toContain('Mijn werk');
    expect(res.text).toContain('action="/logout"');
  });

  it('when an auditor opens the dashboard, then only their own audits are listed with centre, date and state', async () => {
    const mine = buildCentre(r.services, { tradeName: 'Mijn Auditcentrum' });
    const theirs = buildCentre(r.services, { tradeName: 'Ander Auditcentrum' });
    const other = buildUser(r.services, 'auditor');
    const audit = r.services.audits.plan(
      { centre: mine.slug, type: 'initial', plannedFor: '2026-12-14', auditor: cast.auditor.email },
      cast.admin,
    );
    r.services.audits.plan(
      { centre: theirs.slug, type: 'initial', plannedFor: '2026-12-15', auditor: other.email },
      cast.admin,
    );

    const { agent } = await loginAs(r.app, cast.auditor.email, TEST_PASSWORD);
    const res = await agent.get('/dashboard?lang=en').expect(200);
    expect(res.text).toContain(`href="/audits/${audit.id}">Mijn Auditcentrum</a>`);
    expect(res.text).toContain('14 December 2026');
    expect(res.text).toContain('Planned');
    expect(res.text).not.toContain('Ander Auditcentrum');
    expect(res.text).not.toContain('/admin/users');
  });

  it('when a centre user opens the dashboard, then it links to their portal and not to tokens', async () => {
    const centre = buildCentre(r.services, { tradeName: 'Portaalcentrum' });
    const user = buildUser(r.services, 'centre', { centre: centre.slug });
    const { agent } = await loginAs(r.app, user.email, TEST_PASSWORD);
    const res = await agent.get('/dashboard').expect(200);
    expect(res.text).toContain('href="/portal"');
    expect(res.text).toContain('Portaalcentrum');
    expect(res.text).not.toContain('href="/account/tokens"');
  });
});

describe('API tokens', () => {
  it('when an auditor creates a token, then it is shown once, works for the API, and is listed without its value', async () => {
    const auditor = buildUser(r.services, 'auditor');
    const { agent, csrf } = await loginAs(r.app, auditor.email, TEST_PASSWORD);
    const created = await agent
      .post('/account/tokens')
      .type('form')
      .send({ _csrf: csrf, name: 'Tablet team Noord' })
      .expect(201);
    expect(created.headers['cache-control']).toBe('no-store');
    expect(created.text).toContain('readonly');
    expect(created.text).toContain('Kopieer de sleutel nu.');
    const token = tokenFrom(created.text)!;
    expect(token).toMatch(/^km_[A-Za-z0-9_-]{43}$/);

    expect(r.services.tokens.authenticate(token)?.id).toBe(auditor.id);

    const list = await agent.get('/account/tokens').expect(200);
    expect(list.text).toContain('Tablet team Noord');
    expect(list.text).not.toContain(token);
    expect(list.text).not.toContain('Nooit');
  });

  it('when a token is revoked, then it stops working and the list says so', async () => {
    const auditor = buildUser(r.services, 'auditor');
    const { agent, csrf } = await loginAs(r.app, auditor.email, TEST_PASSWORD);
    const created = await agent.post('/account/tokens').type('form').send({ _csrf: csrf, name: 'Script' }).expect(201);
    const token = tokenFrom(created.text)!;
    const [record] = r.services.tokens.listFor(auditor.id);

    const res = await agent.post(`/account/tokens/${record!.id}/revoke`).type('form').send({ _csrf: csrf }).expect(303);
    expect(res.headers.location).toBe('/account/tokens?revoked=1');
    expect(r.services.tokens.authenticate(token)).toBeNull();
    const list = await agent.get('/account/tokens?revoked=1').expect(200);
    expect(list.text).toContain('De sleutel is ingetrokken');
    expect(list.text).toContain('Ingetrokken op');
    expect(list.text).not.toContain(`/account/tokens/${record!.id}/revoke`);
  });

  it("when someone revokes another person's token, then the answer is 404 and the token keeps working", async () => {
    const owner = buildUser(r.services, 'auditor');
    const { token, record } = r.services.tokens.create(owner, 'Owner token');
    const { agent, csrf } = await loginAs(r.app, cast.admin.email, TEST_PASSWORD);
    await agent.post(`/account/tokens/${record.id}/revoke`).type('form').send({ _csrf: csrf }).expect(404);
    expect(r.services.tokens.authenticate(token)?.id).toBe(owner.id);
  });

  it('when a centre user tries to create a token, then the refusal is shown and nothing is created', async () => {
    const centre = buildCentre(r.services);
    const user = buildUser(r.services, 'centre', { centre: centre.slug });
    const { agent, csrf } = await loginAs(r.app, user.email, TEST_PASSWORD);
    const page = await agent.get('/account/tokens').expect(200);
    expect(page.text).not.toContain('action="/account/tokens"');
    const res = await agent.post('/account/tokens').type('form').send({ _csrf: csrf, name: 'Mine' }).expect(403);
    expect(res.text).toContain('API-sleutels zijn er alleen voor medewerkers en auditors.');
    expect(r.services.tokens.listFor(user.id)).toEqual([]);
  });

  it('when the token name is empty or too long, then the form comes back with a field message and the input', async () => {
    const { agent, csrf } = await loginAs(r.app, cast.auditor.email, TEST_PASSWORD);
    const empty = await agent.post('/account/tokens').type('form').send({ _csrf: csrf, name: '  ' }).expect(400);
    expect(empty.text).toContain('id="name-error">Vul dit veld in.');
    const long = 'x'.repeat(10_000);
    const tooLong = await agent
      .post('/account/tokens?lang=en')
      .type('form')
      .send({ _csrf: csrf, name: long })
      .expect(400);
    expect(tooLong.text).toContain('id="name-error">Use at most 80 characters.');
    expect(tooLong.text).toContain(`value="${long}"`);
  });
});
