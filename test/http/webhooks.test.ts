import { createHmac, timingSafeEqual } from 'node:crypto';
import { pino } from 'pino';
import { Webhook } from 'standardwebhooks';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/app.js';
import { statusChangedSchema } from '../../src/contracts/webhooks.js';
import { webhookDispatcher } from '../../src/services/webhook-dispatcher.js';
import { postOnce } from '../../src/services/webhook-sender.js';
import { buildCast, buildCertifiedCentre, type Cast } from '../support/factories.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';
import { echoingReceiver, type Received, startReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

/**
 * Issue 14, webhooks, against a real HTTP receiver on 127.0.0.1 that checks every signature
 * with the standardwebhooks library: subscribe → challenge → active → a suspension delivered
 * with the right body → a failing receiver retried with the same webhook-id → disabled after
 * three days; SSRF refusals; management by the subscription's own token.
 */

let r: TestRegistry;
let cast: Cast;
let receiver: WebhookReceiver;

interface Created {
  id: string;
  secret: string;
  managementToken: string;
  status: string;
}

// The receiver checks the signature's timestamp against its own clock: it runs on the registry's.
const at = (iso: string | Date) => {
  r.clock.set(iso);
  vi.setSystemTime(new Date(iso));
};

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  r = createTestRegistry({ now: '2026-03-01T09:00:00Z', env: { WEBHOOKS_ALLOW_PRIVATE: 'true' } });
  at('2026-03-01T09:00:00Z');
  cast = buildCast(r.services);
  receiver = await startReceiver();
});
afterEach(() => {
  receiver.respond = echoingReceiver;
});
afterAll(async () => {
  await receiver.close();
  r.close();
  vi.useRealTimers();
});

const dispatch = () => r.services.webhookDispatcher.runDue();

async function subscribe(body: unknown, expected = 202): Promise<Created> {
  const res = await request(r.app)
    .post('/api/v1/subscriptions')
    .send(body as object);
  expect(res.status, JSON.stringify(res.body)).toBe(expected);
  return res.body as Created;
}

/** A subscription that answered its challenge. */
async function activeSubscription(centres: string[] | 'all') {
  const sub = await subscribe({ url: `${receiver.url}/hook`, centres });
  const before = receiver.received.length;
  await dispatch();
  expect(receiver.received.length).toBe(before + 1);
  expect((await manage('get', sub, '')).body.status).toBe('active');
  return sub;
}

function manage(method: 'get' | 'delete', sub: { id: string; managementToken: string }, suffix: string) {
  return request(r.app)
    [method](`/api/v1/subscriptions/${sub.id}${suffix}`)
    .set('authorization', `Bearer ${sub.managementToken}`);
}

const verify = (secret: string, got: Received) => new Webhook(secret).verify(got.body, got.signed);

/** A critical complaint upheld: the certificate is suspended at once. */
async function suspendByComplaint(slug: string) {
  const complaint = r.services.complaints.file({
    centre: slug,
    name: 'Jan Klant',
    email: 'jan@example.org',
    body: 'Calls are recorded without telling anyone, every single time.',
    contactedOn: r.clock.now().toISOString().slice(0, 10),
    channel: 'phone',
  });
  await r.services.complaints.triage(
    complaint.id,
    { decision: 'uphold', severity: 'critical', resolution: 'Recordings without consent', auditor: cast.auditor.email },
    cast.admin,
  );
}

