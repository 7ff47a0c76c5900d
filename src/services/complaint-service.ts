import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.js';
import { makeReference, parseReference } from '../domain/complaint-reference.js';
import {
  appealInputSchema,
  appealResolutionSchema,
  complaintInputSchema,
  contactDayProblem,
  dismissalReasons,
  isOpenComplaint,
  type AppealInput,
  type AppealResolutionInput,
  type ComplaintInput,
  ordersSpecialAudit,
  SPECIAL_AUDIT_DAYS,
  stateAfterTriage,
  triageSchema,
  type TriageInput,
} from '../domain/complaint.js';
import { complaintConsequence } from '../domain/complaint-figures.js';
import { addDays } from '../domain/lifecycle.js';
import { appealWindowDays, complaintResponseDays } from '../domain/scheme.js';
import { addWorkingDays } from '../domain/working-days.js';
import { canFileAppeal, canResolveAppeal, canTriage, isOwnCentreAudit } from '../domain/policies/complaint-policy.js';
import { authorize } from '../domain/policies/policy.js';
import { explained } from '../domain/reason.js';
import { isOneOf, type RegistryLanguage } from '../domain/vocabulary.js';
import { AppError, conflict, notFound } from '../errors.js';
import { auditRepository } from '../persistence/audit-repository.js';
import { type Centre, centreRepository } from '../persistence/centre-repository.js';
import { complaintCentreFinder } from '../persistence/complaint-centre-finder.js';
import { complaintListRepository } from '../persistence/complaint-list-repository.js';
import { type Appeal, type Complaint, complaintRepository } from '../persistence/complaint-repository.js';
import { type Db, inTransaction } from '../persistence/database.js';
import type { User } from '../persistence/user-repository.js';
import { dayOf } from './actor.js';
import type { AuditService } from './audit-service.js';
import { type CertificateDocuments, type CertificateStatusService, refresher } from './certificate-status-service.js';
import { complaintReceived, complaintStatusChanged } from './complaint-notices.js';
import { recordEvent } from './event-log.js';
import type { MailService } from './mail-service.js';
import type { SchemeService } from './scheme-service.js';

export type { Appeal, Complaint } from '../persistence/complaint-repository.js';
export type { AppealListRow, ComplaintListRow, RegisteredCentre } from '../persistence/complaint-list-repository.js';
export type { CentreFound } from '../persistence/complaint-centre-finder.js';

export interface ComplaintDeps {
  audits: AuditService;
  certificates: CertificateStatusService;
  schemes: SchemeService;
  mail: MailService;
}

/** A filed complaint with the secret of its status link: shown once, only its hash is kept. */
export type FiledComplaint = Complaint & { secret: string };

const hashSecret = (secret: string) => createHash('sha256').update(secret, 'utf8').digest();
// Compared against when the reference is unknown, so an unknown reference costs what a wrong secret does.
const NO_HASH = Buffer.alloc(32);

/** Where a complainant follows their complaint: the reference, and the secret only they hold. */
export const followPath = (reference: string, secret: string) =>
  `/complaints/follow/${encodeURIComponent(reference)}/${encodeURIComponent(secret)}`;

/**
 * Complaints from anyone about a certified centre, triaged by staff with the consequences of
 * the scheme; and a centre's one appeal against a decision, resolved by another admin.
 * Every use case parses its input itself: forms, the CLI and tests all call it, and a form
 * route that parsed the same schema first only gains the re-rendered form.
 */
