import type { Clock } from '../clock.js';
import { planSweep, type SweepChange } from '../domain/certificate-sweep.js';
import { dueReminders } from '../domain/deadline-reminders.js';
import { auditTransition, type CertificateStatus, revertOnAppeal, transitionCertificate } from '../domain/lifecycle.js';
import { type ExplainedReason, explained } from '../domain/reason.js';
import { notFound } from '../errors.js';
import { auditRepository } from '../persistence/audit-repository.js';
import {
  type Certificate,
  type CertificateRepository,
  certificateRepository,
} from '../persistence/certificate-repository.js';
import { assertInTransaction, type Db, inTransaction } from '../persistence/database.js';
import type { User } from '../persistence/user-repository.js';
import { type Actor, actorLabel } from './actor.js';
import type { CertificateNotices } from './certificate-notices.js';
import { recordEvent } from './event-log.js';
import { webhookOutbox } from './webhook-outbox.js';
import type { SchemeService } from './scheme-service.js';

export type { Certificate, CertificateHistoryEntry } from '../persistence/certificate-repository.js';

/** Called after a transaction that changed certificates, to re-issue their PDFs. */
export interface CertificateDocuments {
  refresh(certificateIds: number[]): Promise<void>;
}

export type ChangeStatus = (
  cert: Certificate,
  to: CertificateStatus,
  reason: ExplainedReason,
  effectiveAt: string,
  actor: Actor,
  recordedAt: Date,
) => void;

/** One entry of a certificate's status history, as every status change (and an issue) writes it. */
export interface StatusLogEntry {
  cert: Pick<Certificate, 'id' | 'number' | 'centreId'>;
  from: CertificateStatus | null;
  to: CertificateStatus;
  reason: ExplainedReason;
  effectiveAt: string;
  actor: Actor;
  recordedAt: Date;
  /** The public event of the change: `certificate.<status>` or `certificate.issued`. */
  action: string;
  payload: Record<string, unknown>;
}

/**
 * The one place a status change is recorded: its history entry, its public event, its webhook
 * deliveries and its e-mail notices (both outboxes), all inside the caller's transaction, so
 * subscribers, the centre and its watchers hear of it exactly when it commits.
 */
export function statusLogger(
  db: Db,
  certificates: CertificateRepository,
  notices: CertificateNotices,
): (entry: StatusLogEntry) => void {
  const outbox = webhookOutbox(db);
  return (entry) => {
    assertInTransaction(db);
    certificates.addHistory(
      {
        certificateId: entry.cert.id,
        at: entry.effectiveAt,
        fromStatus: entry.from,
        toStatus: entry.to,
        actor: actorLabel(entry.actor),
      },
      entry.reason,
    );
    const event = recordEvent(db, entry.actor, {
      at: entry.recordedAt,
      action: entry.action,
      subject: `certificate:${entry.cert.number}`,
      payload: entry.payload,
      isPublic: true,
    });
    outbox.announceStatusChange({
      certificate: entry.cert,
      from: entry.from,
      to: entry.to,
      reason: entry.reason,
      effectiveAt: entry.effectiveAt,
      recordedAt: entry.recordedAt,
      event,
    });
    notices.statusChanged({
      certificate: entry.cert,
      from: entry.from,
      to: entry.to,
      reason: entry.reason,
      effectiveAt: entry.effectiveAt,
    });
  };
}

/**
 * The one way a certificate's status changes: the row, then (through statusLogger) its history entry,
 * public event, webhook deliveries and mail notices, inside the caller's transaction. The reason is
 * kept as code, params and English text.
 */
export function statusChanger(db: Db, certificates: CertificateRepository, notices: CertificateNotices): ChangeStatus {
  const logStatus = statusLogger(db, certificates, notices);
  return (cert, to, reason, effectiveAt, actor, recordedAt) => {
    assertInTransaction(db);
    certificates.setStatus(cert.id, to, reason, effectiveAt);
    logStatus({
      cert,
      from: cert.status,
      to,
      reason,
      effectiveAt,
      actor,
      recordedAt,
      action: `certificate.${to}`,
      payload: {
        number: cert.number,
        from: cert.status,
        to,
        reason: reason.message,
        reasonCode: reason.code,
        reasonParams: reason.params,
        effectiveAt,
      },
    });
  };
}

export const refresher = (documents: CertificateDocuments | null) => async (ids: number[]) => {
  if (documents && ids.length > 0) await documents.refresh([...new Set(ids)]);
};