describe('webhook subscriptions and deliveries', () => {
  it('when a receiver echoes the challenge, then the subscription is active and a suspension arrives signed with the documented body', async () => {
    const { centre, certificate } = await buildCertifiedCentre(r.services, cast);
    const sub = await subscribe({ url: `${receiver.url}/hook`, centres: [centre.slug] });
    expect(sub).toMatchObject({ status: 'pending', id: expect.stringMatching(/^sub_/) });
    expect(sub.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(sub.secret.slice(6), 'base64').length).toBe(32);
    expect((await manage('get', sub, '')).body).toMatchObject({ status: 'pending', centres: [centre.slug] });
    // Nothing leaves before the dispatcher runs, and the first thing to leave is the challenge.
    const before = receiver.received.length;
    await dispatch();
    const challenge = receiver.received[before]!;
    expect(challenge.path).toBe('/hook');
    expect(verify(sub.secret, challenge)).toEqual({ type: 'subscription.verification', challenge: expect.any(String) });
    expect(challenge.json.challenge!.length).toBeGreaterThan(20);
    expect((await manage('get', sub, '')).body).toMatchObject({ status: 'active', statusReason: null });

    at('2026-03-02T10:00:00Z');
    await suspendByComplaint(centre.slug);
    await dispatch();
    const delivery = receiver.received[before + 1]!;
    const body = verify(sub.secret, delivery);
    const events = (await request(r.app).get('/api/v1/events?after=0')).body.items as {
      seq: number;
      hash: string;
      action: string;
      subject: string;
    }[];
    const logged = events.filter((e) => e.action === 'certificate.suspended').at(-1)!;
    const history = r.services.certificates.certificateHistory(certificate.id).at(-1)!;
    expect(body).toEqual({
      type: 'certificate.status_changed',
      occurredAt: '2026-03-02T10:00:00.000Z',
      data: {
        certificate: {
          number: certificate.number,
          status: 'suspended',
          previousStatus: 'active',
          reasonCode: history.reasonCode,
          reason: history.reason,
          reasonParams: history.reasonParams,
        },
        centre: { slug: centre.slug, name: centre.tradeName },
        event: { seq: logged.seq, hash: logged.hash },
      },
    });
    expect(logged.subject).toBe(`certificate:${certificate.number}`);
    expect(history.reason).toMatch(/complaint/i);
    expect(statusChangedSchema.safeParse(body).success).toBe(true);
    expect(delivery.headers['content-type']).toBe('application/json');
    expect(delivery.headers['user-agent']).toMatch(/^Keurmerk-Webhooks\/1/);

    // The signature is real: one changed byte, or another secret, and it does not verify.
    expect(() => verify(sub.secret, { ...delivery, body: delivery.body.replace('suspended', 'active') })).toThrow();
    expect(() => verify(`whsec_${Buffer.alloc(32, 7).toString('base64')}`, delivery)).toThrow();
    // The README's node:crypto check agrees with the library.
    expect(verifyWithNodeCrypto(sub.secret, delivery)).toBe(true);
    expect(verifyWithNodeCrypto(sub.secret, { ...delivery, body: `${delivery.body} ` })).toBe(false);

    const log = (await manage('get', sub, '/deliveries').expect(200)).body;
    expect(log.deliveries).toHaveLength(2);
    expect(log.deliveries[0]).toMatchObject({
      id: delivery.signed['webhook-id'],
      type: 'certificate.status_changed',
      eventSeq: logged.seq,
      state: 'delivered',
      attempts: 1,
      nextAttemptAt: null,
      deliveredAt: '2026-03-02T10:00:00.000Z',
      log: [{ statusCode: 204, error: null, at: '2026-03-02T10:00:00.000Z' }],
    });
    expect(log.deliveries[1]).toMatchObject({ type: 'subscription.verification', state: 'delivered' });
    // Delivered once: another run sends nothing.
    await dispatch();
    expect(receiver.received.length).toBe(before + 2);
  });

  it('when the receiver keeps failing, then the same webhook-id is retried with growing back-off and after three days the subscription is disabled', async () => {
    at('2026-04-01T08:00:00Z');
    const { centre } = await buildCertifiedCentre(r.services, cast);
    const sub = await activeSubscription([centre.slug]);
    receiver.respond = () => ({ status: 503, body: 'x'.repeat(10_000) });
    await suspendByComplaint(centre.slug);
    const first = receiver.received.length;
    const started = r.clock.now().getTime();
    for (let i = 0; i < 40; i++) {
      await dispatch();
      const { deliveries } = (await manage('get', sub, '/deliveries')).body;
      const next = deliveries[0].nextAttemptAt as string | null;
      if (next === null) break;
      // Not due yet: nothing is sent before its time.
      at(new Date(new Date(next).getTime() - 1000));
      const sent = receiver.received.length;
      await dispatch();
      expect(receiver.received.length).toBe(sent);
      at(next);
    }
    const attempts = receiver.received.slice(first);
    expect(new Set(attempts.map((a) => a.signed['webhook-id'])).size).toBe(1);
    for (const attempt of attempts) {
      vi.setSystemTime(Number(attempt.signed['webhook-timestamp']) * 1000);
      expect(verify(sub.secret, attempt)).toMatchObject({ type: 'certificate.status_changed' });
    }
    const times = attempts.map((a) => Number(a.signed['webhook-timestamp']));
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps.slice(0, 6)).toEqual([30, 120, 600, 3600, 10800, 21600]);
    expect(gaps.slice(6).every((g) => g === 21600)).toBe(true);
    const lastAttempt = times.at(-1)! * 1000;
    expect(lastAttempt - started).toBeGreaterThanOrEqual(3 * 24 * 3600 * 1000);
    expect(lastAttempt - started).toBeLessThan(3 * 24 * 3600 * 1000 + 6 * 3600 * 1000);

    const disabled = (await manage('get', sub, '')).body;
    expect(disabled).toMatchObject({
      status: 'disabled',
      statusReason: { code: 'webhook_deliveries_failing', message: expect.stringMatching(/three days/) },
    });
    const { deliveries } = (await manage('get', sub, '/deliveries')).body;
    expect(deliveries[0]).toMatchObject({ state: 'abandoned', attempts: attempts.length, nextAttemptAt: null });
    expect(deliveries[0].log.every((l: { statusCode: number }) => l.statusCode === 503)).toBe(true);
    // Only an excerpt of what the receiver answered is kept.
    expect(deliveries[0].log[0].response.length).toBeLessThanOrEqual(200);

    // A disabled subscription receives nothing more.
    receiver.respond = echoingReceiver;
    await r.services.certificates.sweep(new Date('2029-12-01T00:00:00Z'));
    await dispatch();
    expect(receiver.received.length).toBe(first + attempts.length);
  });

  it('when the receiver does not echo the challenge, then nothing is delivered and after a few tries the subscription failed', async () => {
    at('2026-05-01T08:00:00Z');
    const { centre } = await buildCertifiedCentre(r.services, cast);
    receiver.respond = (req) =>
      req.json.type === 'subscription.verification'
        ? { status: 200, body: JSON.stringify({ challenge: 'something else' }) }
        : { status: 204 };
    const sub = await subscribe({ url: `${receiver.url}/hook`, centres: [centre.slug] });
    const first = receiver.received.length;
    await dispatch();
    await suspendByComplaint(centre.slug);
    for (let i = 0; i < 10; i++) {
      const { deliveries } = (await manage('get', sub, '/deliveries')).body;
      if (deliveries[0].nextAttemptAt === null) break;
      at(deliveries[0].nextAttemptAt);
      await dispatch();
    }
    const sent = receiver.received.slice(first);
    expect(sent.length).toBe(5);
    expect(sent.every((s) => s.json.type === 'subscription.verification')).toBe(true);
    expect((await manage('get', sub, '')).body).toMatchObject({
      status: 'failed',
      statusReason: { code: 'webhook_verification_unanswered' },
    });
    const { deliveries } = (await manage('get', sub, '/deliveries')).body;
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0].log[0]).toMatchObject({ statusCode: 200, error: 'webhook_challenge_not_echoed' });
  });

  it('when the receiver answers with a redirect, then it is not followed and the challenge is not answered', async () => {
    receiver.respond = (req) =>
      req.path === '/hook' ? { status: 307, headers: { location: `${receiver.url}/elsewhere` } } : echoingReceiver(req);
    const sub = await subscribe({ url: `${receiver.url}/hook`, centres: 'all' });
    const first = receiver.received.length;
    await dispatch();
    expect(receiver.received.slice(first).map((s) => s.path)).toEqual(['/hook']);
    const { deliveries } = (await manage('get', sub, '/deliveries')).body;
    expect(deliveries[0].log[0]).toMatchObject({ statusCode: 307, error: 'webhook_http_status' });
    expect((await manage('get', sub, '')).body.status).toBe('pending');
    await manage('delete', sub, '').expect(200);
  });

  it('when the receiver does not answer in time, then the attempt is cut off and retried', async () => {
    receiver.respond = () => 'hang';
    const sub = await subscribe({ url: `${receiver.url}/slow`, centres: 'all' });
    // The registry's dispatcher with a short cut-off instead of its 10 s.
    const impatient = webhookDispatcher(r.db, r.clock, r.config, { attemptTimeoutMs: 300 });
    await impatient.runDue();
    const { deliveries } = (await manage('get', sub, '/deliveries')).body;
    expect(deliveries[0]).toMatchObject({ state: 'pending', attempts: 1, nextAttemptAt: expect.any(String) });
    expect(deliveries[0].log[0]).toMatchObject({ statusCode: null, error: 'webhook_timeout' });
    await manage('delete', sub, '').expect(200);
  });

  it('when an attempt is sent, then it connects to the address that was checked, not to a fresh lookup of the name', async () => {
    // A name no resolver knows: the request can only arrive if the checked address is used.
    const url = new URL(`${receiver.url.replace('127.0.0.1', 'hooks.rebinding.invalid')}/pinned?x=1`);
    const first = receiver.received.length;
    const result = await postOnce({ url, addresses: ['127.0.0.1'] }, { 'webhook-id': 'msg_pin' }, '{}', 'test');
    expect(result).toMatchObject({ statusCode: 204, error: null });
    const got = receiver.received[first]!;
    expect(got.path).toBe('/pinned?x=1');
    expect(got.headers.host).toBe(url.host);
  });

  it('when the host of an active subscription is no longer allowed at delivery, then nothing is sent to it', async () => {
    at('2026-06-01T08:00:00Z');
    const { centre } = await buildCertifiedCentre(r.services, cast);
    const sub = await activeSubscription([centre.slug]);
    await suspendByComplaint(centre.slug);
    // The same outbox, dispatched by a registry that does not allow private addresses.
    const strict = webhookDispatcher(r.db, r.clock, { ...r.config, webhooksAllowPrivate: false });
    const first = receiver.received.length;
    await strict.runDue();
    expect(receiver.received.length).toBe(first);
    const { deliveries } = (await manage('get', sub, '/deliveries')).body;
    expect(deliveries[0]).toMatchObject({ state: 'pending', attempts: 1 });
    expect(deliveries[0].log[0]).toMatchObject({ statusCode: null, error: 'webhook_address_refused' });
    await manage('delete', sub, '').expect(200);
  });
});

