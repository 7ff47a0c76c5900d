import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyEventLog } from '../../src/services/event-log.js';
import { buildCast, buildCentre, buildCertifiedCentre, buildUser, runAudit, type Cast } from '../support/factories.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

let r: TestRegistry;
let cast: Cast;
beforeEach(() => {
  r = createTestRegistry({ now: '2026-01-15T09:00:00Z' });
  cast = buildCast(r.services);
});
afterEach(() => {
  expect(verifyEventLog(r.db).ok).toBe(true);
  r.close();
});

const complaintFor = (slug: string) =>
  r.services.complaints.file({
    centre: slug,
    name: 'Jan Klant',
    email: 'jan@example.org',
    body: 'I was put on hold for 45 minutes three times this week.',
    contactedOn: '2026-01-14',
    channel: 'phone',
  });

describe('complaints', () => {
  it('when a complaint names a centre that never held a certificate, then it is refused', () => {
    const centre = buildCentre(r.services);
    expect(() => complaintFor(centre.slug)).toThrow(/register/);
    expect(() => complaintFor(centre.slug)).toThrow(
      expect.objectContaining({ code: 'complaint_centre_not_registered' }),
    );
  });

  it('when a minor complaint is upheld, then it is on the next audit agenda and nothing else changes', async () => {
    const { centre, certificate } = await buildCertifiedCentre(r.services, cast);
    const complaint = complaintFor(centre.slug);
    await r.services.complaints.triage(
      complaint.id,
      { decision: 'uphold', severity: 'minor', resolution: 'Waiting times confirmed by the ACD log' },
      cast.admin,
    );
    expect(r.services.complaints.agendaFor(centre.id).map((c) => c.id)).toEqual([complaint.id]);
    expect(r.services.certificates.certificateById(certificate.id)!.status).toBe('active');
    expect(r.services.complaints.counts(centre.id)).toMatchObject({ upheld: 1 });
  });

  it('when a major complaint is upheld, then a special audit is planned within 30 days', async () => {
    const { centre } = await buildCertifiedCentre(r.services, cast);
    const complaint = complaintFor(centre.slug);
    await r.services.complaints.triage(
      complaint.id,
      { decision: 'uphold', severity: 'major', resolution: 'Pattern confirmed', auditor: cast.auditor.email },
      cast.admin,
    );
    const special = r.services.audits.listForCentre(centre.id).find((a) => a.type === 'special')!;
    expect(special).toMatchObject({ state: 'planned', plannedFor: '2026-02-14' });
  });

  it('when a critical complaint is upheld, then the certificate is suspended at once and a special audit is planned', async () => {
    const { centre, certificate } = await buildCertifiedCentre(r.services, cast);
    const complaint = complaintFor(centre.slug);
    await r.services.complaints.triage(
      complaint.id,
      {
        decision: 'uphold',
        severity: 'critical',
        resolution: 'Recordings kept without consent',
        auditor: cast.auditor.email,
      },
      cast.admin,
    );
    const after = r.services.certificates.certificateById(certificate.id)!;
    expect(after.status).toBe('suspended');
    expect(after.statusReason).toMatch(/Critical complaint/);
  });

  it('when a complaint is dismissed or withdrawn, then it is counted and cannot be triaged twice', async () => {
    const { centre } = await buildCertifiedCentre(r.services, cast);
    const a = complaintFor(centre.slug);
    const b = complaintFor(centre.slug);
    await r.services.complaints.triage(
      a.id,
      { decision: 'dismiss', dismissalReason: 'outside_scope', resolution: 'Outside the scope' },
      cast.admin,
    );
    await r.services.complaints.triage(
      b.id,
      { decision: 'withdraw', resolution: 'Withdrawn by the complainant' },
      cast.admin,
    );
    expect(r.services.complaints.counts(centre.id)).toMatchObject({ dismissed: 1, withdrawn: 1, upheld: 0 });
    await expect(
      r.services.complaints.triage(
        a.id,
        { decision: 'dismiss', dismissalReason: 'outside_scope', resolution: 'again' },
        cast.admin,
      ),
    ).rejects.toThrow(/already been handled/);
    await expect(
      r.services.complaints.triage(
        a.id,
        { decision: 'dismiss', dismissalReason: 'outside_scope', resolution: 'again' },
        cast.admin,
      ),
    ).rejects.toMatchObject({ kind: 'conflict', code: 'complaint_already_handled' });
  });

  it('when an upheld major complaint has no auditor, then the field is named', async () => {
    const { centre } = await buildCertifiedCentre(r.services, cast);
    const complaint = complaintFor(centre.slug);
    await expect(
      r.services.complaints.triage(
        complaint.id,
        { decision: 'uphold', severity: 'major', resolution: 'x' },
        cast.admin,
      ),
    ).rejects.toThrow(/auditor/);
  });
});

