import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Centre } from '../../src/persistence/centre-repository.js';
import type { User } from '../../src/persistence/user-repository.js';
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
 * The appeal window of KM-2026.1 (which does not name one: the default of 30 days). Three
 * centres fail a surveillance audit on 1 November 2026; one appeals on day 30, one tries on
 * day 31, one appeals early and is rejected. The clock is the test's.
 */

let r: TestRegistry;
let cast: Cast;
interface Failed {
  centre: Centre;
  user: User;
  auditId: number;
}
let onTime: Failed;
let late: Failed;
let early: Failed;

const GROUNDS = 'The auditor weighed a contract that was replaced in September.';

async function failedSurveillance(tradeName: string): Promise<Failed> {
  r.clock.set('2026-01-10T09:00:00Z');
  const { centre } = await buildCertifiedCentre(r.services, cast, { tradeName });
  r.clock.set('2026-11-01T15:00:00Z');
  const decision = await runAudit(r.services, cast, centre, 'surveillance', { F3: 'major' }, '2026-10-28');
  expect(decision.audit.result!.outcome).toBe('fail');
  return { centre, user: buildUser(r.services, 'centre', { centre: centre.slug }), auditId: decision.audit.id };
}

/** The centre's session at the current clock (sessions do not outlive the weeks the test skips). */
const portalOf = (failed: Failed) => loginAs(r.app, failed.user.email, TEST_PASSWORD);

async function appeal(failed: Failed, lang?: string) {
  const session = await portalOf(failed);
  const req = session.agent.post(`/portal/audits/${failed.auditId}/appeal`).type('form');
  if (lang) req.set('accept-language', lang);
  return req.send({ _csrf: session.csrf, grounds: GROUNDS });
}

beforeAll(async () => {
  r = createTestRegistry({ now: '2026-01-10T09:00:00Z' });
  cast = buildCast(r.services);
  onTime = await failedSurveillance('Bezwaar Op Tijd');
  late = await failedSurveillance('Bezwaar Te Laat');
  early = await failedSurveillance('Bezwaar Vroeg');
});
afterAll(() => r.close());