describe('management with the subscription token', () => {
  it('when the token is missing, wrong or another subscription’s, then the subscription does not exist for the caller', async () => {
    const a = await subscribe({ url: `${receiver.url}/a`, centres: 'all' });
    const b = await subscribe({ url: `${receiver.url}/b`, centres: 'all' });
    const staffToken = r.services.tokens.create(cast.admin, 'not a subscription').token;
    const get = (id: string, authorization?: string) => {
      const req = request(r.app).get(`/api/v1/subscriptions/${id}`);
      return authorization ? req.set('authorization', authorization) : req;
    };
    const missing = await get(a.id);
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ code: 'subscription_token_required', issues: [] });
    const unknownId = `sub_${'A'.repeat(22)}`;
    // Without a token an unknown id answers exactly as a known one.
    expect((await get(unknownId)).body).toEqual(missing.body);
    for (const [id, auth] of [
      [a.id, `Bearer ${b.managementToken}`],
      [a.id, 'Bearer whm_wrong'],
      [a.id, `Bearer ${staffToken}`],
      [unknownId, `Bearer ${a.managementToken}`],
      ['1', `Bearer ${a.managementToken}`],
    ] as const) {
      const res = await get(id, auth);
      expect(res.status, `${id} ${auth}`).toBe(404);
      expect(res.body.code).toBe('subscription_not_found');
    }
    await request(r.app)
      .delete(`/api/v1/subscriptions/${a.id}`)
      .set('authorization', `Bearer ${b.managementToken}`)
      .expect(404);
    expect((await get(a.id, `Bearer ${a.managementToken}`)).body).toMatchObject({ id: a.id, centres: 'all' });
    const deleted = await manage('delete', a, '').expect(200);
    expect(deleted.body).toEqual({ id: a.id, status: 'deleted' });
    await manage('get', a, '').expect(404);
    await manage('get', a, '/deliveries').expect(404);
    await manage('delete', b, '').expect(200);
  });

  it('when one address creates too many subscriptions in an hour, then it is refused with 429', async () => {
    const limited = createApp({
      config: r.config,
      db: r.db,
      services: r.services,
      clock: r.clock,
      logger: pino({ level: 'silent' }),
      sessionSecret: r.sessionSecret,
      limits: { subscriptions: 2 },
    });
    const post = (body: object) => request(limited).post('/api/v1/subscriptions').send(body);
    // Refusals do not count against the limit.
    await post({ url: 'ftp://x', centres: 'all' }).expect(422);
    const ids: Created[] = [];
    for (let i = 0; i < 2; i++)
      ids.push((await post({ url: `${receiver.url}/l${i}`, centres: 'all' }).expect(202)).body);
    const refused = await post({ url: `${receiver.url}/l3`, centres: 'all' }).expect(429);
    expect(refused.body).toMatchObject({ code: 'too_many_requests' });
    for (const sub of ids) await manage('delete', sub, '').expect(200);
  });
});

