import type { Clock } from '../clock.js';
import { formatCertificateNumber } from '../domain/certificate-number.js';
import { addMonths, auditTransition, type Consequence, decideConsequence } from '../domain/lifecycle.js';
import { canDecide, canReturn, canSeeDecision } from '../domain/policies/audit-policy.js';
import { authorize } from '../domain/policies/policy.js';
import { explained } from '../domain/reason.js';
import type { Scheme } from '../domain/scheme.js';
import type { EvaluationResult } from '../domain/scoring.js';
import { AppError, conflict, notFound } from '../errors.js';
import { type Audit, auditRepository } from '../persistence/audit-repository.js';
import { type Centre, centreRepository } from '../persistence/centre-repository.js';
import { type Certificate, certificateRepository } from '../persistence/certificate-repository.js';
import { type Db, inTransaction } from '../persistence/database.js';
import type { User } from '../persistence/user-repository.js';
import { dayOf } from './actor.js';
import type { CertificateNotices } from './certificate-notices.js';
import { type CertificateDocuments, refresher, statusChanger, statusLogger } from './certificate-status-service.js';
import { recordEvent } from './event-log.js';
import { findingSteps } from './corrective-action-service.js';
import type { SchemeService } from './scheme-service.js';

export interface Decision {
  audit: Audit;
  certificate: Certificate | null;
  consequence: Consequence['kind'];
}

/** What one decision works on, gathered once so that each consequence reads as one step. */
interface Deciding {
  audit: Audit;
  result: EvaluationResult;
  scheme: Scheme;
  centre: Centre;
  live: Certificate | null;
  now: Date;
  today: string;
  actor: User;
  /** Certificates whose PDF must be re-issued after the transaction. */
  changed: number[];
}

/**
 * The certification decision (four eyes): a second person confirms the computed outcome and the
 * decision table's consequence is applied, or sends the audit back with a reason.
 */
