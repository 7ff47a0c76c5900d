import { z } from 'zod';
import type { Clock } from '../clock.js';
import { addDays } from '../domain/lifecycle.js';
import { AppError, conflict, forbidden, notFound } from '../errors.js';
import { auditRepository } from '../persistence/audit-repository.js';
import { centreRepository } from '../persistence/centre-repository.js';
import { certificateRepository } from '../persistence/certificate-repository.js';
import { complaintRepository, type Appeal, type Complaint } from '../persistence/complaint-repository.js';
import { inTransaction, type Db } from '../persistence/database.js';
import type { User } from '../persistence/user-repository.js';
import { actorLabel, dayOf } from './actor.js';
import type { CertificateDocuments, CertificationService } from './certification-service.js';
import { appendEvent } from './event-log.js';

const text = (max: number) => z.string().trim().min(1, 'required').max(max, `at most ${max} characters`);

export const complaintInputSchema = z.object({
  centre: text(80),
  name: text(120),
  email: z.email('not a valid e-mail address').max(200),
  body: z
    .string()
    .trim()
    .min(20, 'describe what happened in at least 20 characters')
    .max(5000, 'at most 5000 characters'),
});

export const triageSchema = z
  .object({
    decision: z.enum(['uphold', 'dismiss', 'withdraw']),
    severity: z.enum(['minor', 'major', 'critical']).optional(),
    resolution: text(4000),
    auditor: z
      .string()
      .trim()
      .max(200)
      .optional()
      .transform((v) => v || undefined),
  })
  .superRefine((t, ctx) => {
    if (t.decision === 'uphold' && !t.severity)
      ctx.addIssue({ code: 'custom', path: ['severity'], message: 'choose the severity of an upheld complaint' });
    if (t.decision === 'uphold' && t.severity !== 'minor' && !t.auditor) {
      ctx.addIssue({
        code: 'custom',
        path: ['auditor'],
        message: 'a major or critical complaint needs an auditor for the special audit',
      });
    }
  });

export const appealInputSchema = z.object({
  grounds: z.string().trim().min(20, 'explain the grounds in at least 20 characters').max(5000),
});
export const appealResolutionSchema = z.object({ verdict: z.enum(['uphold', 'reject']), resolution: text(4000) });

/** Days within which a special audit must take place after a major or critical complaint. */
export const SPECIAL_AUDIT_DAYS = 30;

/**
 * Complaints from anyone about a certified centre, triaged by staff with the consequences of
 * the scheme; and a centre's one appeal against a decision, resolved by another admin.
 */
