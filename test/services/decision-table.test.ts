import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyEventLog } from '../../src/services/event-log.js';
import { buildCast, buildCentre, buildCertifiedCentre, buildUser, runAudit, type Cast } from '../support/factories.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

let r: TestRegistry;
let cast: Cast;
const status = (id: number) => r.services.certificates.certificateById(id)!.status;

beforeEach(() => {
  r = createTestRegistry({ now: '2026-01-15T09:00:00Z' });
  cast = buildCast(r.services);
});
afterEach(() => {
  expect(verifyEventLog(r.db).ok).toBe(true);
  r.close();
});

describe('decision table, applied through the certification service', () => {
  it('initial conditional: certificate issued and every finding becomes a corrective action with its deadline', async () => {
    const centre = buildCentre(r.services);
    const decision = await runAudit(r.services, cast, centre, 'initial', { T3: 'minor', R6: 'major' });
    expect(decision.audit.result!.outcome).toBe('conditional');
    expect(decision.certificate!.status).toBe('active');
    const actions = r.services.correctiveActions.actionsForAudit(decision.audit.id);
    expect(actions.map((a) => [a.item, a.severity, a.dueOn, a.state])).toEqual([
      ['R6', 'major', '2026-02-14', 'open'],
      ['T3', 'minor', '2026-04-15', 'open'],
    ]);
  });

  it('recertification pass: a new certificate, the previous one superseded, original issue date kept', async () => {
    const { centre, certificate } = await buildCertifiedCentre(r.services, cast);
    r.clock.set('2028-12-01T09:00:00Z');
    const decision = await runAudit(r.services, cast, centre, 'recertification');
    expect(status(certificate.id)).toBe('superseded');
    expect(decision.certificate!.id).not.toBe(certificate.id);
    expect(decision.certificate!.originalIssueDate).toBe('2026-01-15');
    expect(decision.certificate!.issuedOn).toBe('2028-12-01');
    const old = r.services.certificates.certificateById(certificate.id)!;
    expect([old.statusReasonCode, old.statusReasonParams]).toEqual([
      'superseded_by',
      { number: decision.certificate!.number },
    ]);
    expect([decision.certificate!.statusReasonCode, decision.certificate!.statusReasonParams]).toEqual([
      'issued',
      { auditType: 'recertification', outcome: 'pass', overall: 100, decidedOn: '2028-12-01' },
    ]);
  });

  it('recertification fail: the certificate stays until its end date, then the sweep expires it', async () => {
    const { centre, certificate } = await buildCertifiedCentre(r.services, cast);
    r.clock.set('2027-01-10T09:00:00Z');
    await runAudit(r.services, cast, centre, 'surveillance');
    r.clock.set('2028-01-10T09:00:00Z');
    await runAudit(r.services, cast, centre, 'surveillance');
    r.clock.set('2028-12-01T09:00:00Z');
    const decision = await runAudit(r.services, cast, centre, 'recertification', { C3: 'major' });
    expect(decision.consequence).toBe('keep-until-expiry');
    expect(status(certificate.id)).toBe('active');
    expect(await r.services.certificates.sweep(new Date('2029-01-15T23:59:59Z'))).toEqual([]);
    const changes = await r.services.certificates.sweep(new Date('2029-01-16T00:00:00Z'));
    expect(changes.map((c) => [c.rule, c.to])).toEqual([['expiry', 'expired']]);
  });

  it('surveillance pass: stays active, next surveillance due 12 months after the decision', async () => {
    const { centre, certificate } = await buildCertifiedCentre(r.services, cast);
    r.clock.set('2026-12-20T09:00:00Z');
    await runAudit(r.services, cast, centre, 'surveillance');
    const after = r.services.certificates.certificateById(certificate.id)!;
    expect(after.status).toBe('active');
    expect(after.nextSurveillanceDue).toBe('2027-12-20');
  });

  it('surveillance in the last year of the cycle: no further surveillance, recertification is next', async () => {
    const { centre, certificate } = await buildCertifiedCentre(r.services, cast);
    r.clock.set('2027-01-10T09:00:00Z');
    await runAudit(r.services, cast, centre, 'surveillance');
    r.clock.set('2028-01-10T09:00:00Z');
    await runAudit(r.services, cast, centre, 'surveillance');
    expect(r.services.certificates.certificateById(certificate.id)!.nextSurveillanceDue).toBeNull();
  });

  it('surveillance fail: suspended with the reason; special pass reinstates', async () => {
    const { centre, certificate } = await buildCertifiedCentre(r.services, cast);
    r.clock.set('2026-12-20T09:00:00Z');
    await runAudit(r.services, cast, centre, 'surveillance', { F3: 'major' });
    const suspended = r.services.certificates.certificateById(certificate.id)!;
    expect(suspended.status).toBe('suspended');
    expect(suspended.statusReason).toMatch(/Surveillance audit failed on 2026-12-20.*2027-03-20/);
    expect([suspended.statusReasonCode, suspended.statusReasonParams]).toEqual([
      'surveillance_failed',
      { decidedOn: '2026-12-20', deadline: '2027-03-20' },
    ]);
    expect(r.services.certificates.certificateHistory(certificate.id).at(-1)).toMatchObject({
      reasonCode: 'surveillance_failed',
      reasonParams: { decidedOn: '2026-12-20', deadline: '2027-03-20' },
    });
    r.clock.set('2027-02-01T09:00:00Z');
    const decision = await runAudit(r.services, cast, centre, 'special');
    expect(decision.consequence).toBe('reinstate');
    expect(status(certificate.id)).toBe('active');
    expect(r.services.certificates.certificateHistory(certificate.id).map((h) => h.toStatus)).toEqual([
      'active',
      'suspended',
      'active',
    ]);
  });

  it('special fail: withdrawn, and nothing brings it back', async () => {
    const { centre, certificate } = await buildCertifiedCentre(r.services, cast);
    r.clock.set('2026-12-20T09:00:00Z');
    await runAudit(r.services, cast, centre, 'surveillance', { F3: 'major' });
    r.clock.set('2027-01-05T09:00:00Z');
    await runAudit(r.services, cast, centre, 'special', { F3: 'major' });
    expect(status(certificate.id)).toBe('withdrawn');
    expect(() =>
      r.services.audits.plan(
        { centre: centre.slug, type: 'special', plannedFor: '2027-01-10', auditor: cast.auditor.email },
        cast.admin,
      ),
    ).toThrow(/needs a live certificate/);
  });
});