/** Certificate status over time: the sweep, suspensions ordered elsewhere, appeals, and reads. */
export function certificateStatusService(
  db: Db,
  clock: Clock,
  schemes: SchemeService,
  documents: CertificateDocuments | null,
  notices: CertificateNotices,
) {
  const certificates = certificateRepository(db);
  const audits = auditRepository(db);
  const changeStatus = statusChanger(db, certificates, notices);
  const refreshDocuments = refresher(documents);

  return {
    /**
     * Applies the time-driven consequences at `now` (idempotent: changes are dated by the
     * missed deadline, and a second sweep at the same time finds nothing to do).
     */
    async sweep(now: Date = clock.now()): Promise<SweepChange[]> {
      const changes = inTransaction(db, () => {
        const deadlines = audits.openActionDeadlinesByCertificate();
        const live = certificates.listLive();
        const planned = planSweep(
          {
            certificates: live.map((cert) => {
              const scheme = schemes.get(cert.schemeCode);
              return {
                id: String(cert.id),
                status: cert.status,
                statusSince: cert.statusSince,
                validUntil: cert.validUntil,
                nextSurveillanceDue: cert.nextSurveillanceDue,
                openActionDeadlines: deadlines.get(cert.id) ?? [],
                surveillanceGraceDays: scheme.surveillanceGraceDays,
                suspensionLimitDays: scheme.suspensionLimitDays,
              };
            }),
          },
          now,
        );
        for (const change of planned) {
          const cert = certificates.findById(Number(change.certificateId))!;
          changeStatus(cert, change.to, change.reason, change.effectiveAt, 'sweep', now);
        }
        // Reminders of what is coming, for the certificates still valid after this sweep.
        const changed = new Set(planned.map((c) => Number(c.certificateId)));
        notices.remind(
          live
            .filter((cert) => cert.status === 'active' && !changed.has(cert.id))
            .map((cert) => {
              const actionDays = deadlines.get(cert.id) ?? [];
              const due = dueReminders(
                [
                  ...actionDays.map((dueOn) => ({ kind: 'corrective_action' as const, dueOn })),
                  ...(cert.nextSurveillanceDue
                    ? [{ kind: 'surveillance' as const, dueOn: cert.nextSurveillanceDue }]
                    : []),
                ],
                now,
              );
              return {
                certificate: cert,
                reminders: due.map((r) => ({
                  ...r,
                  count: r.kind === 'corrective_action' ? actionDays.filter((d) => d === r.dueOn).length : 1,
                })),
              };
            }),
        );
        return planned;
      });
      await refreshDocuments(changes.map((c) => Number(c.certificateId)));
      return changes;
    },

    /**
     * Immediate suspension pending a special audit (an upheld critical complaint). Runs inside
     * the caller's transaction; returns the certificates whose PDF must be re-issued.
     */
    suspendPendingSpecialAudit(certificateId: number, reason: ExplainedReason, actor: Actor): number[] {
      assertInTransaction(db);
      const cert = certificates.findById(certificateId);
      if (!cert) throw notFound('certificate');
      if (cert.status !== 'active') return [];
      const now = clock.now();
      changeStatus(cert, transitionCertificate(cert.status, 'suspend'), reason, now.toISOString(), actor, now);
      return [cert.id];
    },

    /**
     * An upheld appeal: the decision's effect on the certificate is reverted and the audit is
     * reopened for a new assessment and a new decision; the findings of the annulled decision
     * are closed. Runs inside the caller's transaction; returns certificates to re-issue.
     */
    reopenOnAppeal(auditId: number, resolution: string, actor: User): number[] {
      assertInTransaction(db);
      const audit = audits.findById(auditId);
      if (!audit) throw notFound('audit');
      const state = auditTransition(audit.state, { type: 'reopen' });
      const now = clock.now();
      const changed: number[] = [];
      const cert = audit.certificateId ? certificates.findById(audit.certificateId) : undefined;
      const before = audit.certificateStatusBefore as CertificateStatus | null;
      const after = audit.certificateStatusAfter as CertificateStatus | null;
      if (cert && before && after && before !== after) {
        const restored = revertOnAppeal(cert.status, { before, after });
        const reason = explained(
          'appeal_upheld',
          { resolution },
          `Appeal upheld: decision on audit #${audit.id} reverted. ${resolution}`,
        );
        changeStatus(cert, restored, reason, now.toISOString(), actor, now);
        changed.push(cert.id);
      }
      for (const action of audits.actionsForAudit(audit.id)) {
        if (action.state === 'accepted') continue;
        audits.updateAction(action.id, {
          state: 'accepted',
          reviewedBy: actor.id,
          reviewedAt: now.toISOString(),
          reviewNote: 'Annulled: the decision was reverted on appeal',
        });
      }
      audits.update(audit.id, { state, returnReason: `Appeal upheld: ${resolution}`, result: null, submittedAt: null });
      // The annulled figures leave the certificate: it shows the previous decided audit's again.
      if (cert) {
        certificates.refreshScores(cert.id);
        changed.push(cert.id);
      }
      // The annulled result leaves the audit row; the log keeps it.
      recordEvent(db, actor, {
        at: now,
        action: 'audit.reopened-on-appeal',
        subject: `audit:${audit.id}`,
        payload: { reason: resolution, annulledResult: audit.result, annulledDecisionAt: audit.decidedAt },
        isPublic: true,
      });
      return changed;
    },

    certificateById: (id: number) => certificates.findById(id),
    findCertificate: (number: string) => certificates.findByNumber(number),
    certificatesForCentre: (centreId: number) => certificates.listForCentre(centreId),
    liveCertificate: (centreId: number) => certificates.findLiveForCentre(centreId),
    certificateHistory: (id: number) => certificates.history(id),
  };
}

export type CertificateStatusService = ReturnType<typeof certificateStatusService>;
