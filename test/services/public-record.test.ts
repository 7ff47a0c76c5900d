import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrationsDir } from '../../src/paths.js';
import { type Cast, buildCast, buildCertifiedCentre, buildCentre, buildUser, runAudit } from '../support/factories.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

let r: TestRegistry;
let cast: Cast;

beforeEach(() => {
  r = createTestRegistry({ now: '2026-11-23T10:00:00Z' });
  cast = buildCast(r.services);
});
afterEach(() => r.close());

const certificate = (id: number) => r.services.certificates.certificateById(id)!;

describe('scores belong to an audit', () => {
  it('when a surveillance audit fails, then the certificate carries its figures, labelled with it', async () => {
    const { centre, certificate: issued } = await buildCertifiedCentre(r.services, cast);
    expect(issued.overall).toBe(100);
    r.clock.set('2026-12-20T09:00:00Z');
    const failed = await runAudit(r.services, cast, centre, 'surveillance', { F3: 'major' });
    const after = certificate(issued.id);
    expect(after.status).toBe('suspended');
    expect(after.overall).toBe(failed.audit.result!.overall);
    expect(after.overall).toBeLessThan(100);
    expect(after.promiseScores).toEqual(failed.audit.result!.promises);
    expect([after.scoresAuditId, after.scoresAuditType, after.scoresOutcome, after.scoresDecidedAt]).toEqual([
      failed.audit.id,
      'surveillance',
      'fail',
      '2026-12-20T09:00:00.000Z',
    ]);
  });

  it('when the appeal against the failed surveillance is upheld, then the figures of the audit before it come back', async () => {
    const { centre, certificate: issued } = await buildCertifiedCentre(r.services, cast);
    const centreUser = buildUser(r.services, 'centre', { centre: centre.slug });
    r.clock.set('2026-12-20T09:00:00Z');
    const failed = await runAudit(r.services, cast, centre, 'surveillance', { F3: 'major' });
    const appeal = r.services.complaints.fileAppeal(
      failed.audit.id,
      { grounds: 'The auditor read the old contract.' },
      centreUser,
    );
    r.pdfRequests.length = 0;
    await r.services.complaints.resolveAppeal(
      appeal.id,
      { verdict: 'uphold', resolution: 'New contract verified' },
      buildUser(r.services, 'admin'),
    );
    const after = certificate(issued.id);
    expect([after.status, after.overall, after.scoresAuditType, after.scoresAuditId]).toEqual([
      'active',
      100,
      'initial',
      issued.auditId,
    ]);
    expect(r.pdfRequests).toContain(issued.id);
    expect(r.services.register.profile(centre.slug)!.audits.map((a) => a.type)).toEqual(['initial']);
  });

  it('when a recertification fails on the still-current certificate, then that certificate shows the failed figures', async () => {
    const { centre, certificate: issued } = await buildCertifiedCentre(r.services, cast);
    r.clock.set('2028-10-01T09:00:00Z');
    const failed = await runAudit(r.services, cast, centre, 'recertification', { F3: 'major' }, '2028-09-20');
    expect(failed.audit.certificateId).toBe(issued.id);
    expect([certificate(issued.id).scoresAuditType, certificate(issued.id).scoresOutcome]).toEqual([
      'recertification',
      'fail',
    ]);
  });

  it('when an initial audit fails, then it is not in the public audit history', async () => {
    const centre = buildCentre(r.services);
    await runAudit(r.services, cast, centre, 'initial', { F3: 'major' });
    await runAudit(r.services, cast, centre, 'initial', { R6: 'minor' });
    const profile = r.services.register.profile(centre.slug)!;
    expect(profile.audits.map((a) => [a.type, a.outcome])).toEqual([['initial', 'conditional']]);
    expect(profile.audits[0]!.failedItems).toEqual([{ item: 'R6', severity: 'minor' }]);
  });
});

