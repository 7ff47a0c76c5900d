import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCertificateNumber } from '../../src/domain/certificate-number.js';
import { verifyEventLog } from '../../src/services/event-log.js';
import {
  buildAnswers,
  buildCast,
  buildCentre,
  buildCertifiedCentre,
  runAudit,
  type Cast,
} from '../support/factories.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

let r: TestRegistry;
let cast: Cast;
beforeEach(() => {
  r = createTestRegistry({ now: '2026-01-10T09:00:00Z' });
  cast = buildCast(r.services);
});
afterEach(() => r.close());

describe('certification service', () => {
  it('when an initial audit passes, then an active certificate with a valid number is issued for 36 months', async () => {
    const { certificate } = await buildCertifiedCentre(r.services, cast);
    expect(certificate.status).toBe('active');
    expect(parseCertificateNumber(certificate.number).ok).toBe(true);
    expect(certificate.validFrom).toBe('2026-01-10');
    expect(certificate.validUntil).toBe('2029-01-10');
    expect(certificate.nextSurveillanceDue).toBe('2027-01-10');
    expect(r.services.certificates.certificateHistory(certificate.id).map((h) => h.toStatus)).toEqual(['active']);
    expect(verifyEventLog(r.db).ok).toBe(true);
  });

  it('when an initial audit fails, then no certificate is issued', async () => {
    const centre = buildCentre(r.services);
    const decision = await runAudit(r.services, cast, centre, 'initial', { F3: 'major' });
    expect(decision.certificate).toBeNull();
    expect(decision.audit.result?.outcome).toBe('fail');
    expect(r.services.certificates.certificatesForCentre(centre.id)).toEqual([]);
  });

  it('when the auditor tries to decide, then four eyes refuse it even for an admin-auditor', async () => {
    const centre = buildCentre(r.services);
    const scheme = r.services.schemes.current();
    const audit = r.services.audits.plan(
      { centre: centre.slug, type: 'initial', plannedFor: '2026-01-09', auditor: cast.auditor.email },
      cast.admin,
    );
    r.services.audits.saveAnswers(audit.id, { answers: buildAnswers(scheme) }, cast.auditor);
    r.services.audits.submit(audit.id, cast.auditor);
    await expect(r.services.decisions.decide(audit.id, { ...cast.auditor, role: 'admin' })).rejects.toThrow(
      /cannot decide/,
    );
  });

  it('when submitting an incomplete audit, then every missing item is listed', () => {
    const centre = buildCentre(r.services);
    const audit = r.services.audits.plan(
      { centre: centre.slug, type: 'initial', plannedFor: '2026-01-09', auditor: cast.auditor.email },
      cast.admin,
    );
    r.services.audits.saveAnswers(audit.id, { answers: [{ item: 'R1', result: 'minor' }] }, cast.auditor);
    try {
      r.services.audits.submit(audit.id, cast.auditor);
      expect.unreachable();
    } catch (err) {
      const issues = (err as { issues: { item: string }[] }).issues;
      expect(issues.length).toBe(r.services.schemes.current().promises.flatMap((p) => p.items).length);
      expect(issues[0]!.item).toBe('R1');
    }
  });

  it('when a surveillance audit fails and no special audit passes, then the sweep withdraws after the limit', async () => {
    const { centre, certificate } = await buildCertifiedCentre(r.services, cast);
    r.clock.set('2026-12-01T09:00:00Z');
    await runAudit(r.services, cast, centre, 'surveillance', { F3: 'major' });
    expect(r.services.certificates.certificateById(certificate.id)!.status).toBe('suspended');
    expect(await r.services.certificates.sweep(new Date('2027-03-01T12:00:00Z'))).toEqual([]);
    const changes = await r.services.certificates.sweep(new Date('2027-03-02T00:00:00Z'));
    expect(changes.map((c) => c.to)).toEqual(['withdrawn']);
    expect(await r.services.certificates.sweep(new Date('2027-03-02T00:00:00Z'))).toEqual([]);
    expect(verifyEventLog(r.db).ok).toBe(true);
  });
});
