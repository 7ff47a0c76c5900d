import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScheme, type Scheme } from '../../src/domain/scheme.js';
import { cliRunner } from '../support/cli.js';
import { buildAnswers, buildUser, uniqueKvk } from '../support/factories.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

/**
 * The whole certificate lifecycle through the JSON API only; the services are used for set-up
 * (users and their tokens) and the sweep runs through the CLI, as an operator runs it.
 */

type Who = 'admin' | 'decider' | 'auditor';
type Overrides = Record<string, 'conform' | 'minor' | 'major' | 'na'>;

interface PublicEvent {
  seq: number;
  at: string;
  action: string;
  subject: string;
  payload: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

let r: TestRegistry;
const tokens = {} as Record<Who, string>;
let auditorEmail = '';
let scheme: Scheme;

beforeAll(() => {
  r = createTestRegistry({ now: '2026-03-02T09:00:00Z' });
  const admin = buildUser(r.services, 'admin');
  const decider = buildUser(r.services, 'admin');
  const auditor = buildUser(r.services, 'auditor');
  auditorEmail = auditor.email;
  tokens.admin = r.services.tokens.create(admin, 'test').token;
  tokens.decider = r.services.tokens.create(decider, 'test').token;
  tokens.auditor = r.services.tokens.create(auditor, 'test').token;
});
afterAll(() => r?.close());

const api = (method: 'get' | 'post' | 'put', path: string, who?: Who) => {
  const req = request(r.app)[method](path).set('accept', 'application/json');
  return who ? req.set('authorization', `Bearer ${tokens[who]}`) : req;
};

async function createCentre(tradeName: string): Promise<string> {
  const res = await api('post', '/api/v1/centres', 'admin')
    .send({
      legalName: `${tradeName} B.V.`,
      tradeName,
      registrationNumber: uniqueKvk(),
      country: 'NL',
      city: 'Amersfoort',
      type: 'outsourced',
      channels: ['phone', 'chat'],
      languages: ['nl'],
      sectors: ['energy'],
      website: 'https://example.org',
    })
    .expect(201);
  return res.body.slug as string;
}

/** Plan → complete answers → submit → confirmed by a second admin; returns the decision body. */
async function auditThroughApi(
  centre: string,
  type: 'initial' | 'surveillance' | 'special',
  plannedFor: string,
  overrides: Overrides = {},
) {
  const planned = await api('post', '/api/v1/audits', 'admin')
    .send({ centre, type, plannedFor, auditor: auditorEmail })
    .expect(201);
  expect(planned.body).toMatchObject({ centre, type, state: 'planned', scheme: scheme.code });
  const id = planned.body.id as number;

  const saved = await api('put', `/api/v1/audits/${id}/answers`, 'auditor')
    .send({ scheme: scheme.code, answers: buildAnswers(scheme, overrides) })
    .expect(200);
  expect(saved.body.problems).toEqual([]);
  expect(saved.body.progress.answered).toBe(saved.body.progress.total);
  expect(saved.body.state).toBe('in_progress');

  const submitted = await api('post', `/api/v1/audits/${id}/submit`, 'auditor').expect(200);
  expect(submitted.body.state).toBe('submitted');

  const decided = await api('post', `/api/v1/audits/${id}/decision`, 'decider').send({ action: 'confirm' }).expect(200);
  expect(decided.body.audit).toMatchObject({
    id,
    state: 'decided',
    result: { outcome: submitted.body.result.outcome },
  });
  return { id, outcome: submitted.body.result.outcome as string, decision: decided.body };
}

async function certificate(number: string) {
  return (await api('get', `/api/v1/certificates/${number}`).expect(200)).body;
}

describe('certificate lifecycle through the staff and public JSON API', () => {
  let slugA = '';
  let slugB = '';
  let numberA = '';
  let numberB = '';

  it('when the scheme is read from the public API, then it parses as a scheme to answer against', async () => {
    const res = await api('get', '/api/v1/scheme').expect(200);
    scheme = parseScheme(res.body);
    expect(scheme.code).toBe(r.services.schemes.current().code);
  });

  it('when two centres pass their initial audits, then each holds an active certificate', async () => {
    slugA = await createCentre('Levenscyclus Alfa');
    slugB = await createCentre('Levenscyclus Beta');

    const a = await auditThroughApi(slugA, 'initial', '2026-03-02');
    expect(a.outcome).not.toBe('fail');
    expect(a.decision).toMatchObject({
      consequence: 'issue',
      certificate: { status: 'active', validFrom: '2026-03-02' },
    });
    numberA = a.decision.certificate.number;

    const b = await auditThroughApi(slugB, 'initial', '2026-03-02');
    expect(b.decision).toMatchObject({ consequence: 'issue', certificate: { status: 'active' } });
    numberB = b.decision.certificate.number;

    expect(numberA).not.toBe(numberB);
    for (const [number, slug] of [
      [numberA, slugA],
      [numberB, slugB],
    ] as const) {
      const cert = await certificate(number);
      expect(cert).toMatchObject({ number, status: 'active', centre: { slug } });
      expect(cert.history.map((h: { to: string }) => h.to)).toEqual(['active']);
    }
  });

  it('when centre A fails surveillance on a critical item, then its certificate is suspended', async () => {
    r.clock.set('2027-02-15T10:00:00Z');
    const surveillance = await auditThroughApi(slugA, 'surveillance', '2027-02-15', { F3: 'major' });
    expect(surveillance.outcome).toBe('fail');
    expect(surveillance.decision).toMatchObject({
      consequence: 'suspend',
      certificate: { number: numberA, status: 'suspended' },
    });

    const cert = await certificate(numberA);
    expect(cert.status).toBe('suspended');
    expect(cert.statusReason).toMatch(/Surveillance audit failed on 2027-02-15.*2027-05-16/);
  });

  it('when centre B fails surveillance the same day, then its certificate is suspended too', async () => {
    const surveillance = await auditThroughApi(slugB, 'surveillance', '2027-02-15', { C3: 'major' });
    expect(surveillance.outcome).toBe('fail');
    expect((await certificate(numberB)).status).toBe('suspended');
  });

  it('when centre A passes a special audit, then its certificate is active again', async () => {
    r.clock.set('2027-03-15T10:00:00Z');
    const special = await auditThroughApi(slugA, 'special', '2027-03-15');
    expect(special.outcome).not.toBe('fail');
    expect(special.decision).toMatchObject({
      consequence: 'reinstate',
      certificate: { number: numberA, status: 'active' },
    });

    const cert = await certificate(numberA);
    expect(cert.status).toBe('active');
    expect(cert.statusReason).toMatch(/^Reinstated: special audit/);
    expect(cert.history.map((h: { to: string }) => h.to)).toEqual(['active', 'suspended', 'active']);
  });

  it('when the sweep runs on the last day of B’s suspension limit, then nothing changes; the next day B is withdrawn', async () => {
    const cli = cliRunner({ DATABASE_PATH: r.config.databasePath, CERTIFICATES_DIR: r.config.certificatesDir });

    const lastDay = '2027-05-16T23:59:59Z';
    r.clock.set(lastDay);
    const quiet = await cli.run(['sweep', '--now', lastDay], '', lastDay);
    expect(quiet).toMatchObject({ code: 0, stderr: '' });
    expect(quiet.stdout).toContain('0 change(s)');
    expect((await certificate(numberB)).status).toBe('suspended');

    const nextDay = '2027-05-17T00:00:00Z';
    r.clock.set(nextDay);
    const swept = await cli.run(['sweep', '--now', nextDay], '', nextDay);
    expect(swept.code).toBe(0);
    expect(swept.stdout).toContain('1 change(s)');
    expect(swept.stdout).toContain(`${numberB}: suspended → withdrawn`);

    const withdrawn = await certificate(numberB);
    expect(withdrawn.status).toBe('withdrawn');
    expect(withdrawn.statusReason).toBe(
      'Suspended since 2027-02-15 for more than 90 days without a passed special audit',
    );
    expect(withdrawn.history.map((h: { to: string }) => h.to)).toEqual(['active', 'suspended', 'withdrawn']);
    expect((await certificate(numberA)).status).toBe('active');
  });

  it('when the public event log is read page by page, then every status change of both certificates is in it, in order, and the chain verifies', async () => {
    const events: PublicEvent[] = [];
    let after: number | null = 0;
    while (after !== null) {
      const page = await api('get', `/api/v1/events?after=${after}`).expect(200);
      events.push(...(page.body.items as PublicEvent[]));
      after = page.body.next as number | null;
    }
    expect(events.map((e) => e.seq)).toEqual([...events.map((e) => e.seq)].sort((x, y) => x - y));
    const tail = await api('get', `/api/v1/events?after=${events.at(-2)!.seq}`).expect(200);
    expect(tail.body).toEqual({ items: [events.at(-1)], next: null });

    const statusChanges = (number: string) =>
      events
        .filter((e) => e.subject === `certificate:${number}` && e.action.startsWith('certificate.'))
        .map((e) => e.action);
    expect(statusChanges(numberA)).toEqual(['certificate.issued', 'certificate.suspended', 'certificate.active']);
    expect(statusChanges(numberB)).toEqual(['certificate.issued', 'certificate.suspended', 'certificate.withdrawn']);

    const withdrawal = events.find((e) => e.action === 'certificate.withdrawn')!;
    expect(withdrawal.payload).toMatchObject({
      number: numberB,
      from: 'suspended',
      to: 'withdrawn',
      effectiveAt: '2027-05-17T00:00:00.000Z',
    });
    const reinstatement = events.find((e) => e.action === 'certificate.active')!;
    expect(reinstatement.payload).toMatchObject({ number: numberA, from: 'suspended', to: 'active' });

    const verify = await api('get', '/api/v1/events/verify').expect(200);
    expect(verify.body).toEqual({
      ok: true,
      length: expect.any(Number),
      head: expect.stringMatching(/^[0-9a-f]{64}$/),
      brokenAt: null,
    });
    // The withdrawal was the last thing the registry wrote, so it heads the whole chain.
    expect(verify.body.head).toBe(withdrawal.hash);
    expect(verify.body.length).toBe(withdrawal.seq);
  });
});