describe('open findings', () => {
  it('when a conditional certificate has open findings, then they show with promise and deadline until accepted', async () => {
    const centre = buildCentre(r.services);
    const centreUser = buildUser(r.services, 'centre', { centre: centre.slug });
    const decision = await runAudit(r.services, cast, centre, 'initial', { R6: 'major', T3: 'minor' });
    const findings = () => r.services.register.profile(centre.slug)!.findings;
    expect(findings().open).toEqual([
      { item: 'R6', promise: 'R', severity: 'major', dueAt: '2026-12-23' },
      { item: 'T3', promise: 'T', severity: 'minor', dueAt: expect.stringMatching(/^2027-/) },
    ]);
    const [r6] = r.services.correctiveActions.actionsForAudit(decision.audit.id);
    r.services.correctiveActions.submitEvidence(r6!.id, 'Menu shortened, recording attached', centreUser);
    r.pdfRequests.length = 0;
    await r.services.correctiveActions.reviewAction(r6!.id, 'accept', '', cast.auditor);
    expect(findings().open.map((f) => f.item)).toEqual(['T3']);
    expect(findings().closed).toEqual([
      { item: 'R6', promise: 'R', severity: 'major', dueAt: '2026-12-23', closedAt: '2026-11-23T10:00:00.000Z' },
    ]);
    expect(r.pdfRequests).toEqual([decision.certificate!.id]);
  });

  it('when evidence is rejected, then the finding stays open and no PDF is re-issued', async () => {
    const centre = buildCentre(r.services);
    const centreUser = buildUser(r.services, 'centre', { centre: centre.slug });
    const decision = await runAudit(r.services, cast, centre, 'initial', { R6: 'major' });
    const [r6] = r.services.correctiveActions.actionsForAudit(decision.audit.id);
    r.services.correctiveActions.submitEvidence(r6!.id, 'Will look into it', centreUser);
    r.pdfRequests.length = 0;
    await r.services.correctiveActions.reviewAction(r6!.id, 'reject', 'Nothing changed yet', cast.auditor);
    expect(r.services.register.profile(centre.slug)!.findings.open.map((f) => f.item)).toEqual(['R6']);
    expect(r.pdfRequests).toEqual([]);
  });
});

describe('the migration backfill', () => {
  /** The UPDATE at the end of migration 0004, as the migrator runs it. */
  const backfill = () =>
    readFileSync(join(migrationsDir, '0004_certificate_scores_audit.sql'), 'utf8')
      .split('--> statement-breakpoint')
      .map((s) => s.trim())
      .filter((s) => /^(--[^\n]*\n)*UPDATE/.test(s));

  it('when a register with decided audits is migrated, then each certificate takes its latest decided audit', async () => {
    const { centre, certificate: passed } = await buildCertifiedCentre(r.services, cast);
    const clean = await buildCertifiedCentre(r.services, cast);
    r.clock.set('2026-12-20T09:00:00Z');
    const failed = await runAudit(r.services, cast, centre, 'surveillance', { F3: 'major' });
    // The register as it was before the migration: figures frozen at issue, no audit columns.
    r.db.$client
      .prepare(
        `UPDATE certificates SET overall = 100, promise_scores = '[]', scores_audit_id = NULL,
         scores_audit_type = NULL, scores_decided_at = NULL, scores_outcome = NULL`,
      )
      .run();
    const statements = backfill();
    expect(statements).toHaveLength(1);
    r.db.$client.exec(statements[0]!);
    const after = certificate(passed.id);
    expect([after.overall, after.promiseScores, after.scoresAuditId, after.scoresAuditType]).toEqual([
      failed.audit.result!.overall,
      failed.audit.result!.promises,
      failed.audit.id,
      'surveillance',
    ]);
    expect([after.scoresOutcome, after.scoresDecidedAt]).toEqual(['fail', '2026-12-20T09:00:00.000Z']);
    const untouched = certificate(clean.certificate.id);
    expect([untouched.scoresAuditType, untouched.scoresOutcome, untouched.promiseScores.length]).toEqual([
      'initial',
      'pass',
      clean.certificate.promiseScores.length,
    ]);
  });
});
