import { randomBytes } from 'node:crypto';
import { paramsJson } from '../contracts/register.js';
import type { StatusChangedJson } from '../contracts/webhooks.js';
import type { ExplainedReason } from '../domain/reason.js';
import type { CertificateStatus } from '../domain/vocabulary.js';
import { centreRepository } from '../persistence/centre-repository.js';
import { assertInTransaction, type Db } from '../persistence/database.js';
import { webhookRepository } from '../persistence/webhook-repository.js';

/** A certificate's change of status as announced to webhook subscribers. */
export interface StatusChangeNotice {
  certificate: { number: string; centreId: number };
  /** Null when the certificate was just issued. */
  from: CertificateStatus | null;
  to: CertificateStatus;
  reason: ExplainedReason;
  effectiveAt: string;
  recordedAt: Date;
  /** The hash-chained log entry of the change. */
  event: { seq: number; hash: string };
}

/** The `webhook-id` of a delivery: random, the same on every attempt. */
export const newMessageId = () => `msg_${randomBytes(16).toString('base64url')}`;

// The running dispatcher of a database, told when a transaction queued something for it.
const nudgers = new WeakMap<Db, () => void>();

export function onWebhookQueued(db: Db, nudge: (() => void) | null): void {
  if (nudge) nudgers.set(db, nudge);
  else nudgers.delete(db);
}

/** Tells the dispatcher (if one runs) to look at the outbox once the current work is done. */
export function nudgeWebhooks(db: Db): void {
  nudgers.get(db)?.();
}

/**
 * The transactional outbox: one delivery per active subscription watching the centre, written
 * in the transaction of the change itself, so a change is announced if and only if it committed.
 */
export function webhookOutbox(db: Db) {
  const webhooks = webhookRepository(db);
  const centres = centreRepository(db);
  return {
    announceStatusChange(notice: StatusChangeNotice): void {
      assertInTransaction(db);
      const subscribers = webhooks.activeSubscriptionIdsFor(notice.certificate.centreId);
      if (subscribers.length === 0) return;
      const centre = centres.findById(notice.certificate.centreId)!;
      const body: StatusChangedJson = {
        type: 'certificate.status_changed',
        occurredAt: notice.effectiveAt,
        data: {
          certificate: {
            number: notice.certificate.number,
            status: notice.to,
            previousStatus: notice.from,
            reasonCode: notice.reason.code,
            reason: notice.reason.message,
            reasonParams: paramsJson(notice.reason.params),
          },
          centre: { slug: centre.slug, name: centre.tradeName },
          event: { seq: notice.event.seq, hash: notice.event.hash },
        },
      };
      const payload = JSON.stringify(body);
      const createdAt = notice.recordedAt.toISOString();
      for (const subscriptionId of subscribers) {
        webhooks.insertDelivery({
          id: newMessageId(),
          subscriptionId,
          type: 'certificate.status_changed',
          payload,
          eventSeq: notice.event.seq,
          createdAt,
        });
      }
      // Runs after the commit: the dispatcher only looks once the synchronous transaction is over.
      nudgeWebhooks(db);
    },
  };
}