describe('the appeal window', () => {
  it('when the centre opens its portal on day 20, then the days left and the last day are shown next to the failed decision', async () => {
    r.clock.set('2026-11-21T08:00:00Z');
    const { agent } = await portalOf(onTime);
    const res = await agent.get('/portal').expect(200);
    const form = res.text.slice(res.text.indexOf(`id="appeal-${onTime.auditId}"`));
    expect(form).toContain(`id="appeal-window-${onTime.auditId}"`);
    expect(form).toContain('Nog 10 dagen om bezwaar te maken.');
    expect(form).toContain('Bezwaar is mogelijk tot en met 1 december 2026.');
    const en = await agent.get('/portal?lang=en').expect(200);
    expect(en.text).toContain('10 days left to appeal.');
    expect(en.text).toContain('You can appeal up to and including 1 December 2026.');
    const fr = await agent.get('/portal?lang=fr').expect(200);
    expect(fr.text).toContain('Encore 10 jours pour introduire un recours.');
  });

  it('when the early centre appeals on day 5 and the appeal is rejected, then the profile timeline shows it filed and rejected', async () => {
    r.clock.set('2026-11-06T10:00:00Z');
    expect((await appeal(early)).status).toBe(303);
    const filed = await request(r.app).get(`/centres/${early.centre.slug}`).expect(200);
    expect(filed.text).toContain('Bezwaar ingediend tegen het besluit over de controle-audit van 1 november 2026.');

    r.clock.set('2026-11-20T10:00:00Z');
    const appealRecord = r.services.complaints.appealForAudit(early.auditId)!;
    await r.services.complaints.resolveAppeal(
      appealRecord.id,
      { verdict: 'reject', resolution: 'The contract in force was assessed.' },
      cast.admin,
    );
    const profile = await request(r.app).get(`/centres/${early.centre.slug}`).expect(200);
    expect(profile.text).toContain('class="timeline-appeal appeal-rejected"');
    expect(profile.text).toContain(
      'Bezwaar afgewezen: het besluit over de controle-audit van 1 november 2026 blijft staan.',
    );
    // The staff's free text stays with the appeal; the public sees the outcome.
    expect(profile.text).not.toContain('The contract in force was assessed.');
    const en = await request(r.app).get(`/centres/${early.centre.slug}?lang=en`).expect(200);
    expect(en.text).toContain('Appeal rejected: the decision on the surveillance audit of 1 November 2026 stands.');
    const api = await request(r.app).get(`/api/v1/centres/${early.centre.slug}`).expect(200);
    expect(api.body.appeals).toEqual([
      {
        auditType: 'surveillance',
        decidedAt: '2026-11-01T15:00:00.000Z',
        filedAt: '2026-11-06T10:00:00.000Z',
        outcome: 'rejected',
        resolvedAt: '2026-11-20T10:00:00.000Z',
      },
    ]);
  });

  it('when it is day 30, then the portal says it is the last day and the appeal is accepted; a second one is refused', async () => {
    r.clock.set('2026-12-01T21:30:00Z');
    const { agent } = await portalOf(onTime);
    const portal = await agent.get('/portal').expect(200);
    expect(portal.text).toContain('Vandaag is de laatste dag om bezwaar te maken.');
    const res = await appeal(onTime);
    expect(res.status).toBe(303);
    const filed = r.services.complaints.appealForAudit(onTime.auditId)!;
    expect(filed).toMatchObject({ state: 'open', decisionAt: '2026-11-01T15:00:00.000Z' });

    const again = await appeal(onTime);
    expect(again.status).toBe(409);
    expect(again.text).toContain('Tegen dit besluit is al bezwaar gemaakt');
    expect(r.services.complaints.appealsForCentre(onTime.centre.id)).toHaveLength(1);
  });

  it('when it is day 31, then the appeal is refused with 409 in the portal, in the reader’s language, and nothing is stored', async () => {
    r.clock.set('2026-12-02T00:00:00Z');
    const nl = await appeal(late);
    expect(nl.status).toBe(409);
    expect(nl.text).toContain('<h1>Bezwaar Te Laat</h1>');
    expect(nl.text).toContain(
      'De bezwaartermijn van 30 dagen is verlopen op 1 december 2026: tegen dit besluit kunt u geen bezwaar meer maken.',
    );
    const en = await appeal(late, 'en');
    expect(en.status).toBe(409);
    expect(en.text).toContain(
      'The appeal period of 30 days ended on 1 December 2026: this decision can no longer be appealed.',
    );
    const fr = await appeal(late, 'fr');
    expect(fr.status).toBe(409);
    expect(fr.text).toContain('Le délai de recours de 30\u00a0jours a expiré le 1 décembre 2026');
    expect(r.services.complaints.appealForAudit(late.auditId)).toBeUndefined();

    // Whoever calls the service gets the same refusal, as a code with its params.
    expect(() => r.services.complaints.fileAppeal(late.auditId, { grounds: GROUNDS }, late.user)).toThrow(
      expect.objectContaining({
        kind: 'conflict',
        code: 'appeal_window_closed',
        params: { lastDay: '2026-12-01', days: 30 },
      }),
    );
  });

  it('when the window has passed, then the portal shows no appeal form but when the window ended', async () => {
    const { agent } = await portalOf(late);
    const res = await agent.get('/portal').expect(200);
    expect(res.text).not.toContain(`action="/portal/audits/${late.auditId}/appeal"`);
    expect(res.text).toContain(`id="appeal-closed-${late.auditId}"`);
    expect(res.text).toContain(
      'Tegen het besluit over de controle-audit van 1 november 2026 kunt u geen bezwaar meer maken.',
    );
    expect(res.text).toContain('De bezwaartermijn is verlopen op 1 december 2026.');
  });

  it('when the appeal filed on day 30 is upheld, then the profile timeline shows its outcome', async () => {
    r.clock.set('2026-12-10T10:00:00Z');
    const filed = r.services.complaints.appealForAudit(onTime.auditId)!;
    await r.services.complaints.resolveAppeal(
      filed.id,
      { verdict: 'uphold', resolution: 'The sample was too small.' },
      cast.admin,
    );
    const profile = await request(r.app).get(`/centres/${onTime.centre.slug}`).expect(200);
    expect(profile.text).toContain('class="timeline-appeal appeal-upheld"');
    expect(profile.text).toContain(
      'Bezwaar toegewezen: het besluit over de controle-audit van 1 november 2026 is teruggedraaid.',
    );
    const api = await request(r.app).get(`/api/v1/centres/${onTime.centre.slug}`).expect(200);
    expect(api.body.appeals[0]).toMatchObject({ outcome: 'upheld', decidedAt: '2026-11-01T15:00:00.000Z' });
  });

  it('when the rules are read, then they state the window of the current scheme', async () => {
    const res = await request(r.app).get('/rules').expect(200);
    expect(res.text).toContain('Een bezwaar moet binnen 30 dagen na het besluit worden ingediend');
  });
});
