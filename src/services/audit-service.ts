import type { Clock } from '../clock.js';
import { type PlanAuditInput, planAuditSchema } from '../contracts/staff.js';
import { auditTransition, type AuditType } from '../domain/lifecycle.js';
import { answerSetProblems, assess } from '../domain/assessment.js';
import { auditScope, canCancel, canEditChecklist, canSubmit, canViewAudit } from '../domain/policies/audit-policy.js';
import { authorize } from '../domain/policies/policy.js';
import { type AnswerInput, type AnswerIssue, type EvaluationResult, evaluate } from '../domain/scoring.js';
import { conflict, type Issue, notFound, unprocessable } from '../errors.js';
import { auditListRepository } from '../persistence/audit-list-repository.js';
import { type Audit, auditRepository, toAnswerInput } from '../persistence/audit-repository.js';
import { type Centre, centreRepository } from '../persistence/centre-repository.js';
import { type Certificate, certificateRepository } from '../persistence/certificate-repository.js';
import { type Db, inTransaction } from '../persistence/database.js';
import { type User, userRepository } from '../persistence/user-repository.js';
import { evidenceRepository } from '../persistence/evidence-repository.js';
import type { ManifestEntry } from '../domain/evidence.js';
import type { AuditState } from '../domain/vocabulary.js';
import { recordEvent } from './event-log.js';
import type { SchemeService } from './scheme-service.js';

export type { ActionForReview, AuditListRow } from '../persistence/audit-list-repository.js';
export type { Audit, CorrectiveAction } from '../persistence/audit-repository.js';

export interface AnswersSaved {
  audit: Audit;
  progress: { answered: number; total: number };
  problems: AnswerIssue[];
  result: EvaluationResult | null;
}