export function decisionService(
  db: Db,
  clock: Clock,
  schemes: SchemeService,
  documents: CertificateDocuments | null,
  notices: CertificateNotices,
) {
  const audits = auditRepository(db);
  const certificates = certificateRepository(db);
  const centres = centreRepository(db);
  const changeStatus = statusChanger(db, certificates, notices);
  const logStatus = statusLogger(db, certificates, notices);
  const refreshDocuments = refresher(documents);
  const findings = findingSteps(db);

  function getAudit(id: number): Audit {
    const audit = audits.findById(id);
    if (!audit) throw notFound('audit');
    return audit;
  }

  /** The next surveillance, unless the recertification due before the cycle's end takes its place. */
  function surveillanceDue(cert: { validUntil: string; schemeCode: string }, due: string): string | null {
    // A surveillance falling in the cycle's last half interval is replaced by the recertification.
    const interval = schemes.get(cert.schemeCode).surveillanceIntervalMonths;
    return due < addMonths(cert.validUntil, -Math.ceil(interval / 2)) ? due : null;
  }

  const decided = (d: Deciding) => ({
    auditType: d.audit.type,
    outcome: d.result.outcome,
    overall: d.result.overall,
    decidedOn: d.today,
  });
  const decidedText = (d: Deciding) =>
    `${d.audit.type} audit #${d.audit.id} decided ${d.result.outcome} (overall ${d.result.overall})`;

  // --- the consequences of the decision table, one step each ----------------------------------

  function issueCertificate(d: Deciding, c: Extract<Consequence, { kind: 'issue' }>): Certificate {
    const year = Number(d.today.slice(0, 4));
    const seq = certificates.nextSeq(year);
    const number = formatCertificateNumber(year, seq);
    const reason = explained('issued', decided(d), `Issued: ${decidedText(d)}`);
    const issued = certificates.insert({
      number,
      year,
      seq,
      centreId: d.centre.id,
      auditId: d.audit.id,
      schemeCode: d.scheme.code,
      status: 'active',
      statusReason: reason.message,
      statusReasonCode: reason.code,
      statusReasonParams: reason.params,
      statusSince: d.now.toISOString(),
      originalIssueDate: certificates.originalIssueDate(d.centre.id) ?? d.today,
      issuedOn: d.today,
      validFrom: c.validFrom,
      validUntil: c.validUntil,
      nextSurveillanceDue: surveillanceDue(
        { validUntil: c.validUntil, schemeCode: d.scheme.code },
        c.nextSurveillanceDue,
      ),
      scope: { channels: d.centre.channels, languages: d.centre.languages, sites: d.centre.sites },
      overall: d.result.overall,
      promiseScores: d.result.promises,
      createdAt: d.now.toISOString(),
    });
    const at = d.now.toISOString();
    logStatus({
      cert: issued,
      from: null,
      to: 'active',
      reason,
      effectiveAt: at,
      actor: d.actor,
      recordedAt: d.now,
      action: 'certificate.issued',
      payload: {
        number,
        centre: d.centre.slug,
        validFrom: issued.validFrom,
        validUntil: issued.validUntil,
        overall: d.result.overall,
      },
    });
    if (c.supersede && d.live) {
      const superseded = explained('superseded_by', { number }, `Superseded by ${number} after recertification`);
      changeStatus(d.live, 'superseded', superseded, at, d.actor, d.now);
      d.changed.push(d.live.id);
    }
    d.changed.push(issued.id);
    return issued;
  }

  function keepUnderSurveillance(
    d: Deciding,
    live: Certificate,
    c: Extract<Consequence, { kind: 'surveillance-passed' }>,
  ) {
    certificates.setNextSurveillanceDue(live.id, surveillanceDue(live, c.nextSurveillanceDue));
    d.changed.push(live.id);
  }

  function suspend(d: Deciding, live: Certificate, c: Extract<Consequence, { kind: 'suspend' }>) {
    // The failed surveillance counts as held: the next one falls a year on, as after a pass.
    certificates.setNextSurveillanceDue(
      live.id,
      surveillanceDue(live, addMonths(d.today, d.scheme.surveillanceIntervalMonths)),
    );
    changeStatus(live, 'suspended', c.reason, d.now.toISOString(), d.actor, d.now);
    d.changed.push(live.id);
  }

  function reinstate(d: Deciding, live: Certificate) {
    const reason = explained('reinstated', decided(d), `Reinstated: ${decidedText(d)}`);
    changeStatus(live, 'active', reason, d.now.toISOString(), d.actor, d.now);
    findings.closeEarlier(live, d.audit, d.now, d.actor);
    d.changed.push(live.id);
  }

  function withdraw(d: Deciding, live: Certificate, c: Extract<Consequence, { kind: 'withdraw' }>) {
    changeStatus(live, 'withdrawn', c.reason, d.now.toISOString(), d.actor, d.now);
    d.changed.push(live.id);
  }

  /** Applies one row of the decision table; returns the certificate the decision is about. */
  function applyConsequence(d: Deciding, c: Consequence): Certificate | null {
    const live = () => d.live!; // decideConsequence refused every row that needs one without one
    switch (c.kind) {
      case 'issue':
        return issueCertificate(d, c);
      case 'surveillance-passed':
        keepUnderSurveillance(d, live(), c);
        return d.live;
      case 'suspend':
        suspend(d, live(), c);
        return d.live;
      case 'reinstate':
        reinstate(d, live());
        return d.live;
      case 'withdraw':
        withdraw(d, live(), c);
        return d.live;
      case 'keep-until-expiry':
      case 'none':
        return d.live;
    }
  }

  return {
    /** The audit as its decider sees it (four eyes: its own auditor may not even look). */
    auditForDecision(auditId: number, actor: User): Audit {
      const audit = getAudit(auditId);
      authorize(canSeeDecision(actor, audit));
      return audit;
    },

    async decide(auditId: number, actor: User, note?: string): Promise<Decision> {
      const decision = inTransaction(db, () => {
        const audit = getAudit(auditId);
        authorize(canDecide(actor, audit));
        const state = auditTransition(audit.state, { type: 'decide' });
        if (!audit.result) throw conflict('audit_without_result', 'The audit has no stored result');
        const now = clock.now();
        const d: Deciding = {
          audit,
          result: audit.result,
          scheme: schemes.get(audit.schemeCode),
          centre: centres.findById(audit.centreId)!,
          live: certificates.findLiveForCentre(audit.centreId) ?? null,
          now,
          today: dayOf(now),
          actor,
          changed: [],
        };
        const consequence = decideConsequence({
          auditType: audit.type,
          outcome: d.result.outcome,
          certificate: d.live && { status: d.live.status, validUntil: d.live.validUntil },
          decidedOn: d.today,
          params: d.scheme,
        });
        const certificate = applyConsequence(d, consequence);
        findings.raise(audit, d.result, d.today, d.now);
        const after = certificate && certificates.findById(certificate.id)!;
        const linked = certificate?.id ?? audit.certificateId;
        const updated = audits.update(audit.id, {
          state,
          decidedAt: now.toISOString(),
          decidedBy: actor.id,
          decisionNote: note?.trim() || null,
          certificateId: linked,
          consequence: consequence.kind,
          certificateStatusBefore: d.live?.status ?? null,
          certificateStatusAfter: after?.status ?? null,
        });
        // The certificate now shows this audit's figures, a failed one's as much as a pass's.
        if (linked !== null) {
          certificates.refreshScores(linked);
          d.changed.push(linked);
        }
        recordEvent(db, actor, {
          at: now,
          action: 'audit.decided',
          subject: `audit:${audit.id}`,
          payload: {
            centre: d.centre.slug,
            type: audit.type,
            outcome: d.result.outcome,
            overall: d.result.overall,
            consequence: consequence.kind,
            certificate: certificate?.number ?? null,
          },
          isPublic: true,
        });
        return {
          audit: updated,
          certificateId: certificate?.id ?? null,
          consequence: consequence.kind,
          changed: d.changed,
        };
      });
      await refreshDocuments(decision.changed);
      // Read after the refresh, so the certificate carries its new PDF.
      const certificate =
        decision.certificateId === null ? null : (certificates.findById(decision.certificateId) ?? null);
      return { audit: decision.audit, certificate, consequence: decision.consequence };
    },

    returnToAuditor(auditId: number, reason: string, actor: User): Audit {
      return inTransaction(db, () => {
        const audit = getAudit(auditId);
        authorize(canReturn(actor, audit));
        const text = reason.trim();
        if (!text) {
          throw new AppError('bad_request', 'return_reason_required', 'Say why the audit goes back to the auditor', {
            issues: [{ path: 'reason', code: 'return_reason_required', message: 'required when returning' }],
          });
        }
        const state = auditTransition(audit.state, { type: 'return' });
        const now = clock.now();
        const updated = audits.update(audit.id, { state, returnReason: text, result: null, submittedAt: null });
        recordEvent(db, actor, {
          at: now,
          action: 'audit.returned',
          subject: `audit:${audit.id}`,
          payload: { reason: text },
          isPublic: false,
        });
        return updated;
      });
    },
  };
}

export type DecisionService = ReturnType<typeof decisionService>;