describe('appeals', () => {
  async function suspendedBySurveillance() {
    const { centre, certificate } = await buildCertifiedCentre(r.services, cast);
    const centreUser = buildUser(r.services, 'centre', { centre: centre.slug });
    r.clock.set('2026-12-20T09:00:00Z');
    const decision = await runAudit(r.services, cast, centre, 'surveillance', { F3: 'major' });
    return { centre, certificate, centreUser, audit: decision.audit };
  }

  it('when an appeal against a suspension is upheld by another admin, then the certificate is active again and the audit reopened', async () => {
    const { certificate, centreUser, audit } = await suspendedBySurveillance();
    const appeal = r.services.complaints.fileAppeal(
      audit.id,
      { grounds: 'The bonus scheme was changed in June; the auditor saw the old contract.' },
      centreUser,
    );
    const third = buildUser(r.services, 'admin');
    await r.services.complaints.resolveAppeal(
      appeal.id,
      { verdict: 'uphold', resolution: 'New contract of June verified' },
      third,
    );
    expect(r.services.certificates.certificateById(certificate.id)!.status).toBe('active');
    const reopened = r.services.audits.getAudit(audit.id);
    expect(reopened.state).toBe('in_progress');
    expect(reopened.returnReason).toMatch(/Appeal upheld/);
    expect(r.services.certificates.certificateHistory(certificate.id).map((h) => h.toStatus)).toEqual([
      'active',
      'suspended',
      'active',
    ]);
  });

  it('when the deciding admin tries to resolve the appeal, then four eyes refuse', async () => {
    const { centreUser, audit } = await suspendedBySurveillance();
    const appeal = r.services.complaints.fileAppeal(
      audit.id,
      { grounds: 'The sample was taken on a strike day, not representative.' },
      centreUser,
    );
    await expect(
      r.services.complaints.resolveAppeal(appeal.id, { verdict: 'reject', resolution: 'x' }, cast.decider),
    ).rejects.toThrow(/cannot resolve/);
    await expect(
      r.services.complaints.resolveAppeal(appeal.id, { verdict: 'reject', resolution: 'x' }, cast.decider),
    ).rejects.toMatchObject({ code: 'appeal_decider_involved' });
    expect(r.services.complaints.findAppeal(appeal.id)!.state).toBe('open');
  });

  it("when a centre appeals twice, or appeals another centre's audit, then it is refused", async () => {
    const { centreUser, audit } = await suspendedBySurveillance();
    r.services.complaints.fileAppeal(
      audit.id,
      { grounds: 'The sample was taken on a strike day, not representative.' },
      centreUser,
    );
    expect(() =>
      r.services.complaints.fileAppeal(
        audit.id,
        { grounds: 'Second try with other grounds entirely here.' },
        centreUser,
      ),
    ).toThrow(
      // A denial about the decision's state, not the person: a conflict (409) the portal shows.
      expect.objectContaining({
        kind: 'conflict',
        code: 'audit_already_appealed',
        message: expect.stringMatching(/once/),
      }),
    );
    const other = buildUser(r.services, 'centre', { centre: buildCentre(r.services).slug });
    expect(() =>
      r.services.complaints.fileAppeal(audit.id, { grounds: 'Not my audit but I try anyway, see.' }, other),
    ).toThrow(expect.objectContaining({ code: 'audit_not_found', message: expect.stringMatching(/not found/) }));
  });

  it('when a rejected appeal is resolved, then the certificate stays suspended', async () => {
    const { certificate, centreUser, audit } = await suspendedBySurveillance();
    const appeal = r.services.complaints.fileAppeal(
      audit.id,
      { grounds: 'We disagree with the finding on F3 entirely.' },
      centreUser,
    );
    await r.services.complaints.resolveAppeal(
      appeal.id,
      { verdict: 'reject', resolution: 'Finding confirmed by the contract' },
      cast.admin,
    );
    expect(r.services.certificates.certificateById(certificate.id)!.status).toBe('suspended');
  });
});
