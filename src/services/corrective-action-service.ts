import { authorize } from '../domain/policies/policy.js';
import type { Clock } from '../clock.js';
import { auditScope, canReviewAction, canSubmitEvidence } from '../domain/policies/audit-policy.js';
import { AppError, conflict, notFound } from '../errors.js';
import { auditListRepository } from '../persistence/audit-list-repository.js';
import { addDays } from '../domain/lifecycle.js';
import type { EvaluationResult } from '../domain/scoring.js';
import { type Audit, auditRepository, type CorrectiveAction } from '../persistence/audit-repository.js';
import type { Certificate } from '../persistence/certificate-repository.js';
import { type Db, inTransaction } from '../persistence/database.js';
import type { User } from '../persistence/user-repository.js';
import { evidenceRepository } from '../persistence/evidence-repository.js';
import type { Actor } from './actor.js';
import { type CertificateDocuments, refresher } from './certificate-status-service.js';
import type { CertificateNotices } from './certificate-notices.js';
import { recordEvent } from './event-log.js';

const required = (path: string, code: string, message: string) =>
  new AppError('bad_request', code, message, { issues: [{ path, code, message: 'required' }] });

/** The steps of a decision that concern findings; they run in the decision's transaction. */
export function findingSteps(db: Db) {
  const audits = auditRepository(db);
  return {
    /** Every non-conformity becomes a corrective action with its deadline. */
    raise(audit: Audit, result: EvaluationResult, today: string, now: Date) {
      const answers = audits.answers(audit.id);
      for (const nc of result.nonConformities) {
        audits.insertAction({
          auditId: audit.id,
          centreId: audit.centreId,
          item: nc.item,
          severity: nc.severity,
          finding: answers.find((a) => a.item === nc.item)?.note ?? '',
          dueOn: addDays(today, nc.dueInDays),
          state: 'open',
          createdAt: now.toISOString(),
        });
      }
    },

    /** A passed special audit re-assessed every item: earlier findings on the certificate are closed. */
    closeEarlier(certificate: Certificate, specialAudit: Audit, now: Date, actor: Actor) {
      for (const earlier of audits.listForCentre(certificate.centreId)) {
        if (earlier.id === specialAudit.id || earlier.certificateId !== certificate.id) continue;
        for (const action of audits.actionsForAudit(earlier.id)) {
          if (action.state === 'accepted') continue;
          audits.updateAction(action.id, {
            state: 'accepted',
            reviewedAt: now.toISOString(),
            reviewNote: `Closed by special audit #${specialAudit.id}, which re-assessed every item`,
          });
          recordEvent(db, actor, {
            at: now,
            action: 'action.closed-by-special-audit',
            subject: `action:${action.id}`,
            payload: { specialAuditId: specialAudit.id },
            isPublic: false,
          });
        }
      }
    },
  };
}

/** The findings of a decided audit: the centre's evidence and its review. */
export function correctiveActionService(
  db: Db,
  clock: Clock,
  documents: CertificateDocuments | null,
  notices: CertificateNotices,
) {
  const audits = auditRepository(db);
  const lists = auditListRepository(db);
  const evidenceFiles = evidenceRepository(db);
  const refreshDocuments = refresher(documents);

  function findAction(id: number): CorrectiveAction {
    const action = audits.findAction(id);
    if (!action) throw notFound('corrective_action');
    return action;
  }

  return {
    submitEvidence(actionId: number, evidence: string, actor: User): CorrectiveAction {
      return inTransaction(db, () => {
        const action = findAction(actionId);
        authorize(canSubmitEvidence(actor, action));
        const text = evidence.trim();
        if (!text)
          throw required('evidence', 'evidence_required', 'Describe what was done and where the evidence can be found');
        const now = clock.now();
        const updated = audits.updateAction(action.id, {
          state: 'submitted',
          evidence: text,
          submittedAt: now.toISOString(),
        });
        // The files sent with the evidence are on record from here, as the audit's are at submission.
        const files = evidenceFiles
          .forActions([action.id])
          .map(({ name, size, sha256 }) => ({ item: action.item, name, size, sha256 }));
        evidenceFiles.lockAction(action.id, now.toISOString());
        recordEvent(db, actor, {
          at: now,
          action: 'action.evidence-submitted',
          subject: `action:${action.id}`,
          payload: { item: action.item, evidence: files },
          isPublic: false,
        });
        return updated;
      });
    },

    /**
     * Accepting closes the action; rejecting sends it back to open with the same deadline.
     * An accepted action leaves the certificate's open findings: its PDF is re-issued after the
     * transaction. Refusals are thrown at once (not through the promise), before anything is stored.
     */
    reviewAction(actionId: number, verdict: 'accept' | 'reject', note: string, actor: User): Promise<CorrectiveAction> {
      const { updated, certificateId } = inTransaction(db, () => {
        const action = findAction(actionId);
        const audit = audits.findById(action.auditId)!;
        authorize(canReviewAction(actor, audit));
        if (action.state !== 'submitted') {
          throw conflict('action_not_submitted', 'Only submitted evidence can be reviewed');
        }
        if (verdict === 'reject' && !note.trim()) {
          throw required('note', 'rejection_note_required', 'Say why the evidence is not sufficient');
        }
        const now = clock.now();
        const updated = audits.updateAction(action.id, {
          state: verdict === 'accept' ? 'accepted' : 'open',
          reviewedBy: actor.id,
          reviewedAt: now.toISOString(),
          reviewNote: note.trim() || null,
        });
        notices.evidenceReviewed({
          centreId: action.centreId,
          item: action.item,
          verdict: verdict === 'accept' ? 'accepted' : 'rejected',
          note: note.trim(),
          dueOn: action.dueOn,
        });
        recordEvent(db, actor, {
          at: now,
          action: `action.${verdict === 'accept' ? 'accepted' : 'rejected'}`,
          subject: `action:${action.id}`,
          payload: { item: action.item },
          isPublic: false,
        });
        return { updated, certificateId: verdict === 'accept' ? audit.certificateId : null };
      });
      return refreshDocuments(certificateId === null ? [] : [certificateId]).then(() => updated);
    },

    findAction: (id: number) => audits.findAction(id),
    actionsForAudit: (auditId: number) => audits.actionsForAudit(auditId),
    actionsForCentre: (centreId: number) => audits.actionsForCentre(centreId),
    /** Submitted evidence awaiting review, with its audit, centre and auditor. */
    actionsAwaitingReview: lists.actionsAwaitingReview,
    /** The evidence awaiting review that the person reviews: all of it, or that of their own audits. */
    awaitingReviewBy: (actor: User) =>
      auditScope(actor) === 'all' ? lists.actionsAwaitingReview() : lists.actionsAwaitingReviewBy(actor.id),
  };
}

export type CorrectiveActionService = ReturnType<typeof correctiveActionService>;