export function complaintService(db: Db, clock: Clock, deps: ComplaintDeps, documents: CertificateDocuments | null) {
  const repo = complaintRepository(db);
  const lists = complaintListRepository(db);
  const centres = centreRepository(db);
  const audits = auditRepository(db);
  const refreshDocuments = refresher(documents);
  const finder = complaintCentreFinder(db);

  /** The e-mail of a change of state, queued in the change's transaction, when an address was given. */
  function tellComplainant(complaint: Complaint, centre: Centre) {
    if (!complaint.reporterEmail || !complaint.reference) return;
    deps.mail.queue({
      to: complaint.reporterEmail,
      language: complaint.locale,
      template: complaintStatusChanged,
      params: {
        reference: complaint.reference,
        centreName: centre.tradeName,
        state: complaint.state,
        severity: complaint.severity,
        dismissalReason: isOneOf(dismissalReasons, complaint.dismissalReason) ? complaint.dismissalReason : null,
        dueOn: complaint.dueOn,
      },
      // One message per complaint and state, however often a change is retried.
      dedupeKey: `complaint:${complaint.id}:${complaint.state}`,
    });
  }

  return {
    /**
     * Public: no account needed. Only centres that hold or held a certificate can be named.
     * The complaint gets an unguessable reference and a secret for its status page, and is due
     * the scheme's response time (in working days) after the day it is received.
     */
    file(raw: ComplaintInput, locale: RegistryLanguage = 'nl'): FiledComplaint {
      const input = complaintInputSchema.parse(raw);
      const now = clock.now();
      const today = dayOf(now);
      const dayProblem = contactDayProblem(input.contactedOn, today);
      if (dayProblem) {
        throw new AppError('bad_request', dayProblem, 'The day of the contact is not possible', {
          issues: [{ path: 'contactedOn', code: dayProblem, message: 'not a possible day of the contact' }],
        });
      }
      return inTransaction(db, () => {
        const centre = centres.findBySlug(input.centre);
        if (!centre || deps.certificates.certificatesForCentre(centre.id).length === 0) {
          throw new AppError('bad_request', 'complaint_centre_not_registered', 'Choose a centre from the register', {
            issues: [
              { path: 'centre', code: 'complaint_centre_not_registered', message: 'not a centre in the register' },
            ],
          });
        }
        const secret = randomBytes(24).toString('base64url');
        let reference = makeReference(now.getUTCFullYear(), randomBytes(8));
        // 35 random bits: a clash is rare, but a unique index would turn one into a 500.
        while (repo.findByReference(reference)) reference = makeReference(now.getUTCFullYear(), randomBytes(8));
        const complaint = repo.insert({
          reference,
          tokenHash: hashSecret(secret).toString('hex'),
          centreId: centre.id,
          brand: input.brand ?? null,
          reporterName: input.name ?? null,
          reporterEmail: input.email ?? null,
          wantsReplies: input.wantsReplies,
          shareIdentity: input.shareIdentity,
          locale,
          body: input.body,
          contactedOn: input.contactedOn,
          channel: input.channel,
          state: 'received',
          dueOn: addWorkingDays(today, complaintResponseDays(deps.schemes.current())),
          createdAt: now.toISOString(),
        });
        if (complaint.reporterEmail) {
          deps.mail.queue({
            to: complaint.reporterEmail,
            language: locale,
            template: complaintReceived,
            params: {
              reference,
              centreName: centre.tradeName,
              statusPath: followPath(reference, secret),
              dueOn: complaint.dueOn!,
            },
          });
        }
        recordEvent(db, 'public', {
          at: now,
          action: 'complaint.filed',
          subject: `complaint:${complaint.id}`,
          payload: { centre: centre.slug, reference, channel: input.channel, dueOn: complaint.dueOn },
          isPublic: false,
        });
        return { ...complaint, secret };
      });
    },

    /**
     * The complainant's view: the reference and the secret of the link. A wrong secret and an
     * unknown reference give the same not-found, after the same constant-time comparison.
     */
    follow(reference: string, secret: string): Complaint {
      const parsed = parseReference(reference);
      const complaint = parsed ? repo.findByReference(parsed) : undefined;
      const stored = complaint?.tokenHash ? Buffer.from(complaint.tokenHash, 'hex') : NO_HASH;
      const given = hashSecret(secret);
      const matches = stored.length === given.length && timingSafeEqual(stored, given);
      if (!complaint?.tokenHash || !matches) throw notFound('complaint');
      return complaint;
    },

    /** Staff take a received complaint up: the complainant sees it is being looked into. */
    startReview(id: number, actor: User): Complaint {
      return inTransaction(db, () => {
        const complaint = repo.find(id);
        if (!complaint) throw notFound('complaint');
        authorize(canTriage(actor));
        if (complaint.state !== 'received') {
          throw conflict('complaint_already_handled', 'This complaint is already under review or handled');
        }
        const now = clock.now();
        const updated = repo.update(id, { state: 'under_review', reviewStartedAt: now.toISOString() });
        const centre = centres.findById(complaint.centreId)!;
        tellComplainant(updated, centre);
        recordEvent(db, actor, {
          at: now,
          action: 'complaint.under_review',
          subject: `complaint:${id}`,
          payload: { centre: centre.slug },
          isPublic: false,
        });
        return updated;
      });
    },

    /** Centres in the register found by name or by a public brand they answer for. */
    findCentres: (text: string) => finder(text),

    /** The response time of the current scheme and the day a complaint received today is due. */
    responseTime(): { workingDays: number; dueOn: string } {
      const workingDays = complaintResponseDays(deps.schemes.current());
      return { workingDays, dueOn: addWorkingDays(dayOf(clock.now()), workingDays) };
    },

    /**
     * Staff triage. Upheld minor: on the next audit's agenda. Major: a special audit within 30
     * days. Critical: immediate suspension, and the special audit. All in one transaction.
     */
    async triage(id: number, raw: TriageInput, actor: User): Promise<Complaint> {
      const input = triageSchema.parse(raw);
      const { complaint, changed } = inTransaction(db, () => {
        const complaint = repo.find(id);
        if (!complaint) throw notFound('complaint');
        authorize(canTriage(actor));
        if (!isOpenComplaint(complaint.state)) {
          throw conflict('complaint_already_handled', 'This complaint has already been handled');
        }
        const now = clock.now();
        const state = stateAfterTriage[input.decision];
        const severity = state === 'upheld' ? (input.severity ?? null) : null;
        const centre = centres.findById(complaint.centreId)!;
        const live = deps.certificates.liveCertificate(centre.id);
        const updated = repo.update(id, {
          state,
          severity,
          dismissalReason: state === 'dismissed' ? (input.dismissalReason ?? null) : null,
          resolution: input.resolution,
          triagedBy: actor.id,
          triagedAt: now.toISOString(),
          consequence: severity ? complaintConsequence(severity, live !== undefined) : null,
        });
        tellComplainant(updated, centre);
        recordEvent(db, actor, {
          at: now,
          action: `complaint.${state}`,
          subject: `complaint:${id}`,
          payload: { centre: centre.slug, severity, dismissalReason: updated.dismissalReason },
          isPublic: state === 'upheld',
        });
        const changed: number[] = [];
        if (severity && ordersSpecialAudit(severity) && live) {
          if (severity === 'critical') {
            const reason = explained(
              'complaint_critical_upheld',
              { receivedOn: dayOf(new Date(complaint.createdAt)) },
              `Critical complaint #${id} upheld: suspended pending a special audit`,
            );
            changed.push(...deps.certificates.suspendPendingSpecialAudit(live.id, reason, actor));
          }
          deps.audits.plan(
            {
              centre: centre.slug,
              type: 'special',
              plannedFor: addDays(dayOf(now), SPECIAL_AUDIT_DAYS),
              auditor: input.auditor ?? '',
              reason: `Complaint #${id} upheld (${severity}): ${input.resolution}`,
            },
            actor,
          );
        }
        return { complaint: updated, changed };
      });
      await refreshDocuments(changed);
      return complaint;
    },

    /** The centre's one appeal against a failed audit decision. */
    fileAppeal(auditId: number, raw: AppealInput, actor: User): Appeal {
      const input = appealInputSchema.parse(raw);
      return inTransaction(db, () => {
        const audit = audits.findById(auditId);
        // Another centre's audit is not found: that it exists is not theirs to know.
        if (!audit || !isOwnCentreAudit(actor, audit).allowed) throw notFound('audit');
        const now = clock.now();
        const verdict = canFileAppeal(actor, audit, {
          alreadyAppealed: repo.appealForAudit(auditId) !== undefined,
          today: dayOf(now),
          windowDays: appealWindowDays(deps.schemes.get(audit.schemeCode)),
        });
        // Too late, or appealed already: a conflict of timing that the portal shows beside the
        // decision in the reader's language, not a person who may never appeal.
        if (!verdict.allowed && verdict.about === 'state')
          throw conflict(verdict.code, verdict.message, verdict.params);
        authorize(verdict);
        const appeal = repo.insertAppeal({
          auditId,
          centreId: audit.centreId,
          filedBy: actor.id,
          grounds: input.grounds,
          state: 'open',
          decisionAt: audit.decidedAt,
          createdAt: now.toISOString(),
        });
        recordEvent(db, actor, {
          at: now,
          action: 'appeal.filed',
          subject: `audit:${auditId}`,
          payload: { appealId: appeal.id },
          isPublic: true,
        });
        return appeal;
      });
    },

    /** Resolved by an admin who neither decided nor audited: upheld reverts the decision. */
    async resolveAppeal(appealId: number, raw: AppealResolutionInput, actor: User): Promise<Appeal> {
      const input = appealResolutionSchema.parse(raw);
      const { appeal, changed } = inTransaction(db, () => {
        const appeal = repo.findAppeal(appealId);
        if (!appeal) throw notFound('appeal');
        const audit = audits.findById(appeal.auditId)!;
        authorize(canResolveAppeal(actor, audit));
        if (appeal.state !== 'open') throw conflict('appeal_already_resolved', 'This appeal has already been resolved');
        const now = clock.now();
        const updated = repo.updateAppeal(appealId, {
          state: input.verdict === 'uphold' ? 'upheld' : 'rejected',
          resolution: input.resolution,
          resolvedBy: actor.id,
          resolvedAt: now.toISOString(),
        });
        recordEvent(db, actor, {
          at: now,
          action: `appeal.${updated.state}`,
          subject: `audit:${audit.id}`,
          payload: { appealId, resolution: input.resolution },
          isPublic: true,
        });
        const changed =
          input.verdict === 'uphold' ? deps.certificates.reopenOnAppeal(audit.id, input.resolution, actor) : [];
        return { appeal: updated, changed };
      });
      await refreshDocuments(changed);
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

    /** The centre with this slug, if the public may name it in a complaint (it holds or held a certificate). */
    registeredCentre: (slug: string) => lists.registeredCentre(slug),
    /** The staff list, open ones first, each marked overdue past its due day. */
    complaintRows: () => lists.complaints(dayOf(clock.now())),
    appealRows: () => lists.appeals(),
    /** What waits for staff: received complaints and open appeals. */
    waiting: () => lists.waiting(),
  };
}

export type ComplaintService = ReturnType<typeof complaintService>;