/** The audit's way to a decision: planning, the checklist, submission, cancelling, and reads. */
export function auditService(db: Db, clock: Clock, schemes: SchemeService) {
  const audits = auditRepository(db);
  const lists = auditListRepository(db);
  const certificates = certificateRepository(db);
  const centres = centreRepository(db);
  const users = userRepository(db);
  const evidence = evidenceRepository(db);

  function getAudit(id: number): Audit {
    const audit = audits.findById(id);
    if (!audit) throw notFound('audit');
    return audit;
  }

  const field = (path: string, code: string, message: string, params?: Issue['params']): Issue => ({
    path,
    code,
    message,
    ...(params ? { params } : {}),
  });

  function findAuditor(ref: string, centre: Centre): User {
    const auditor = /^\d+$/.test(ref) ? users.findById(Number(ref)) : users.findByEmail(ref);
    if (auditor?.role !== 'auditor' || auditor.disabled) {
      throw unprocessable('auditor_unknown', 'Unknown auditor', [
        field('auditor', 'auditor_not_active', 'not an active auditor'),
      ]);
    }
    if (auditor.conflictCentreIds.includes(centre.id)) {
      const params = { auditor: auditor.name, centre: centre.tradeName };
      throw unprocessable(
        'auditor_conflict_of_interest',
        `${auditor.name} is linked to ${centre.tradeName} and cannot audit it`,
        [field('auditor', 'auditor_linked_to_centre', 'conflict of interest: this auditor is linked to the centre')],
        params,
      );
    }
    return auditor;
  }

  /** The live certificate an audit of this type acts on (none for an initial audit). */
  function certificateFor(centre: Centre, type: AuditType): Certificate | null {
    const live = certificates.findLiveForCentre(centre.id) ?? null;
    const params = { centre: centre.tradeName, auditType: type };
    if (type === 'initial') {
      if (!live) return null;
      throw conflict(
        'centre_already_certified',
        `${centre.tradeName} already holds certificate ${live.number}; plan a recertification or surveillance audit`,
        { ...params, number: live.number },
      );
    }
    if (type === 'surveillance' && live?.status !== 'active') {
      throw conflict(
        'surveillance_needs_active_certificate',
        `A surveillance audit needs an active certificate; ${centre.tradeName} has none`,
        params,
      );
    }
    if (!live) {
      throw conflict(
        'audit_needs_live_certificate',
        `A ${type} audit needs a live certificate; ${centre.tradeName} has none`,
        params,
      );
    }
    return live;
  }

  return {
    plan(raw: PlanAuditInput, actor: User): Audit {
      const input = planAuditSchema.parse(raw);
      return inTransaction(db, () => {
        const centre = centres.findBySlug(input.centre);
        if (!centre) {
          throw unprocessable('centre_unknown', 'Unknown centre', [
            field('centre', 'centre_unknown', `no centre ${input.centre}`, { centre: input.centre }),
          ]);
        }
        const auditor = findAuditor(input.auditor, centre);
        const scheme = input.scheme ? schemes.find(input.scheme) : schemes.current();
        if (!scheme) {
          throw unprocessable('scheme_unknown', 'Unknown scheme', [
            field('scheme', 'scheme_unknown', `no scheme ${input.scheme}`, { scheme: input.scheme ?? '' }),
          ]);
        }
        const cert = certificateFor(centre, input.type);
        if (audits.openForCentre(centre.id).length > 0) {
          throw conflict(
            'centre_has_open_audit',
            `${centre.tradeName} already has an open audit; decide or cancel it first`,
            { centre: centre.tradeName },
          );
        }
        const now = clock.now();
        const audit = audits.insert({
          centreId: centre.id,
          certificateId: cert?.id ?? null,
          schemeCode: scheme.code,
          type: input.type,
          state: 'planned',
          plannedFor: input.plannedFor,
          auditorId: auditor.id,
          plannedBy: actor.id,
          reasonForAudit: input.reason ?? null,
          createdAt: now.toISOString(),
        });
        recordEvent(db, actor, {
          at: now,
          action: 'audit.planned',
          subject: `audit:${audit.id}`,
          payload: {
            centre: centre.slug,
            type: audit.type,
            plannedFor: audit.plannedFor,
            auditorId: auditor.id,
            scheme: scheme.code,
          },
          isPublic: false,
        });
        return audit;
      });
    },

    /**
     * Stores a partial set of answers. Unknown items refuse the whole set (nothing is written);
     * answers that are incomplete on their own (a minor without a note) are kept as drafts and
     * reported as problems, so nothing the auditor typed is lost.
     */
    saveAnswers(
      auditId: number,
      input: { scheme?: string; answers: AnswerInput[]; clear?: string[] },
      actor: User,
    ): AnswersSaved {
      return inTransaction(db, () => {
        const audit = getAudit(auditId);
        authorize(canEditChecklist(actor, audit));
        const scheme = schemes.get(audit.schemeCode);
        const refused = answerSetProblems(scheme, input);
        if (refused.some((p) => p.code === 'scheme_mismatch')) {
          throw unprocessable('answers_scheme_mismatch', `This audit is assessed against ${scheme.code}`, refused, {
            scheme: scheme.code,
          });
        }
        if (refused.length > 0) {
          throw unprocessable('answers_not_in_checklist', 'Some answers do not belong to this checklist', refused);
        }
        const state = auditTransition(audit.state, { type: audit.state === 'planned' ? 'start' : 'save' });
        const now = clock.now();
        for (const answer of input.answers) audits.upsertAnswer(audit.id, answer, now.toISOString());
        for (const item of input.clear ?? []) audits.deleteAnswer(audit.id, item);
        const updated = state === audit.state ? audit : audits.update(audit.id, { state });
        if (state !== audit.state) {
          recordEvent(db, actor, {
            at: now,
            action: 'audit.started',
            subject: `audit:${audit.id}`,
            payload: {},
            isPublic: false,
          });
        }
        return { audit: updated, ...assess(scheme, audits.answers(audit.id).map(toAnswerInput)) };
      });
    },

    /** Progress, per-item problems and (when complete) the provisional result of an audit. */
    assessment(auditId: number) {
      const audit = getAudit(auditId);
      const scheme = schemes.get(audit.schemeCode);
      const answers = audits.answers(audit.id).map(toAnswerInput);
      return { audit, scheme, answers, ...assess(scheme, answers) };
    },

    /** Freezes the checklist with its result, or refuses listing every problem (422). */
    submit(auditId: number, actor: User): { audit: Audit; result: EvaluationResult } {
      return inTransaction(db, () => {
        const audit = getAudit(auditId);
        authorize(canSubmit(actor, audit));
        const state = auditTransition(audit.state, { type: 'submit' });
        const scheme = schemes.get(audit.schemeCode);
        const evaluation = evaluate(scheme, {
          scheme: scheme.code,
          answers: audits.answers(audit.id).map(toAnswerInput),
        });
        if (!evaluation.ok) {
          const count = evaluation.issues.length;
          throw unprocessable(
            'audit_incomplete',
            `The audit cannot be submitted: ${count} item(s) need attention`,
            evaluation.issues,
            { count },
          );
        }
        const now = clock.now();
        const updated = audits.update(audit.id, {
          state,
          result: evaluation.result,
          submittedAt: now.toISOString(),
          returnReason: null,
        });
        // The evidence is on record from here: its manifest is chained into the log, and the
        // files can no longer be removed (the database refuses it too).
        const manifest: ManifestEntry[] = evidence
          .forChecklist(audit.id)
          .map(({ item, name, size, sha256 }) => ({ item, name, size, sha256 }));
        evidence.lockChecklist(audit.id, now.toISOString());
        recordEvent(db, actor, {
          at: now,
          action: 'audit.submitted',
          subject: `audit:${audit.id}`,
          payload: { outcome: evaluation.result.outcome, overall: evaluation.result.overall, evidence: manifest },
          isPublic: false,
        });
        return { audit: updated, result: evaluation.result };
      });
    },

    cancel(auditId: number, reason: string, actor: User): Audit {
      return inTransaction(db, () => {
        const audit = getAudit(auditId);
        authorize(canCancel(actor, audit));
        const state = auditTransition(audit.state, { type: 'cancel' });
        const now = clock.now();
        const updated = audits.update(audit.id, { state, decisionNote: reason.trim() || null });
        recordEvent(db, actor, {
          at: now,
          action: 'audit.cancelled',
          subject: `audit:${audit.id}`,
          payload: { reason },
          isPublic: false,
        });
        return updated;
      });
    },

    getAudit,
    /** An audit for someone who may see it (forbidden for anyone else). */
    viewAudit(id: number, actor: User): Audit {
      const audit = getAudit(id);
      authorize(canViewAudit(actor, audit));
      return audit;
    },
    /** The same for the API, where another auditor's audit does not exist for the caller. */
    findVisibleAudit(id: number, actor: User): Audit {
      const audit = getAudit(id);
      if (!canViewAudit(actor, audit).allowed) throw notFound('audit');
      return audit;
    },
    listForAuditor: (auditorId: number) => audits.listForAuditor(auditorId),
    listForCentre: (centreId: number) => audits.listForCentre(centreId),
    listAll: () => audits.listAll(),
    /** The audits the person may see (the staff API's list). */
    listVisibleTo: (actor: User): Audit[] =>
      auditScope(actor) === 'all' ? audits.listAll() : audits.listForAuditor(actor.id),
    awaitingDecision: () => audits.listByStates(['submitted']),
    /** Audit list rows with centre and auditor names the person may see, optionally in one state. */
    rowsVisibleTo: (actor: User, state?: AuditState) =>
      auditScope(actor) === 'all' ? lists.audits(state) : lists.auditsOfAuditor(actor.id),
  };
}

export type AuditService = ReturnType<typeof auditService>;