describe('what a subscription may point at', () => {
  let strict: TestRegistry;
  let slug = '';
  beforeAll(async () => {
    strict = createTestRegistry({ now: '2026-03-01T09:00:00Z' });
    slug = (await buildCertifiedCentre(strict.services)).centre.slug;
  });
  afterAll(() => strict.close());

  const post = (body: unknown) =>
    request(strict.app)
      .post('/api/v1/subscriptions')
      .send(body as object);
  const stored = () =>
    strict.db.$client.prepare('SELECT count(*) AS n FROM webhook_subscriptions').get() as { n: number };

  it.each([
    ['https://127.0.0.1/hook', 'loopback'],
    ['https://10.1.2.3/hook', 'private'],
    ['https://192.168.1.10/hook', 'private'],
    ['https://169.254.169.254/latest/meta-data', 'link_local'],
    ['https://100.64.0.1/hook', 'cgnat'],
    ['https://[::1]/hook', 'loopback'],
    ['https://[fc00::1]/hook', 'unique_local'],
    ['https://[fe80::1]/hook', 'link_local'],
    ['https://[::ffff:127.0.0.1]/hook', 'loopback'],
    ['https://0.0.0.0/hook', 'unspecified'],
    ['https://localhost/hook', 'loopback'],
  ])('when the URL is %s, then it is refused as %s and nothing is stored', async (url, kind) => {
    const res = await post({ url, centres: [slug] });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      code: 'webhook_address_refused',
      params: { kind },
      issues: [{ path: 'url', code: 'webhook_address_refused' }],
    });
    expect(stored().n).toBe(0);
  });

  it.each([
    ['http://8.8.8.8/hook', 'webhook_url_not_https'],
    ['ftp://8.8.8.8/hook', 'webhook_url_scheme'],
    ['https://user:secret@8.8.8.8/hook', 'webhook_url_credentials'],
    ['not a url', 'invalid_url'],
    ['https://no-such-host.invalid/hook', 'webhook_host_unresolved'],
  ])('when the URL is %s, then it is refused with %s', async (url, code) => {
    const res = await post({ url, centres: 'all' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe(code);
    expect(stored().n).toBe(0);
  });

  it('when private addresses are allowed, then plain http is still only for this machine', async () => {
    const res = await request(r.app)
      .post('/api/v1/subscriptions')
      .send({ url: 'http://10.0.0.1/hook', centres: 'all' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('webhook_url_not_https');
  });

  it('when a centre slug is unknown or the body is malformed, then the answer names the problem', async () => {
    const unknown = await post({ url: 'https://8.8.8.8/hook', centres: [slug, 'no-such-centre'] });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({
      code: 'unknown_centres',
      params: { slugs: ['no-such-centre'] },
      issues: [{ path: 'centres.1', code: 'centre_not_found', params: { slug: 'no-such-centre' } }],
    });
    for (const body of [
      {},
      { url: 'https://8.8.8.8/' },
      { url: 'https://8.8.8.8/', centres: [] },
      { url: 1, centres: 'all' },
    ]) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body).toMatchObject({ code: 'invalid_input', issues: expect.any(Array) });
    }
    expect(stored().n).toBe(0);
  });
});

/** The README's receiver check with plain node:crypto (kept in step with it). */
function verifyWithNodeCrypto(secret: string, got: Received): boolean {
  const id = got.signed['webhook-id']!;
  const timestamp = got.signed['webhook-timestamp']!;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${got.body}`).digest();
  return got.signed['webhook-signature']!.split(' ').some((candidate) => {
    const [version, signature] = candidate.split(',');
    const given = Buffer.from(signature ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}
