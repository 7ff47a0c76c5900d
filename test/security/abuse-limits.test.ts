import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import { productionThrottle } from '../../src/services/login-throttle.js';
import { productionComplaintLimits } from '../../src/web/routes/complaints.js';
import { csrfTokenFor } from '../support/auth.js';
import { buildCast, buildCertifiedCentre, type Cast, TEST_PASSWORD } from '../support/factories.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

/** Finding 4: limits that a forged header cannot dodge, per account and per address, without enumeration. */
let r: TestRegistry;
let cast: Cast;
let centreSlug: string;
beforeAll(async () => {
  r = createTestRegistry();
  cast = buildCast(r.services);
  centreSlug = (await buildCertifiedCentre(r.services, cast)).centre.slug;
});
afterAll(() => r.close());

/** The registry with production's limits; `trustProxy` as TRUST_PROXY would set it. */
const appWith = (trustProxy: Config['trustProxy'] = false) =>
  createApp({
    config: { ...r.config, trustProxy },
    db: r.db,
    services: r.services,
    clock: r.clock,
    logger: pino({ level: 'silent' }),
    sessionSecret: r.sessionSecret,
    limits: { login: productionThrottle, complaints: productionComplaintLimits },
  });

const later = (ms: number) => r.clock.set(new Date(r.clock.now().getTime() + ms));

async function login(app: ReturnType<typeof appWith>, email: string, password: string, forwardedFor?: string) {
  const agent = request.agent(app);
  const csrf = await csrfTokenFor(agent);
  const post = agent.post('/login').type('form');
  if (forwardedFor) post.set('x-forwarded-for', forwardedFor);
  return post.send({ _csrf: csrf, email, password });
}

describe('login throttling', () => {
  it('when X-Forwarded-For rotates and TRUST_PROXY is not set, then every attempt counts for the one real address', async () => {
    const app = appWith();
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const res = await login(app, `guess${i}@test.example`, 'wrong-password-1', `203.0.113.${i}`);
      statuses.push(res.status);
    }
    // 20 free failures for the address, then it must wait.
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
  });

  it('when TRUST_PROXY names the proxy, then the forwarded address is the one limited', async () => {
    const app = appWith('loopback');
    for (let i = 0; i < 25; i++) {
      const res = await login(app, `other${i}@test.example`, 'wrong-password-1', `198.51.100.${i}`);
      expect(res.status).toBe(401);
    }
  });

  it('when one account is guessed at, then the waits grow and the right password works again after the wait', async () => {
    const app = appWith('loopback');
    const from = (n: number) => `192.0.2.${n}`;
    for (let i = 0; i < 5; i++)
      expect((await login(app, cast.auditor.email, 'wrong-password-1', from(i))).status).toBe(401);
    const waiting = await login(app, cast.auditor.email, TEST_PASSWORD, from(9));
    expect(waiting.status).toBe(429);
    expect(waiting.headers['retry-after']).toBe('1');
    later(1_000);
    expect((await login(app, cast.auditor.email, 'wrong-password-1', from(10))).status).toBe(401);
    const longer = await login(app, cast.auditor.email, TEST_PASSWORD, from(11));
    expect(longer.headers['retry-after']).toBe('2');
    later(2_000);
    expect((await login(app, cast.auditor.email, TEST_PASSWORD, from(12))).status).toBe(303);
  });

  it('when an address is over its budget, then a colleague behind it waits seconds, not a quarter of an hour', async () => {
    const app = appWith('loopback');
    const office = '192.0.2.200';
    for (let i = 0; i < 30; i++) await login(app, `typo${i}@test.example`, 'wrong-password-1', office);
    const refused = await login(app, cast.admin.email, TEST_PASSWORD, office);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(30);
    later(30_000);
    expect((await login(app, cast.admin.email, TEST_PASSWORD, office)).status).toBe(303);
  });

  it('when an unknown and a known e-mail are throttled, then the answers are the same', async () => {
    const app = appWith('loopback');
    const known = cast.admin.email;
    const unknown = 'nobody-at-all@test.example';
    for (let i = 0; i < 6; i++) {
      await login(app, known, 'wrong-password-1', `192.0.2.${100 + i}`);
      await login(app, unknown, 'wrong-password-1', `192.0.2.${110 + i}`);
    }
    const a = await login(app, known, 'wrong-password-1', '192.0.2.120');
    const b = await login(app, unknown, 'wrong-password-1', '192.0.2.121');
    expect(a.status).toBe(429);
    expect(b.status).toBe(a.status);
    expect(b.headers['retry-after']).toBe(a.headers['retry-after']);
    const strip = (text: string, email: string) =>
      text.replaceAll(email, 'EMAIL').replace(/value="[^"]{40,}"/g, 'value="CSRF"');
    expect(strip(b.text, unknown)).toBe(strip(a.text, known));
    later(60 * 60_000);
  });
});

describe('complaint limits', () => {
  const file = async (app: ReturnType<typeof appWith>, forwardedFor: string) => {
    const agent = request.agent(app);
    const csrf = await csrfTokenFor(agent, `/complaints/new?centre=${centreSlug}`);
    return agent.post('/complaints').set('x-forwarded-for', forwardedFor).type('form').send({
      _csrf: csrf,
      centre: centreSlug,
      name: 'Klager',
      email: 'klager@example.org',
      body: 'Ik ben drie keer doorverbonden en niemand kon mij helpen met mijn vraag.',
      contactedOn: '2026-11-20',
      channel: 'phone',
    });
  };

  it('when complaints come from rotating forged addresses, then the real address is limited after 5', async () => {
    const app = appWith();
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await file(app, `203.0.113.${i}`)).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429]);
    later(61 * 60_000);
  });

  it('when many addresses file about one centre, then the centre’s limit stops the flood at 20 an hour', async () => {
    const app = appWith('loopback');
    const statuses = [];
    for (let i = 0; i < 22; i++) statuses.push((await file(app, `198.51.100.${i}`)).status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(20);
    expect(statuses.slice(20)).toEqual([429, 429]);
    const refused = await file(app, '198.51.100.99');
    expect(refused.text).toContain('Over dit centrum zijn het afgelopen uur al veel klachten ingediend');
  });
});
