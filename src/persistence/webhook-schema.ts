import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { webhookDeliveryStates, webhookEventTypes, webhookStatuses } from '../domain/vocabulary.js';
import { centres } from './schema.js';

/**
 * Webhook subscriptions and their transactional outbox. A delivery row is written in the
 * transaction of the status change it announces, so what was committed is delivered, also after
 * a crash; its id is the `webhook-id` of every attempt.
 */

export const webhookSubscriptions = sqliteTable('webhook_subscriptions', {
  // Random, so an id reveals nothing about how many subscriptions exist.
  id: text('id').primaryKey(),
  url: text('url').notNull(),
  // Every centre, now and later; otherwise the centres listed in webhook_subscription_centres.
  allCentres: integer('all_centres', { mode: 'boolean' }).notNull(),
  // The signing secret must be kept in the clear: every delivery is signed with it.
  secret: text('secret').notNull(),
  // SHA-256 of the management token: the token itself is shown once and never stored.
  tokenHash: text('token_hash').notNull().unique(),
  status: text('status', { enum: webhookStatuses }).notNull(),
  // Why the subscription is failed or disabled (a code), null otherwise.
  statusReason: text('status_reason'),
  statusSince: text('status_since').notNull(),
  // When the first of the deliveries failing now failed; cleared by a successful delivery.
  failingSince: text('failing_since'),
  createdAt: text('created_at').notNull(),
});

export const webhookSubscriptionCentres = sqliteTable(
  'webhook_subscription_centres',
  {
    subscriptionId: text('subscription_id')
      .notNull()
      .references(() => webhookSubscriptions.id, { onDelete: 'cascade' }),
    centreId: integer('centre_id')
      .notNull()
      .references(() => centres.id),
  },
  (t) => [
    primaryKey({ columns: [t.subscriptionId, t.centreId] }),
    index('webhook_subscription_centres_centre_idx').on(t.centreId),
  ],
);

export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    // The `webhook-id` header: the same on every attempt, so receivers can drop duplicates.
    id: text('id').primaryKey(),
    subscriptionId: text('subscription_id')
      .notNull()
      .references(() => webhookSubscriptions.id, { onDelete: 'cascade' }),
    type: text('type', { enum: webhookEventTypes }).notNull(),
    // The exact body, fixed when the change was committed: every attempt sends the same bytes.
    payload: text('payload').notNull(),
    // The hash-chained log entry of the change (null for a verification).
    eventSeq: integer('event_seq'),
    state: text('state', { enum: webhookDeliveryStates }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at'),
    lastAttemptAt: text('last_attempt_at'),
    deliveredAt: text('delivered_at'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    index('webhook_deliveries_due_idx').on(t.state, t.nextAttemptAt),
    index('webhook_deliveries_subscription_idx').on(t.subscriptionId, t.createdAt),
  ],
);

export const webhookAttempts = sqliteTable(
  'webhook_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    deliveryId: text('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    at: text('at').notNull(),
    // The receiver's HTTP status; null when no answer came (refused address, timeout, reset).
    statusCode: integer('status_code'),
    // What went wrong, as a code (webhook_timeout, webhook_address_refused, …); null on success.
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
    // The start of the receiver's answer, for the delivery log; never more.
    responseExcerpt: text('response_excerpt'),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.id)],
);
