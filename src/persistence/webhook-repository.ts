import { and, asc, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { WebhookEventType, WebhookStatus } from '../domain/vocabulary.js';
import type { Db } from './database.js';
import { centres, registerEntries } from './schema.js';
import {
  webhookAttempts,
  webhookDeliveries,
  webhookSubscriptionCentres,
  webhookSubscriptions,
} from './webhook-schema.js';

export type WebhookSubscription = Omit<typeof webhookSubscriptions.$inferSelect, 'tokenHash'>;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
export type WebhookAttempt = Omit<typeof webhookAttempts.$inferSelect, 'deliveryId'>;

/** A delivery that is due, with what sending it needs from its subscription. */
export interface DueDelivery extends WebhookDelivery {
  url: string;
  secret: string;
  subscriptionStatus: WebhookStatus;
  failingSince: string | null;
}

const subscriptionColumns = {
  id: webhookSubscriptions.id,
  url: webhookSubscriptions.url,
  allCentres: webhookSubscriptions.allCentres,
  secret: webhookSubscriptions.secret,
  status: webhookSubscriptions.status,
  statusReason: webhookSubscriptions.statusReason,
  statusSince: webhookSubscriptions.statusSince,
  failingSince: webhookSubscriptions.failingSince,
  createdAt: webhookSubscriptions.createdAt,
};

/** Every query of webhook subscriptions, their outbox and the delivery log. */
export function webhookRepository(db: Db) {
  return {
    insertSubscription(
      values: typeof webhookSubscriptions.$inferInsert,
      centreIds: readonly number[],
    ): WebhookSubscription {
      const row = db.insert(webhookSubscriptions).values(values).returning(subscriptionColumns).get();
      for (const centreId of centreIds) {
        db.insert(webhookSubscriptionCentres).values({ subscriptionId: row.id, centreId }).run();
      }
      return row;
    },

    /** Ids of the public centres (those in the register) among these slugs. */
    publicCentresBySlug(slugs: readonly string[]): Map<string, number> {
      if (slugs.length === 0) return new Map();
      const rows = db
        .select({ id: centres.id, slug: centres.slug })
        .from(centres)
        .innerJoin(registerEntries, eq(registerEntries.centreId, centres.id))
        .where(inArray(centres.slug, [...slugs]))
        .all();
      return new Map(rows.map((r) => [r.slug, r.id]));
    },

    findSubscription(id: string): WebhookSubscription | undefined {
      return db.select(subscriptionColumns).from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id)).get();
    },

    tokenHashOf(id: string): string | undefined {
      return db
        .select({ tokenHash: webhookSubscriptions.tokenHash })
        .from(webhookSubscriptions)
        .where(eq(webhookSubscriptions.id, id))
        .get()?.tokenHash;
    },

    /** The slugs of the centres a subscription watches (empty when it watches all). */
    centreSlugsOf(id: string): string[] {
      return db
        .select({ slug: centres.slug })
        .from(webhookSubscriptionCentres)
        .innerJoin(centres, eq(centres.id, webhookSubscriptionCentres.centreId))
        .where(eq(webhookSubscriptionCentres.subscriptionId, id))
        .orderBy(asc(centres.slug))
        .all()
        .map((r) => r.slug);
    },

    /** Deletes the subscription; its centres, deliveries and attempts go with it (cascade). */
    deleteSubscription(id: string): void {
      db.delete(webhookSubscriptions).where(eq(webhookSubscriptions.id, id)).run();
    },

    setStatus(id: string, status: WebhookStatus, reason: string | null, since: string): void {
      db.update(webhookSubscriptions)
        .set({ status, statusReason: reason, statusSince: since })
        .where(eq(webhookSubscriptions.id, id))
        .run();
    },

    setFailingSince(id: string, at: string | null): void {
      db.update(webhookSubscriptions).set({ failingSince: at }).where(eq(webhookSubscriptions.id, id)).run();
    },

    /** Active subscriptions that watch this centre, by name or by watching every centre. */
    activeSubscriptionIdsFor(centreId: number): string[] {
      return db
        .select({ id: webhookSubscriptions.id })
        .from(webhookSubscriptions)
        .where(
          and(
            eq(webhookSubscriptions.status, 'active'),
            sql`(${webhookSubscriptions.allCentres} = 1 OR EXISTS (SELECT 1 FROM ${webhookSubscriptionCentres} w
              WHERE w.subscription_id = ${webhookSubscriptions.id} AND w.centre_id = ${centreId}))`,
          ),
        )
        .orderBy(asc(webhookSubscriptions.id))
        .all()
        .map((r) => r.id);
    },

    insertDelivery(values: {
      id: string;
      subscriptionId: string;
      type: WebhookEventType;
      payload: string;
      eventSeq: number | null;
      createdAt: string;
    }): void {
      db.insert(webhookDeliveries)
        .values({ ...values, state: 'pending', attempts: 0, nextAttemptAt: values.createdAt })
        .run();
    },

    /** Deliveries whose next attempt is due at `now`, oldest first. */
    due(now: string, limit: number): DueDelivery[] {
      const rows = db
        .select({
          delivery: webhookDeliveries,
          url: webhookSubscriptions.url,
          secret: webhookSubscriptions.secret,
          subscriptionStatus: webhookSubscriptions.status,
          failingSince: webhookSubscriptions.failingSince,
        })
        .from(webhookDeliveries)
        .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
        .where(and(eq(webhookDeliveries.state, 'pending'), lte(webhookDeliveries.nextAttemptAt, now)))
        .orderBy(asc(webhookDeliveries.nextAttemptAt), asc(webhookDeliveries.createdAt))
        .limit(limit)
        .all();
      return rows.map(({ delivery, ...subscription }) => ({ ...delivery, ...subscription }));
    },

    findDelivery(id: string): WebhookDelivery | undefined {
      return db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)).get();
    },

    /** When the next pending delivery falls due, or null when none waits. */
    nextDueAt(): string | null {
      return (
        db
          .select({ at: sql<string | null>`min(${webhookDeliveries.nextAttemptAt})` })
          .from(webhookDeliveries)
          .where(eq(webhookDeliveries.state, 'pending'))
          .get()?.at ?? null
      );
    },

    recordAttempt(
      deliveryId: string,
      attempt: Omit<typeof webhookAttempts.$inferInsert, 'deliveryId' | 'id'>,
      outcome: { delivered: boolean; nextAttemptAt: string | null },
    ): void {
      db.insert(webhookAttempts)
        .values({ ...attempt, deliveryId })
        .run();
      db.update(webhookDeliveries)
        .set({
          attempts: sql`${webhookDeliveries.attempts} + 1`,
          lastAttemptAt: attempt.at,
          state: outcome.delivered ? 'delivered' : outcome.nextAttemptAt === null ? 'abandoned' : 'pending',
          deliveredAt: outcome.delivered ? attempt.at : null,
          nextAttemptAt: outcome.nextAttemptAt,
        })
        .where(eq(webhookDeliveries.id, deliveryId))
        .run();
    },

    /** Gives up one delivery that can no longer be sent (its subscription moved on). */
    abandonDelivery(id: string): void {
      db.update(webhookDeliveries)
        .set({ state: 'abandoned', nextAttemptAt: null })
        .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.state, 'pending')))
        .run();
    },

    /** Gives up every waiting delivery of a subscription (it failed or was disabled). */
    abandonPending(subscriptionId: string): void {
      db.update(webhookDeliveries)
        .set({ state: 'abandoned', nextAttemptAt: null })
        .where(and(eq(webhookDeliveries.subscriptionId, subscriptionId), eq(webhookDeliveries.state, 'pending')))
        .run();
    },

    /** The newest deliveries of a subscription with every attempt, for its delivery log. */
    deliveriesOf(subscriptionId: string, limit: number): (WebhookDelivery & { log: WebhookAttempt[] })[] {
      const deliveries = db
        .select()
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.subscriptionId, subscriptionId))
        // rowid: in the order they were written, also within one second.
        .orderBy(desc(webhookDeliveries.createdAt), desc(sql`${webhookDeliveries}.rowid`))
        .limit(limit)
        .all();
      if (deliveries.length === 0) return [];
      const attempts = db
        .select()
        .from(webhookAttempts)
        .where(
          inArray(
            webhookAttempts.deliveryId,
            deliveries.map((d) => d.id),
          ),
        )
        .orderBy(asc(webhookAttempts.id))
        .all();
      return deliveries.map((d) => ({
        ...d,
        log: attempts.filter((a) => a.deliveryId === d.id).map(({ deliveryId: _d, ...a }) => a),
      }));
    },
  };
}

export type WebhookRepository = ReturnType<typeof webhookRepository>;