export function complaintService(
  db: Db,
  clock: Clock,
  certification: CertificationService,
  documents: CertificateDocuments | null,
) {
  const repo = complaintRepository(db);
  const centres = centreRepository(db);
  const certificates = certificateRepository(db);
  const audits = auditRepository(db);

  const refresh = async (ids: number[]) => {
    if (documents && ids.length > 0) await documents.refresh(ids);
  };

  return {
    /** Public: no account needed. Only centres that hold or held a certificate can be named. */
    file(raw: unknown): Complaint {
      const input = complaintInputSchema.parse(raw);
      return inTransaction(db, () => {
        const centre = centres.findBySlug(input.centre);
        if (!centre || certificates.listForCentre(centre.id).length === 0) {
          throw new AppError('bad_request', 'Choose a centre from the register', [
            { path: 'centre', message: 'not a centre in the register' },
          ]);
        }
        const now = clock.now();
        const complaint = repo.insert({
          centreId: centre.id,
          reporterName: input.name,
          reporterEmail: input.email,
          body: input.body,
          state: 'received',
          createdAt: now.toISOString(),
        });
        appendEvent(db, {
          at: now,
          actor: 'public',
          action: 'complaint.filed',
          subject: `complaint:${complaint.id}`,
          payload: { centre: centre.slug },
          isPublic: false,
        });
        return complaint;
      });
    },

    /**
     * Staff triage. Upheld minor: on the next audit's agenda. Major: a special audit within 30
     * days. Critical: immediate suspension, and the special audit. All in one transaction.
     */
    async triage(id: number, raw: unknown, actor: User): Promise<Complaint> {
      if (actor.role !== 'admin') throw forbidden();
      const input = triageSchema.parse(raw);
      const { complaint, changed } = inTransaction(db, () => {
        const complaint = repo.find(id);
        if (!complaint) throw notFound('Complaint');
        if (complaint.state !== 'received') throw conflict('This complaint has already been handled');
        const now = clock.now();
        const state = input.decision === 'uphold' ? 'upheld' : input.decision === 'dismiss' ? 'dismissed' : 'withdrawn';
        const updated = repo.update(id, {
          state,
          severity: input.decision === 'uphold' ? input.severity! : null,
          resolution: input.resolution,
          triagedBy: actor.id,
          triagedAt: now.toISOString(),
        });
        const centre = centres.findById(complaint.centreId)!;
        appendEvent(db, {
          at: now,
          actor: actorLabel(actor),
          action: `complaint.${state}`,
          subject: `complaint:${id}`,
          payload: { centre: centre.slug, severity: updated.severity },
          isPublic: state === 'upheld',
        });
        const changed: number[] = [];
        if (state === 'upheld' && input.severity !== 'minor') {
          const live = certificates.findLiveForCentre(centre.id);
          if (live) {
            if (input.severity === 'critical') {
              changed.push(
                ...certification.suspendPendingSpecialAudit(
                  live.id,
                  `Critical complaint #${id} upheld: suspended pending a special audit`,
                  actor,
                ),
              );
            }
            certification.plan(
              {
                centre: centre.slug,
                type: 'special',
                plannedFor: addDays(dayOf(now), SPECIAL_AUDIT_DAYS),
                auditor: input.auditor!,
                reason: `Complaint #${id} upheld (${input.severity}): ${input.resolution}`,
              },
              actor,
            );
          }
        }
        return { complaint: updated, changed };
      });
      await refresh(changed);
      return complaint;
    },

    /** The centre's one appeal against a failed audit decision. */
    fileAppeal(auditId: number, raw: unknown, actor: User): Appeal {
      const input = appealInputSchema.parse(raw);
      return inTransaction(db, () => {
        const audit = audits.findById(auditId);
        if (!audit || actor.role !== 'centre' || actor.centreId !== audit.centreId) throw notFound('Audit');
        if (audit.state !== 'decided' || audit.result?.outcome !== 'fail')
          throw conflict('Only a decided audit that failed can be appealed');
        if (repo.appealForAudit(auditId))
          throw conflict('This decision has already been appealed; an appeal can be made once');
        const now = clock.now();
        const appeal = repo.insertAppeal({
          auditId,
          centreId: audit.centreId,
          filedBy: actor.id,
          grounds: input.grounds,
          state: 'open',
          createdAt: now.toISOString(),
        });
        appendEvent(db, {
          at: now,
          actor: actorLabel(actor),
          action: 'appeal.filed',
          subject: `audit:${auditId}`,
          payload: { appealId: appeal.id },
          isPublic: true,
        });
        return appeal;
      });
    },

    /** Resolved by an admin who neither decided nor audited: upheld reverts the decision. */
    async resolveAppeal(appealId: number, raw: unknown, actor: User): Promise<Appeal> {
      if (actor.role !== 'admin') throw forbidden();
      const input = appealResolutionSchema.parse(raw);
      const { appeal, changed } = inTransaction(db, () => {
        const appeal = repo.findAppeal(appealId);
        if (!appeal) throw notFound('Appeal');
        if (appeal.state !== 'open') throw conflict('This appeal has already been resolved');
        const audit = audits.findById(appeal.auditId)!;
        if (audit.decidedBy === actor.id)
          throw forbidden('The admin who took the decision cannot resolve the appeal against it');
        if (audit.auditorId === actor.id) throw forbidden('The auditor of the audit cannot resolve the appeal');
        const now = clock.now();
        const updated = repo.updateAppeal(appealId, {
          state: input.verdict === 'uphold' ? 'upheld' : 'rejected',
          resolution: input.resolution,
          resolvedBy: actor.id,
          resolvedAt: now.toISOString(),
        });
        appendEvent(db, {
          at: now,
          actor: actorLabel(actor),
          action: `appeal.${updated.state}`,
          subject: `audit:${audit.id}`,
          payload: { appealId, resolution: input.resolution },
          isPublic: true,
        });
        const changed =
          input.verdict === 'uphold' ? certification.reopenOnAppeal(audit.id, input.resolution, actor) : [];
        return { appeal: updated, changed };
      });
      await refresh(changed);
      return appeal;
    },

    find: (id: number) => repo.find(id),
    list: () => repo.list(),
    forCentre: (centreId: number) => repo.forCentre(centreId),
    counts: (centreId: number) => repo.counts(centreId),
    /** Upheld complaints since the centre's last decided audit: the next audit's agenda. */
    agendaFor(centreId: number): Complaint[] {
      const lastDecided = audits.listForCentre(centreId).find((a) => a.state === 'decided');
      return repo.upheldSince(centreId, lastDecided?.decidedAt ?? '0000');
    },
    findAppeal: (id: number) => repo.findAppeal(id),
    appealForAudit: (auditId: number) => repo.appealForAudit(auditId),
    listAppeals: () => repo.listAppeals(),
    appealsForCentre: (centreId: number) => repo.appealsForCentre(centreId),
  };
}

export type ComplaintService = ReturnType<typeof complaintService>;
