import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, TEST_PASSWORD } from '../support/factories.js';
import { csrfTokenFor, loginAs } from '../support/auth.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

/** Findings 5 and 9: CSRF tokens bound to the session, __Host- cookies, and an honest login over plain HTTP. */
let dev: TestRegistry;
let prod: TestRegistry;
let prodUser: { email: string };
beforeAll(() => {
  dev = createTestRegistry();
  prod = createTestRegistry({
    env: {
      NODE_ENV: 'production',
      PASSWORD_HASH_COST: '15',
      SQLITE_SYNCHRONOUS: 'FULL',
      TRUST_PROXY: 'loopback',
      BASE_URL: 'https://registry.test',
    },
  });
  prodUser = buildUser(prod.services, 'admin');
});
afterAll(() => {
  dev.close();
  prod.close();
});

const cookiesOf = (res: request.Response) => ([] as string[]).concat(res.headers['set-cookie'] ?? []);

describe('CSRF bound to the session', () => {
  it('when an attacker plants a CSRF cookie and uses the token minted for it, then a signed-in victim’s post is refused', async () => {
    // The attacker gets a cookie and its token from the site, as anyone can.
    const attacker = request.agent(dev.app);
    const mintedToken = await csrfTokenFor(attacker);
    const plantedCookie = /km_csrf=([^;]+)/.exec(cookiesOf(await attacker.get('/login')).join(';'))?.[1];
    const victimUser = buildUser(dev.services, 'auditor');
    const victim = await loginAs(dev.app, victimUser.email, TEST_PASSWORD);
    const before = dev.services.tokens.listFor(victimUser.id).length;
    const forged = await victim.agent
      .post('/account/tokens')
      .set('cookie', `km_csrf=${plantedCookie ?? ''}`)
      .type('form')
      .send({ _csrf: mintedToken, name: 'attacker' });
    expect(forged.status).toBe(403);
    expect(dev.services.tokens.listFor(victimUser.id)).toHaveLength(before);
    // The victim's own page token works.
    await victim.agent.post('/account/tokens').type('form').send({ _csrf: victim.csrf, name: 'mine' }).expect(201);
  });

  it('when a session ends, then its form token is worthless in the next session', async () => {
    const user = buildUser(dev.services, 'auditor');
    const first = await loginAs(dev.app, user.email, TEST_PASSWORD);
    const second = await loginAs(dev.app, user.email, TEST_PASSWORD);
    await second.agent.post('/account/tokens').type('form').send({ _csrf: first.csrf, name: 'x' }).expect(403);
  });
});

describe('cookies in production', () => {
  it('when someone signs in over HTTPS, then session, CSRF and language cookies are __Host-, Secure, HttpOnly, Path=/', async () => {
    // The test client keeps Secure cookies off plain-HTTP connections, so they are passed by hand.
    const page = await request(prod.app).get('/login?lang=en').set('x-forwarded-proto', 'https');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const res = await request(prod.app)
      .post('/login')
      .set('x-forwarded-proto', 'https')
      .set(
        'cookie',
        cookiesOf(page)
          .map((c) => c.split(';')[0]!)
          .join('; '),
      )
      .type('form')
      .send({ _csrf: csrf, email: prodUser.email, password: TEST_PASSWORD });
    expect(res.status).toBe(303);
    const all = [...cookiesOf(page), ...cookiesOf(res)];
    for (const name of ['__Host-km_csrf', '__Host-km_lang', '__Host-km_session']) {
      const cookie = all.find((c) => c.startsWith(`${name}=`));
      expect(cookie, name).toBeDefined();
      expect(cookie).toMatch(/; Path=\//);
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).not.toMatch(/Domain=/i);
    }
    expect(all.some((c) => /^km_/.test(c))).toBe(false);
  });

  it('when someone signs in over plain HTTP in production, then the page says HTTPS is needed instead of failing silently', async () => {
    const page = await request(prod.app).get('/login?lang=en');
    expect(page.text).toContain('Logging in needs a secure (HTTPS) connection');
    const res = await request(prod.app)
      .post('/login')
      .type('form')
      .send({ email: prodUser.email, password: TEST_PASSWORD });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Inloggen kan alleen over een beveiligde (HTTPS-)verbinding');
    expect(cookiesOf(res).some((c) => c.includes('km_session'))).toBe(false);
  });
});
