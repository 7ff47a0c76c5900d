import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { mailLanguages } from '../domain/mail.js';
import { centres } from './schema.js';

/**
 * Watching centres by e-mail, without an account. An address is stored once, with the language
 * its messages are written in, and only while it watches something (or a confirmation is
 * pending): the last unsubscribe or an expired confirmation removes it.
 */
export const watchers = sqliteTable('watchers', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  // Lower-cased, so one mailbox is one watcher however it was typed.
  email: text('email').notNull().unique(),
  language: text('language', { enum: mailLanguages }).notNull(),
  // The per-address limit on confirmation requests: requests in the window that began at
  // window_started_at.
  requestWindowStartedAt: text('request_window_started_at').notNull(),
  requestsInWindow: integer('requests_in_window').notNull().default(0),
  createdAt: text('created_at').notNull(),
});

/** One centre watched by one address: pending until the confirmation link is used. */
export const watchSubscriptions = sqliteTable(
  'watch_subscriptions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    watcherId: integer('watcher_id')
      .notNull()
      .references(() => watchers.id, { onDelete: 'cascade' }),
    centreId: integer('centre_id')
      .notNull()
      .references(() => centres.id),
    state: text('state', { enum: ['pending', 'active'] }).notNull(),
    // SHA-256 of the confirmation link's token (the token itself is only in the message).
    confirmTokenHash: text('confirm_token_hash'),
    confirmExpiresAt: text('confirm_expires_at'),
    createdAt: text('created_at').notNull(),
    confirmedAt: text('confirmed_at'),
  },
  (t) => [
    uniqueIndex('watch_subscriptions_uq').on(t.watcherId, t.centreId),
    index('watch_subscriptions_centre_idx').on(t.centreId, t.state),
    index('watch_subscriptions_token_idx').on(t.confirmTokenHash),
  ],
);
