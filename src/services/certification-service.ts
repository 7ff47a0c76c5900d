import { z } from 'zod';
import type { Clock } from '../clock.js';
import { formatCertificateNumber } from '../domain/certificate-number.js';
import {
  addDays,
  addMonths,
  auditTransition,
  decideConsequence,
  planSweep,
  revertOnAppeal,
  transitionCertificate,
  type AuditType,
  type CertificateStatus,
  type SweepChange,
} from '../domain/lifecycle.js';
import { schemeItems, type Scheme } from '../domain/scheme.js';
import {
  answerProgress,
  checkAnswer,
  evaluate,
  type AnswerInput,
  type AnswerIssue,
  type EvaluationResult,
} from '../domain/scoring.js';
import { AppError, conflict, forbidden, notFound, unprocessable } from '../errors.js';
import { auditRepository, toAnswerInput, type Audit, type CorrectiveAction } from '../persistence/audit-repository.js';
import { centreRepository, type Centre } from '../persistence/centre-repository.js';
import { certificateRepository, type Certificate } from '../persistence/certificate-repository.js';
import { inTransaction, type Db } from '../persistence/database.js';
import { userRepository, type User } from '../persistence/user-repository.js';
import { actorLabel, dayOf, type Actor } from './actor.js';
import { appendEvent } from './event-log.js';
import type { SchemeService } from './scheme-service.js';

export const auditTypes = ['initial', 'surveillance', 'recertification', 'special'] as const;

export const planAuditSchema = z.object({
  centre: z.string().trim().min(1, 'required').max(80),
  type: z.enum(auditTypes),
  plannedFor: z.iso.date('use a date like 2026-12-01'),
  auditor: z.string().trim().min(1, 'required').max(200),
  scheme: z
    .string()
    .trim()
    .max(40)
    .optional()
    .transform((v) => v || undefined),
  reason: z
    .string()
    .trim()
    .max(2000)
    .optional()
    .transform((v) => v || undefined),
});
export type PlanAuditInput = z.input<typeof planAuditSchema>;

/** Called after a transaction that changed certificates, to re-issue their PDFs. */
export interface CertificateDocuments {
  refresh(certificateIds: number[]): Promise<void>;
}

export interface AnswersSaved {
  audit: Audit;
  progress: { answered: number; total: number };
  problems: AnswerIssue[];
  result: EvaluationResult | null;
}

export interface Decision {
  audit: Audit;
  certificate: Certificate | null;
  consequence: string;
}

