import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { mailLanguages, mailStates } from '../domain/mail.js';

/**
 * The mail outbox: every message the registry sends is first a row here, written in the same
 * transaction as the change that caused it, then delivered by the sender (at least once). The
 * message is stored as template code and parameters and rendered when it is first sent, in the
 * recipient's language; the rendering that went out is kept with it.
 */
export const mailOutbox = sqliteTable(
  'mail_outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    recipient: text('recipient').notNull(),
    language: text('language', { enum: mailLanguages }).notNull(),
    template: text('template').notNull(),
    params: text('params', { mode: 'json' }).$type<Readonly<Record<string, unknown>>>().notNull(),
    // "Each once" rules (a reminder per deadline and lead time): a second queue with the same key
    // is ignored, and the unique index makes that true even for two processes at once.
    dedupeKey: text('dedupe_key'),
    // The subscriber's unsubscribe token: a list message carries List-Unsubscribe headers.
    unsubscribeToken: text('unsubscribe_token'),
    state: text('state', { enum: mailStates }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at').notNull(),
    lastError: text('last_error'),
    subject: text('subject'),
    textBody: text('text_body'),
    htmlBody: text('html_body'),
    messageId: text('message_id'),
    createdAt: text('created_at').notNull(),
    sentAt: text('sent_at'),
  },
  (t) => [
    uniqueIndex('mail_outbox_dedupe_uq').on(t.dedupeKey),
    index('mail_outbox_due_idx').on(t.state, t.nextAttemptAt),
  ],
);
