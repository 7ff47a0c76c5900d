import { z } from 'zod';
import { type DueReminder, reminderKey, reminderKinds } from '../domain/deadline-reminders.js';
import { centreMailLanguage } from '../domain/mail.js';
import type { Reason } from '../domain/reason.js';
import { type CertificateStatus, certificateStatuses } from '../domain/vocabulary.js';
import type { Db } from '../persistence/database.js';
import { type CentreRecipients, watchRepository } from '../persistence/watch-repository.js';
import { defineMailTemplate, type MailService } from './mail-service.js';
import type { WatchTokens } from './watch-tokens.js';

const reasonSchema = z.object({
  code: z.string().min(1),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())])),
});

/**
 * A certificate's status changed (or it was issued: `from` is null). Only public facts: the
 * centre, the certificate, the statuses and the reason as the public profile shows them.
 */
export const certificateStatusChanged = defineMailTemplate(
  'certificate_status_changed',
  z.object({
    centreName: z.string().min(1),
    centreSlug: z.string().min(1),
    certificateNumber: z.string().min(1),
    from: z.enum(certificateStatuses).nullable(),
    to: z.enum(certificateStatuses),
    effectiveAt: z.string().min(10),
    reason: reasonSchema,
  }),
  'mail.statusChanged.subject',
);

/** A deadline is coming (30, 14 or 3 days ahead), to the centre's portal users. */
export const deadlineReminder = defineMailTemplate(
  'deadline_reminder',
  z.object({
    centreName: z.string().min(1),
    certificateNumber: z.string().min(1),
    kind: z.enum(reminderKinds),
    dueOn: z.iso.date(),
    daysLeft: z.number().int().min(0),
    /** Open corrective actions due that day (1 for a surveillance). */
    count: z.number().int().min(1),
  }),
  'mail.reminder.subject',
);

/** The review of a corrective action's evidence, with the reviewer's reason (never their name). */
export const evidenceVerdict = defineMailTemplate(
  'evidence_verdict',
  z.object({
    centreName: z.string().min(1),
    item: z.string().min(1),
    verdict: z.enum(['accepted', 'rejected']),
    note: z.string(),
    dueOn: z.iso.date(),
  }),
  'mail.verdict.subject',
);

export interface StatusChange {
  certificate: { id: number; number: string; centreId: number };
  from: CertificateStatus | null;
  to: CertificateStatus;
  reason: Reason;
  effectiveAt: string;
}

/**
 * Who is told what about a certificate, queued in the transaction of the change itself: the
 * centre's portal users (in the centre's language) and everyone who watches the centre (in the
 * language they chose, with a one-click unsubscribe). Each message is about the centre alone:
 * it names no other recipient, no reviewer, no complainant.
 */
export function certificateNotices(db: Db, mail: MailService, tokens: WatchTokens) {
  const recipients = watchRepository(db);

  const recipientsOf = (centreId: number): CentreRecipients => {
    const found = recipients.recipientsOf(centreId);
    if (!found) throw new Error(`Centre ${centreId} does not exist`);
    return found;
  };
  const usersLanguage = (r: CentreRecipients) => centreMailLanguage(r.centre.country, r.centre.languages);

  return {
    statusChanged(change: StatusChange): void {
      const r = recipientsOf(change.certificate.centreId);
      const params = {
        centreName: r.centre.tradeName,
        centreSlug: r.centre.slug,
        certificateNumber: change.certificate.number,
        from: change.from,
        to: change.to,
        effectiveAt: change.effectiveAt,
        reason: { code: change.reason.code, params: { ...change.reason.params } },
      };
      for (const user of r.users) {
        mail.queue({ to: user.email, language: usersLanguage(r), template: certificateStatusChanged, params });
      }
      for (const watcher of r.watchers) {
        mail.queue({
          to: watcher.email,
          language: watcher.language,
          template: certificateStatusChanged,
          params,
          unsubscribeToken: tokens.unsubscribeToken(watcher.subscriptionId),
        });
      }
    },

    /**
     * Reminders the sweep found due; each (deadline, lead time, person) is queued once ever.
     * Only centres with portal users are looked at: on a large register most have none.
     */
    remind(
      due: readonly {
        certificate: { id: number; number: string; centreId: number };
        reminders: readonly (DueReminder & { count: number })[];
      }[],
    ): number {
      const reachable = recipients.centresWithPortalUsers();
      let queued = 0;
      for (const { certificate, reminders } of due) {
        if (reminders.length === 0 || !reachable.has(certificate.centreId)) continue;
        const r = recipientsOf(certificate.centreId);
        for (const reminder of reminders) {
          for (const user of r.users) {
            const isNew = mail.queue({
              to: user.email,
              language: usersLanguage(r),
              template: deadlineReminder,
              params: {
                centreName: r.centre.tradeName,
                certificateNumber: certificate.number,
                kind: reminder.kind,
                dueOn: reminder.dueOn,
                daysLeft: reminder.daysLeft,
                count: reminder.count,
              },
              dedupeKey: reminderKey(certificate.id, reminder, user.id),
            });
            if (isNew) queued++;
          }
        }
      }
      return queued;
    },

    evidenceReviewed(action: {
      centreId: number;
      item: string;
      verdict: 'accepted' | 'rejected';
      note: string;
      dueOn: string;
    }): void {
      const r = recipientsOf(action.centreId);
      for (const user of r.users) {
        mail.queue({
          to: user.email,
          language: usersLanguage(r),
          template: evidenceVerdict,
          params: {
            centreName: r.centre.tradeName,
            item: action.item,
            verdict: action.verdict,
            note: action.note,
            dueOn: action.dueOn,
          },
        });
      }
    },
  };
}

export type CertificateNotices = ReturnType<typeof certificateNotices>;