export function certificationService(
  db: Db,
  clock: Clock,
  schemes: SchemeService,
  documents: CertificateDocuments | null,
) {
  const audits = auditRepository(db);
  const certificates = certificateRepository(db);
  const centres = centreRepository(db);
  const users = userRepository(db);

  const refreshDocuments = async (ids: number[]) => {
    if (documents && ids.length > 0) await documents.refresh([...new Set(ids)]);
  };

  function getAudit(id: number): Audit {
    const audit = audits.findById(id);
    if (!audit) throw notFound('Audit');
    return audit;
  }

  function assertOwnAudit(audit: Audit, actor: User) {
    if (audit.auditorId !== actor.id) throw forbidden('Only the assigned auditor can change this audit');
  }

  function log(
    at: Date,
    actor: Actor,
    action: string,
    subject: string,
    payload: Record<string, unknown>,
    isPublic: boolean,
  ) {
    appendEvent(db, { at, actor: actorLabel(actor), action, subject, payload, isPublic });
  }

  /** Changes a certificate's status with its history row and public event, inside a transaction. */
  function changeStatus(
    cert: Certificate,
    to: CertificateStatus,
    reason: string,
    at: string,
    actor: Actor,
    recordedAt: Date,
  ) {
    certificates.setStatus(cert.id, to, reason, at);
    certificates.addHistory({
      certificateId: cert.id,
      at,
      fromStatus: cert.status,
      toStatus: to,
      reason,
      actor: actorLabel(actor),
    });
    log(
      recordedAt,
      actor,
      `certificate.${to}`,
      `certificate:${cert.number}`,
      { number: cert.number, from: cert.status, to, reason, effectiveAt: at },
      true,
    );
  }

  function requiredCertificate(centre: Centre, type: AuditType): Certificate | null {
    const live = certificates.findLiveForCentre(centre.id) ?? null;
    if (type === 'initial' && live)
      throw conflict(
        `${centre.tradeName} already holds certificate ${live.number}; plan a recertification or surveillance audit`,
      );
    if (type === 'surveillance' && live?.status !== 'active')
      throw conflict(`A surveillance audit needs an active certificate; ${centre.tradeName} has none`);
    if ((type === 'recertification' || type === 'special') && !live)
      throw conflict(`A ${type} audit needs a live certificate; ${centre.tradeName} has none`);
    return live;
  }

  function surveillanceDue(cert: { validUntil: string; schemeCode: string }, due: string): string | null {
    // The recertification audit, due before the end of the cycle, takes the place of a
    // surveillance that would fall in the cycle's last half interval (early audits shift dates).
    const interval = schemes.get(cert.schemeCode).surveillanceIntervalMonths;
    return due < addMonths(cert.validUntil, -Math.ceil(interval / 2)) ? due : null;
  }

  return {
    plan(raw: PlanAuditInput, actor: User): Audit {
      const input = planAuditSchema.parse(raw);
      return inTransaction(db, () => {
        const centre = centres.findBySlug(input.centre);
        if (!centre)
          throw new AppError('unprocessable', 'Unknown centre', [
            { path: 'centre', message: `no centre ${input.centre}` },
          ]);
        const auditor = /^\d+$/.test(input.auditor)
          ? users.findById(Number(input.auditor))
          : users.findByEmail(input.auditor);
        if (auditor?.role !== 'auditor' || auditor.disabled) {
          throw new AppError('unprocessable', 'Unknown auditor', [
            { path: 'auditor', message: 'not an active auditor' },
          ]);
        }
        if (auditor.conflictCentreIds.includes(centre.id)) {
          throw new AppError('unprocessable', `${auditor.name} is linked to ${centre.tradeName} and cannot audit it`, [
            { path: 'auditor', message: 'conflict of interest: this auditor is linked to the centre' },
          ]);
        }
        const scheme = input.scheme ? schemes.find(input.scheme) : schemes.current();
        if (!scheme)
          throw new AppError('unprocessable', 'Unknown scheme', [
            { path: 'scheme', message: `no scheme ${input.scheme}` },
          ]);
        const cert = requiredCertificate(centre, input.type);
        if (audits.openForCentre(centre.id).length > 0) {
          throw conflict(`${centre.tradeName} already has an open audit; decide or cancel it first`);
        }
        const now = clock.now();
        const audit = audits.insert({
          centreId: centre.id,
          certificateId: input.type === 'initial' ? null : cert!.id,
          schemeCode: scheme.code,
          type: input.type,
          state: 'planned',
          plannedFor: input.plannedFor,
          auditorId: auditor.id,
          plannedBy: actor.id,
          reasonForAudit: input.reason ?? null,
          createdAt: now.toISOString(),
        });
        log(
          now,
          actor,
          'audit.planned',
          `audit:${audit.id}`,
          {
            centre: centre.slug,
            type: audit.type,
            plannedFor: audit.plannedFor,
            auditorId: auditor.id,
            scheme: scheme.code,
          },
          false,
        );
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
        assertOwnAudit(audit, actor);
        const scheme = schemes.get(audit.schemeCode);
        if (input.scheme && input.scheme !== scheme.code) {
          throw unprocessable(`This audit is assessed against ${scheme.code}`, [
            { item: 'scheme', message: `answers are for ${input.scheme}, not ${scheme.code}` },
          ]);
        }
        const items = new Map(schemeItems(scheme).map((i) => [i.id, i]));
        const unknown = [...input.answers.map((a) => a.item), ...(input.clear ?? [])].filter((id) => !items.has(id));
        const ids = input.answers.map((a) => a.item);
        const duplicates = ids.filter((id, index) => ids.indexOf(id) !== index);
        if (unknown.length || duplicates.length) {
          throw unprocessable('Some answers do not belong to this checklist', [
            ...unknown.map((item) => ({ item, message: `unknown item for scheme ${scheme.code}` })),
            ...duplicates.map((item) => ({ item, message: 'answered more than once in one request' })),
          ]);
        }
        const state =
          audit.state === 'planned'
            ? auditTransition('planned', { type: 'start' })
            : auditTransition(audit.state, { type: 'save' });
        const now = clock.now();
        for (const answer of input.answers) audits.upsertAnswer(audit.id, answer, now.toISOString());
        for (const item of input.clear ?? []) audits.deleteAnswer(audit.id, item);
        const updated = state === audit.state ? audit : audits.update(audit.id, { state });
        if (state !== audit.state) log(now, actor, 'audit.started', `audit:${audit.id}`, {}, false);
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

    submit(auditId: number, actor: User): { audit: Audit; result: EvaluationResult } {
      return inTransaction(db, () => {
        const audit = getAudit(auditId);
        assertOwnAudit(audit, actor);
        const state = auditTransition(audit.state, { type: 'submit' });
        const scheme = schemes.get(audit.schemeCode);
        const evaluation = evaluate(scheme, {
          scheme: scheme.code,
          answers: audits.answers(audit.id).map(toAnswerInput),
        });
        if (!evaluation.ok) {
          throw unprocessable(
            `The audit cannot be submitted: ${evaluation.issues.length} item(s) need attention`,
            evaluation.issues,
          );
        }
        const now = clock.now();
        const updated = audits.update(audit.id, {
          state,
          result: evaluation.result,
          submittedAt: now.toISOString(),
          returnReason: null,
        });
        log(
          now,
          actor,
          'audit.submitted',
          `audit:${audit.id}`,
          { outcome: evaluation.result.outcome, overall: evaluation.result.overall },
          false,
        );
        return { audit: updated, result: evaluation.result };
      });
    },

    returnToAuditor(auditId: number, reason: string, actor: User): Audit {
      return inTransaction(db, () => {
        const audit = getAudit(auditId);
        assertDecider(audit, actor);
        const text = reason.trim();
        if (!text)
          throw new AppError('bad_request', 'Say why the audit goes back to the auditor', [
            { path: 'reason', message: 'required' },
          ]);
        const state = auditTransition(audit.state, { type: 'return' });
        const now = clock.now();
        const updated = audits.update(audit.id, { state, returnReason: text, result: null, submittedAt: null });
        log(now, actor, 'audit.returned', `audit:${audit.id}`, { reason: text }, false);
        return updated;
      });
    },

    cancel(auditId: number, reason: string, actor: User): Audit {
      return inTransaction(db, () => {
        const audit = getAudit(auditId);
        if (actor.role !== 'admin') throw forbidden();
        const state = auditTransition(audit.state, { type: 'cancel' });
        const now = clock.now();
        const updated = audits.update(audit.id, { state, decisionNote: reason.trim() || null });
        log(now, actor, 'audit.cancelled', `audit:${audit.id}`, { reason }, false);
        return updated;
      });
    },

    /**
     * The certification decision: a second person confirms the computed outcome and the
     * decision table's consequence is applied, all in one transaction.
     */
    async decide(auditId: number, actor: User, note?: string): Promise<Decision> {
      const decision = inTransaction(db, (): Decision & { changed: number[] } => {
        const audit = getAudit(auditId);
        assertDecider(audit, actor);
        const state = auditTransition(audit.state, { type: 'decide' });
        const result = audit.result;
        if (!result) throw conflict('The audit has no stored result');
        const scheme = schemes.get(audit.schemeCode);
        const centre = centres.findById(audit.centreId)!;
        const now = clock.now();
        const today = dayOf(now);
        const live = certificates.findLiveForCentre(centre.id) ?? null;
        const consequence = decideConsequence({
          auditType: audit.type,
          outcome: result.outcome,
          certificate: live && { status: live.status, validUntil: live.validUntil },
          decidedOn: today,
          params: scheme,
        });
        const changed: number[] = [];
        let certificate: Certificate | null = live;
        const reasonBase = `${audit.type} audit #${audit.id} decided ${result.outcome} (overall ${result.overall})`;

        switch (consequence.kind) {
          case 'issue': {
            const year = Number(today.slice(0, 4));
            const seq = certificates.nextSeq(year);
            const number = formatCertificateNumber(year, seq);
            const reason = `Issued: ${reasonBase}`;
            certificate = certificates.insert({
              number,
              year,
              seq,
              centreId: centre.id,
              auditId: audit.id,
              schemeCode: scheme.code,
              status: 'active',
              statusReason: reason,
              statusSince: now.toISOString(),
              originalIssueDate: certificates.originalIssueDate(centre.id) ?? today,
              issuedOn: today,
              validFrom: consequence.validFrom,
              validUntil: consequence.validUntil,
              nextSurveillanceDue: surveillanceDue(
                { validUntil: consequence.validUntil, schemeCode: scheme.code },
                consequence.nextSurveillanceDue,
              ),
              scope: { channels: centre.channels, languages: centre.languages, sites: centre.sites },
              overall: result.overall,
              promiseScores: result.promises,
              createdAt: now.toISOString(),
            });
            certificates.addHistory({
              certificateId: certificate.id,
              at: now.toISOString(),
              fromStatus: null,
              toStatus: 'active',
              reason,
              actor: actorLabel(actor),
            });
            log(
              now,
              actor,
              'certificate.issued',
              `certificate:${number}`,
              {
                number,
                centre: centre.slug,
                validFrom: certificate.validFrom,
                validUntil: certificate.validUntil,
                overall: result.overall,
              },
              true,
            );
            if (consequence.supersede && live) {
              changeStatus(
                live,
                'superseded',
                `Superseded by ${number} after recertification`,
                now.toISOString(),
                actor,
                now,
              );
              changed.push(live.id);
            }
            changed.push(certificate.id);
            break;
          }
          case 'surveillance-passed':
            certificates.setNextSurveillanceDue(live!.id, surveillanceDue(live!, consequence.nextSurveillanceDue));
            changed.push(live!.id);
            break;
          case 'suspend':
            // The failed surveillance counts as held: the next one falls a year on, as after a pass.
            certificates.setNextSurveillanceDue(
              live!.id,
              surveillanceDue(live!, addMonths(today, scheme.surveillanceIntervalMonths)),
            );
            changeStatus(
              live!,
              'suspended',
              `${consequence.reason}: a special audit must pass by ${consequence.specialAuditDeadline}`,
              now.toISOString(),
              actor,
              now,
            );
            changed.push(live!.id);
            break;
          case 'reinstate':
            changeStatus(live!, 'active', `Reinstated: ${reasonBase}`, now.toISOString(), actor, now);
            closeEarlierActions(live!.id, audit.id, now, actor);
            changed.push(live!.id);
            break;
          case 'withdraw':
            changeStatus(live!, 'withdrawn', consequence.reason, now.toISOString(), actor, now);
            changed.push(live!.id);
            break;
          case 'keep-until-expiry':
          case 'none':
            break;
        }

        for (const nc of result.nonConformities) {
          const answer = audits.answers(audit.id).find((a) => a.item === nc.item);
          audits.insertAction({
            auditId: audit.id,
            centreId: centre.id,
            item: nc.item,
            severity: nc.severity,
            finding: answer?.note ?? '',
            dueOn: addDays(today, nc.dueInDays),
            state: 'open',
            createdAt: now.toISOString(),
          });
        }
        const updated = audits.update(audit.id, {
          state,
          decidedAt: now.toISOString(),
          decidedBy: actor.id,
          decisionNote: note?.trim() || null,
          certificateId: certificate?.id ?? audit.certificateId,
          consequence: consequence.kind,
          certificateStatusBefore: live?.status ?? null,
          certificateStatusAfter: certificate ? certificates.findById(certificate.id)!.status : null,
        });
        log(
          now,
          actor,
          'audit.decided',
          `audit:${audit.id}`,
          {
            centre: centre.slug,
            type: audit.type,
            outcome: result.outcome,
            overall: result.overall,
            consequence: consequence.kind,
            certificate: certificate?.number ?? null,
          },
          true,
        );
        return {
          audit: updated,
          certificate: certificate && certificates.findById(certificate.id)!,
          consequence: consequence.kind,
          changed,
        };
      });
      await refreshDocuments(decision.changed);
      const { changed: _changed, ...rest } = decision;
      return { ...rest, certificate: rest.certificate && certificates.findById(rest.certificate.id)! };
    },

    submitEvidence(actionId: number, evidence: string, actor: User): CorrectiveAction {
      return inTransaction(db, () => {
        const action = audits.findAction(actionId);
        if (!action) throw notFound('Corrective action');
        // Staff may record evidence a centre sent by post or e-mail; a centre only its own.
        const isOwnCentre = actor.role === 'centre' && actor.centreId === action.centreId;
        if (!isOwnCentre && actor.role !== 'admin') throw forbidden();
        if (action.state !== 'open') {
          throw conflict(
            action.state === 'accepted'
              ? 'This corrective action has already been accepted'
              : 'Evidence for this action is already awaiting review',
          );
        }
        const text = evidence.trim();
        if (!text)
          throw new AppError('bad_request', 'Describe what was done and where the evidence can be found', [
            { path: 'evidence', message: 'required' },
          ]);
        const now = clock.now();
        const updated = audits.updateAction(action.id, {
          state: 'submitted',
          evidence: text,
          submittedAt: now.toISOString(),
        });
        log(now, actor, 'action.evidence-submitted', `action:${action.id}`, { item: action.item }, false);
        return updated;
      });
    },

    /** Accepting closes the action; rejecting sends it back to open with the same deadline. */
    reviewAction(actionId: number, verdict: 'accept' | 'reject', note: string, actor: User): CorrectiveAction {
      return inTransaction(db, () => {
        const action = audits.findAction(actionId);
        if (!action) throw notFound('Corrective action');
        const audit = getAudit(action.auditId);
        if (actor.role !== 'admin' && !(actor.role === 'auditor' && audit.auditorId === actor.id)) throw forbidden();
        if (action.state !== 'submitted') throw conflict('Only submitted evidence can be reviewed');
        if (verdict === 'reject' && !note.trim())
          throw new AppError('bad_request', 'Say why the evidence is not sufficient', [
            { path: 'note', message: 'required when rejecting' },
          ]);
        const now = clock.now();
        const updated = audits.updateAction(action.id, {
          state: verdict === 'accept' ? 'accepted' : 'open',
          reviewedBy: actor.id,
          reviewedAt: now.toISOString(),
          reviewNote: note.trim() || null,
        });
        log(
          now,
          actor,
          `action.${verdict === 'accept' ? 'accepted' : 'rejected'}`,
          `action:${action.id}`,
          { item: action.item },
          false,
        );
        return updated;
      });
    },

    /**
     * Applies the time-driven consequences at `now` (idempotent: changes are dated by the
     * missed deadline, and a second sweep at the same time finds nothing to do).
     */
    async sweep(now: Date = clock.now()): Promise<SweepChange[]> {
      const changes = inTransaction(db, () => {
        const live = certificates.listLive();
        const deadlines = audits.openActionDeadlinesByCertificate();
        const params = (cert: Certificate) => schemes.get(cert.schemeCode);
        const planned = planSweep(
          {
            certificates: live.map((cert) => ({
              id: String(cert.id),
              status: cert.status,
              statusSince: cert.statusSince,
              validUntil: cert.validUntil,
              nextSurveillanceDue: cert.nextSurveillanceDue,
              openActionDeadlines: deadlines.get(cert.id) ?? [],
              surveillanceGraceDays: params(cert).surveillanceGraceDays,
              suspensionLimitDays: params(cert).suspensionLimitDays,
            })),
          },
          now,
        );
        for (const change of planned) {
          const cert = certificates.findById(Number(change.certificateId))!;
          changeStatus(cert, change.to, change.reason, change.effectiveAt, 'sweep', now);
        }
        return planned;
      });
      await refreshDocuments(changes.map((c) => Number(c.certificateId)));
      return changes;
    },

    /**
     * Immediate suspension pending a special audit (an upheld critical complaint). Runs inside
     * the caller's transaction; returns the certificates whose PDF must be re-issued.
     */
    suspendPendingSpecialAudit(certificateId: number, reason: string, actor: User): number[] {
      const cert = certificates.findById(certificateId);
      if (!cert) throw notFound('Certificate');
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
    reopenOnAppeal(auditId: number, reason: string, actor: User): number[] {
      const audit = getAudit(auditId);
      const state = auditTransition(audit.state, { type: 'reopen' });
      const now = clock.now();
      const changed: number[] = [];
      const cert = audit.certificateId ? certificates.findById(audit.certificateId) : undefined;
      if (
        cert &&
        audit.certificateStatusBefore &&
        audit.certificateStatusAfter &&
        audit.certificateStatusBefore !== audit.certificateStatusAfter
      ) {
        const restored = revertOnAppeal(cert.status, {
          before: audit.certificateStatusBefore as CertificateStatus,
          after: audit.certificateStatusAfter as CertificateStatus,
        });
        changeStatus(
          cert,
          restored,
          `Appeal upheld: decision on audit #${audit.id} reverted. ${reason}`,
          now.toISOString(),
          actor,
          now,
        );
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
      audits.update(audit.id, { state, returnReason: `Appeal upheld: ${reason}`, result: null, submittedAt: null });
      // The annulled result leaves the audit row; the log keeps it.
      log(
        now,
        actor,
        'audit.reopened-on-appeal',
        `audit:${audit.id}`,
        { reason, annulledResult: audit.result, annulledDecisionAt: audit.decidedAt },
        true,
      );
      return changed;
    },

    getAudit,
    listAuditsForAuditor: (auditorId: number) => audits.listForAuditor(auditorId),
    listAuditsForCentre: (centreId: number) => audits.listForCentre(centreId),
    listAudits: () => audits.listAll(),
    awaitingDecision: () => audits.listByStates(['submitted']),
    actionsForAudit: (auditId: number) => audits.actionsForAudit(auditId),
    actionsForCentre: (centreId: number) => audits.actionsForCentre(centreId),
    actionsAwaitingReview: () => audits.actionsAwaitingReview(),
    findAction: (id: number) => audits.findAction(id),
    findCertificate: (number: string) => certificates.findByNumber(number),
    certificateById: (id: number) => certificates.findById(id),
    certificatesForCentre: (centreId: number) => certificates.listForCentre(centreId),
    liveCertificate: (centreId: number) => certificates.findLiveForCentre(centreId),
    certificateHistory: (id: number) => certificates.history(id),
  };

  function assertDecider(audit: Audit, actor: User) {
    if (actor.role !== 'admin') throw forbidden('Only certification staff decide on audits');
    // Four eyes: whoever evaluated may never take the certification decision.
    if (audit.auditorId === actor.id) throw forbidden('The auditor of an audit cannot decide it');
  }

  function closeEarlierActions(certificateId: number, specialAuditId: number, now: Date, actor: Actor) {
    for (const open of audits.listForCentre(certificates.findById(certificateId)!.centreId)) {
      if (open.id === specialAuditId || open.certificateId !== certificateId) continue;
      for (const action of audits.actionsForAudit(open.id)) {
        if (action.state === 'accepted') continue;
        audits.updateAction(action.id, {
          state: 'accepted',
          reviewedAt: now.toISOString(),
          reviewNote: `Closed by special audit #${specialAuditId}, which re-assessed every item`,
        });
        log(now, actor, 'action.closed-by-special-audit', `action:${action.id}`, { specialAuditId }, false);
      }
    }
  }
}

function assess(scheme: Scheme, answers: AnswerInput[]) {
  const items = new Map(schemeItems(scheme).map((i) => [i.id, i]));
  const problems: AnswerIssue[] = [];
  for (const answer of answers) {
    const item = items.get(answer.item);
    const problem = item ? checkAnswer(item, answer) : 'unknown item';
    if (problem) problems.push({ item: answer.item, message: problem });
  }
  const progress = answerProgress(scheme, answers);
  const evaluation = progress.answered === progress.total ? evaluate(scheme, { scheme: scheme.code, answers }) : null;
  return { progress, problems, result: evaluation?.ok ? evaluation.result : null };
}

export type CertificationService = ReturnType<typeof certificationService>;
