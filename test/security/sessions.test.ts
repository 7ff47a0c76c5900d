import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionRepository } from '../../src/persistence/session-repository.js';
import { buildCast, buildCertifiedCentre, buildUser, type Cast, TEST_PASSWORD } from '../support/factories.js';
import { loginAs } from '../support/auth.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

/** Findings 3, 7 and 8: sessions that end, sessions that do not write on every page, pages no cache keeps. */
let r: TestRegistry;
let cast: Cast;
beforeAll(() => {
  r = createTestRegistry();
  cast = buildCast(r.services);
});
afterAll(() => r.close());

const sessionCount = (userId: number) =>
  (
    r.db.$client.prepare("SELECT count(*) AS n FROM sessions WHERE json_extract(data, '$.userId') = ?").get(userId) as {
      n: number;
    }
  ).n;

describe('sessions end when the account changes', () => {
  it('when an admin resets a password, then every session of that user ends and other users keep theirs', async () => {
    const user = buildUser(r.services, 'auditor');
    const first = await loginAs(r.app, user.email, TEST_PASSWORD);
    const second = await loginAs(r.app, user.email, TEST_PASSWORD);
    const bystander = await loginAs(r.app, cast.auditor.email, TEST_PASSWORD);
    expect(sessionCount(user.id)).toBe(2);
    r.services.users.resetPassword(user.id, 'a-brand-new-password', cast.admin);
    expect(sessionCount(user.id)).toBe(0);
    for (const { agent } of [first, second]) {
      const res = await agent.get('/dashboard');
      expect(res.status).toBe(303);
      expect(res.headers.location).toMatch(/^\/login/);
    }
    await bystander.agent.get('/dashboard').expect(200);
  });

  it('when a user is disabled through the admin page, then their sessions are deleted from the store', async () => {
    const user = buildUser(r.services, 'auditor');
    await loginAs(r.app, user.email, TEST_PASSWORD);
    const admin = await loginAs(r.app, cast.admin.email, TEST_PASSWORD);
    await admin.agent.post(`/admin/users/${user.id}/disable`).type('form').send({ _csrf: admin.csrf }).expect(303);
    expect(sessionCount(user.id)).toBe(0);
  });

  it('when sessions have expired, then the sweep’s prune deletes them', () => {
    const sessions = sessionRepository(r.db);
    sessions.save('stale', '{"userId":999}', r.clock.now().getTime() - 1);
    expect(sessions.prune(r.clock.now().getTime())).toBeGreaterThanOrEqual(1);
    expect(sessions.find('stale', 0)).toBeUndefined();
  });
});

describe('a session is written at most once a minute', () => {
  it('when a signed-in person browses, then the database is not written until a minute has passed', async () => {
    const { agent } = await loginAs(r.app, cast.auditor.email, TEST_PASSWORD);
    const changes = () => r.db.$client.prepare('SELECT total_changes() AS t').get() as { t: number };
    const before = changes().t;
    for (let i = 0; i < 10; i++) await agent.get('/dashboard').expect(200);
    await agent.get('/register').expect(200);
    expect(changes().t).toBe(before);
    r.clock.set(new Date(r.clock.now().getTime() + 61_000));
    await agent.get('/dashboard').expect(200);
    expect(changes().t).toBe(before + 1);
    await agent.get('/dashboard').expect(200);
    expect(changes().t).toBe(before + 1);
  });
});

describe('no cache keeps what a signed-in person sees', () => {
  it('when a signed-in person opens staff pages, public pages or the complaint triage page, then the answer says no-store', async () => {
    const { centre } = await buildCertifiedCentre(r.services, cast);
    const complaint = r.services.complaints.file({
      centre: centre.slug,
      name: 'Jan Klager',
      email: 'jan@klager.example',
      body: 'Ik werd vier keer doorverbonden en niemand hielp mij verder.',
      contactedOn: r.clock.now().toISOString().slice(0, 10),
      channel: 'phone',
    });
    const { agent } = await loginAs(r.app, cast.admin.email, TEST_PASSWORD);
    for (const path of [
      '/dashboard',
      `/admin/complaints/${complaint.id}`,
      '/admin/users',
      '/register',
      '/open-data/register.csv',
      `/centres/${centre.slug}`,
    ]) {
      const res = await agent.get(path);
      expect(res.status, path).toBeLessThan(400);
      expect(res.headers['cache-control'], path).toBe('no-store');
    }
    // Anonymous visitors keep the public caching.
    const anonymous = await request(r.app).get('/open-data/register.csv').expect(200);
    expect(anonymous.headers['cache-control']).toBe('public, max-age=60');
  });

  it('when the staff API answers a Bearer token, then the answer says no-store', async () => {
    const { token } = r.services.tokens.create(cast.admin, 'tool');
    const res = await request(r.app).get('/api/v1/audits').set('authorization', `Bearer ${token}`).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
  });
});
