import { and, eq, inArray, lt, notExists, sql } from 'drizzle-orm';
import type { MailLanguage } from '../domain/mail.js';
import type { Db } from './database.js';
import { centres, registerEntries, users } from './schema.js';
import { watchers, watchSubscriptions } from './watch-schema.js';

export type Watcher = typeof watchers.$inferSelect;
export type WatchSubscription = typeof watchSubscriptions.$inferSelect;

/** Who hears about a centre: its enabled portal users and the addresses that watch it. */
export interface CentreRecipients {
  centre: { id: number; slug: string; tradeName: string; country: 'NL' | 'BE'; languages: string[] };
  users: { id: number; email: string }[];
  watchers: { subscriptionId: number; email: string; language: MailLanguage }[];
}

export function watchRepository(db: Db) {
  return {
    recipientsOf(centreId: number): CentreRecipients | undefined {
      const centre = db
        .select({
          id: centres.id,
          slug: centres.slug,
          tradeName: centres.tradeName,
          country: centres.country,
          languages: centres.languages,
        })
        .from(centres)
        .where(eq(centres.id, centreId))
        .get();
      if (!centre) return undefined;
      return {
        centre,
        users: db
          .select({ id: users.id, email: users.email })
          .from(users)
          .where(and(eq(users.centreId, centreId), eq(users.role, 'centre'), eq(users.disabled, false)))
          .orderBy(users.id)
          .all(),
        watchers: db
          .select({ subscriptionId: watchSubscriptions.id, email: watchers.email, language: watchers.language })
          .from(watchSubscriptions)
          .innerJoin(watchers, eq(watchers.id, watchSubscriptions.watcherId))
          .where(and(eq(watchSubscriptions.centreId, centreId), eq(watchSubscriptions.state, 'active')))
          .orderBy(watchSubscriptions.id)
          .all(),
      };
    },

    /** Centres with at least one enabled portal user (the only ones reminders can reach). */
    centresWithPortalUsers(): Set<number> {
      const rows = db
        .selectDistinct({ centreId: users.centreId })
        .from(users)
        .where(and(eq(users.role, 'centre'), eq(users.disabled, false)))
        .all();
      return new Set(rows.flatMap((row) => (row.centreId === null ? [] : [row.centreId])));
    },

    findWatcher(email: string): Watcher | undefined {
      return db.select().from(watchers).where(eq(watchers.email, email)).get();
    },
    insertWatcher(values: { email: string; language: MailLanguage; at: string }): Watcher {
      return db
        .insert(watchers)
        .values({
          email: values.email,
          language: values.language,
          requestWindowStartedAt: values.at,
          requestsInWindow: 0,
          createdAt: values.at,
        })
        .returning()
        .get();
    },
    updateWatcher(
      id: number,
      values: Partial<Pick<Watcher, 'language' | 'requestWindowStartedAt' | 'requestsInWindow'>>,
    ): void {
      db.update(watchers).set(values).where(eq(watchers.id, id)).run();
    },

    subscriptionsOf(watcherId: number, centreIds: number[]): WatchSubscription[] {
      return db
        .select()
        .from(watchSubscriptions)
        .where(and(eq(watchSubscriptions.watcherId, watcherId), inArray(watchSubscriptions.centreId, centreIds)))
        .all();
    },
    /** A pending subscription, or a new confirmation for one already pending. */
    upsertPending(values: {
      watcherId: number;
      centreId: number;
      tokenHash: string;
      expiresAt: string;
      at: string;
    }): void {
      db.insert(watchSubscriptions)
        .values({
          watcherId: values.watcherId,
          centreId: values.centreId,
          state: 'pending',
          confirmTokenHash: values.tokenHash,
          confirmExpiresAt: values.expiresAt,
          createdAt: values.at,
        })
        .onConflictDoUpdate({
          target: [watchSubscriptions.watcherId, watchSubscriptions.centreId],
          set: { confirmTokenHash: values.tokenHash, confirmExpiresAt: values.expiresAt },
          // An active subscription stays active and needs no new confirmation.
          setWhere: sql`${watchSubscriptions.state} = 'pending'`,
        })
        .run();
    },
    /** The pending subscriptions a confirmation token names (expired or not). */
    pendingByToken(tokenHash: string): WatchSubscription[] {
      return db
        .select()
        .from(watchSubscriptions)
        .where(and(eq(watchSubscriptions.confirmTokenHash, tokenHash), eq(watchSubscriptions.state, 'pending')))
        .all();
    },
    activate(ids: number[], at: string): void {
      if (ids.length === 0) return;
      db.update(watchSubscriptions)
        .set({ state: 'active', confirmedAt: at, confirmTokenHash: null, confirmExpiresAt: null })
        .where(inArray(watchSubscriptions.id, ids))
        .run();
    },
    findSubscription(id: number): WatchSubscription | undefined {
      return db.select().from(watchSubscriptions).where(eq(watchSubscriptions.id, id)).get();
    },
    deleteSubscription(id: number): void {
      db.delete(watchSubscriptions).where(eq(watchSubscriptions.id, id)).run();
    },
    /**
     * Forgets what nobody confirmed in time, then every address that watches nothing any more:
     * an address is kept only while it is needed.
     */
    prune(now: string): number {
      const expired = db
        .delete(watchSubscriptions)
        .where(and(eq(watchSubscriptions.state, 'pending'), lt(watchSubscriptions.confirmExpiresAt, now)))
        .run().changes;
      db.delete(watchers)
        .where(
          notExists(
            db.select({ one: sql`1` }).from(watchSubscriptions).where(eq(watchSubscriptions.watcherId, watchers.id)),
          ),
        )
        .run();
      return expired;
    },
    /**
     * Public centres (those the register lists: they hold or held a certificate) by slug;
     * unknown slugs are left out. A centre that never became public cannot be watched.
     */
    centresBySlug(slugs: string[]): { id: number; slug: string; tradeName: string }[] {
      if (slugs.length === 0) return [];
      return db
        .select({ id: centres.id, slug: centres.slug, tradeName: centres.tradeName })
        .from(centres)
        .innerJoin(registerEntries, eq(registerEntries.centreId, centres.id))
        .where(inArray(centres.slug, slugs))
        .orderBy(centres.tradeName)
        .all();
    },
    centreName(id: number): { slug: string; tradeName: string } | undefined {
      return db
        .select({ slug: centres.slug, tradeName: centres.tradeName })
        .from(centres)
        .where(eq(centres.id, id))
        .get();
    },
  };
}
