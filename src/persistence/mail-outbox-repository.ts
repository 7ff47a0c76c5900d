import { and, asc, desc, eq, lte, sql } from 'drizzle-orm';
import type { MailLanguage, MailState } from '../domain/mail.js';
import type { Db } from './database.js';
import { mailOutbox } from './mail-schema.js';

export type OutboxMessage = typeof mailOutbox.$inferSelect;

export interface NewOutboxMessage {
  recipient: string;
  language: MailLanguage;
  template: string;
  params: Readonly<Record<string, unknown>>;
  dedupeKey: string | null;
  unsubscribeToken: string | null;
  createdAt: string;
}

export interface Rendered {
  subject: string;
  textBody: string;
  htmlBody: string;
}

export function mailOutboxRepository(db: Db) {
  return {
    /** Inserts the message; false when its dedupe key was queued before (nothing is written). */
    insert(message: NewOutboxMessage): boolean {
      const inserted = db
        .insert(mailOutbox)
        .values({ ...message, nextAttemptAt: message.createdAt })
        .onConflictDoNothing()
        .returning({ id: mailOutbox.id })
        .get();
      return inserted !== undefined;
    },
    /** Queued messages whose next attempt is due at `now`, oldest first. */
    due(now: string, limit: number): OutboxMessage[] {
      return db
        .select()
        .from(mailOutbox)
        .where(and(eq(mailOutbox.state, 'queued'), lte(mailOutbox.nextAttemptAt, now)))
        .orderBy(asc(mailOutbox.nextAttemptAt), asc(mailOutbox.id))
        .limit(limit)
        .all();
    },
    /** Keeps the rendering that is about to go out, so the outbox shows exactly what was sent. */
    saveRendering(id: number, rendered: Rendered): void {
      db.update(mailOutbox).set(rendered).where(eq(mailOutbox.id, id)).run();
    },
    markSent(id: number, at: string, messageId: string): void {
      db.update(mailOutbox)
        .set({ state: 'sent', sentAt: at, messageId, lastError: null, attempts: sql`${mailOutbox.attempts} + 1` })
        .where(eq(mailOutbox.id, id))
        .run();
    },
    markAttemptFailed(id: number, error: string, next: { state: MailState; nextAttemptAt: string }): void {
      db.update(mailOutbox)
        .set({ ...next, lastError: error, attempts: sql`${mailOutbox.attempts} + 1` })
        .where(eq(mailOutbox.id, id))
        .run();
    },
    list(options: { state?: MailState; limit: number; offset: number }): OutboxMessage[] {
      return db
        .select()
        .from(mailOutbox)
        .where(options.state ? eq(mailOutbox.state, options.state) : undefined)
        .orderBy(desc(mailOutbox.id))
        .limit(options.limit)
        .offset(options.offset)
        .all();
    },
    countByState(): Record<MailState, number> {
      const rows = db
        .select({ state: mailOutbox.state, n: sql<number>`count(*)` })
        .from(mailOutbox)
        .groupBy(mailOutbox.state)
        .all();
      const counts: Record<MailState, number> = { queued: 0, sent: 0, failed: 0 };
      for (const row of rows) counts[row.state] = row.n;
      return counts;
    },
    findById(id: number): OutboxMessage | undefined {
      return db.select().from(mailOutbox).where(eq(mailOutbox.id, id)).get();
    },
  };
}