describe('corrective actions and the sweep', () => {
  it('when evidence is accepted before the deadline, then the sweep does not suspend', async () => {
    const centre = buildCentre(r.services);
    const centreUser = buildUser(r.services, 'centre', { centre: centre.slug });
    const decision = await runAudit(r.services, cast, centre, 'initial', { R6: 'major' });
    const [action] = r.services.correctiveActions.actionsForAudit(decision.audit.id);
    r.services.correctiveActions.submitEvidence(
      action!.id,
      'IVR simplified to two levels, recording attached',
      centreUser,
    );
    await r.services.correctiveActions.reviewAction(action!.id, 'accept', '', cast.auditor);
    expect(await r.services.certificates.sweep(new Date('2026-03-01T00:00:00Z'))).toEqual([]);
  });

  it('when evidence is rejected, then the action is open again with the same deadline and the sweep suspends the day after it', async () => {
    const centre = buildCentre(r.services);
    const centreUser = buildUser(r.services, 'centre', { centre: centre.slug });
    const decision = await runAudit(r.services, cast, centre, 'initial', { R6: 'major' });
    const [action] = r.services.correctiveActions.actionsForAudit(decision.audit.id);
    r.services.correctiveActions.submitEvidence(action!.id, 'We will look into it', centreUser);
    const rejected = await r.services.correctiveActions.reviewAction(
      action!.id,
      'reject',
      'No change made yet',
      cast.admin,
    );
    expect([rejected.state, rejected.dueOn]).toEqual(['open', '2026-02-14']);
    expect(await r.services.certificates.sweep(new Date('2026-02-14T23:59:59Z'))).toEqual([]);
    const changes = await r.services.certificates.sweep(new Date('2026-02-15T00:00:00Z'));
    expect(changes.map((c) => [c.rule, c.to])).toEqual([['overdue-action', 'suspended']]);
    expect(status(decision.certificate!.id)).toBe('suspended');
  });

  it('when a centre user submits evidence for another centre, then it is refused', async () => {
    const centre = buildCentre(r.services);
    const other = buildCentre(r.services);
    const intruder = buildUser(r.services, 'centre', { centre: other.slug });
    const decision = await runAudit(r.services, cast, centre, 'initial', { R6: 'major' });
    const [action] = r.services.correctiveActions.actionsForAudit(decision.audit.id);
    expect(() => r.services.correctiveActions.submitEvidence(action!.id, 'x', intruder)).toThrow(/not allowed/);
  });

  it('when a surveillance audit is not decided within 30 days of its due date, then the sweep suspends', async () => {
    const { certificate } = await buildCertifiedCentre(r.services, cast);
    expect(await r.services.certificates.sweep(new Date('2027-02-14T23:00:00Z'))).toEqual([]);
    const changes = await r.services.certificates.sweep(new Date('2027-02-15T00:00:00Z'));
    expect(changes.map((c) => c.rule)).toEqual(['surveillance-overdue']);
    expect(status(certificate.id)).toBe('suspended');
  });
});

describe('planning rules', () => {
  it('when the auditor is linked to the centre, then planning is refused naming the conflict', async () => {
    const centre = buildCentre(r.services);
    r.services.users.setConflicts(cast.auditor.id, [centre.id], cast.admin);
    expect(() =>
      r.services.audits.plan(
        { centre: centre.slug, type: 'initial', plannedFor: '2026-02-01', auditor: cast.auditor.email },
        cast.admin,
      ),
    ).toThrow(/linked to/);
  });

  it('when a centre already has an open audit, then a second one is refused', () => {
    const centre = buildCentre(r.services);
    r.services.audits.plan(
      { centre: centre.slug, type: 'initial', plannedFor: '2026-02-01', auditor: cast.auditor.email },
      cast.admin,
    );
    expect(() =>
      r.services.audits.plan(
        { centre: centre.slug, type: 'initial', plannedFor: '2026-02-02', auditor: cast.auditor.email },
        cast.admin,
      ),
    ).toThrow(/open audit/);
  });

  it('when a surveillance audit is planned without a certificate, then it is refused', () => {
    const centre = buildCentre(r.services);
    expect(() =>
      r.services.audits.plan(
        { centre: centre.slug, type: 'surveillance', plannedFor: '2026-02-01', auditor: cast.auditor.email },
        cast.admin,
      ),
    ).toThrow(/active certificate/);
  });
});
