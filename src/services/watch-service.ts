import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import { DAY_MS } from '../domain/dates.js';
import type { MailLanguage } from '../domain/mail.js';
import { invalidInput } from '../errors.js';
import { type Db, inTransaction } from '../persistence/database.js';
import { watchRepository } from '../persistence/watch-repository.js';
import { defineMailTemplate, type MailService } from './mail-service.js';
import type { WatchTokens } from './watch-tokens.js';

/** How long a confirmation link works. */
export const CONFIRMATION_HOURS = 48;
/** Confirmation messages one address can be sent per day, however often the form is posted. */
export const REQUESTS_PER_ADDRESS_PER_DAY = 5;
/** Centres one request may name. */
export const MAX_CENTRES_PER_REQUEST = 20;

const slugSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,119}$/);

/** The watch form: an address and the centres it wants to hear about. */
export const watchRequestSchema = z.object({
  email: z.string().trim().max(254).pipe(z.email()),
  centres: z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z.array(slugSchema).min(1).max(MAX_CENTRES_PER_REQUEST),
  ),
});
export type WatchRequest = z.infer<typeof watchRequestSchema>;

/** The double opt-in: the link that proves the address's owner wants these messages. */
export const watchConfirmation = defineMailTemplate(
  'watch_confirmation',
  z.object({
    centres: z.array(z.string().min(1)).min(1),
    token: z.string().min(43),
    expiresAt: z.string().min(10),
  }),
  'watch.mail.subject',
);

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface WatchedCentre {
  slug: string;
  tradeName: string;
}

export type ConfirmationLookup =
  | { state: 'valid'; centres: WatchedCentre[] }
  | { state: 'expired' }
  | { state: 'unknown' };

/**
 * Watching centres by e-mail without an account: a request sends a confirmation link (double
 * opt-in); only a confirmed subscription receives status changes; every message carries a
 * one-click unsubscribe. A request says the same whatever the address's state, so the form
 * cannot be used to find out who watches what.
 */
export function watchService(db: Db, clock: Clock, mail: MailService, tokens: WatchTokens) {
  const watches = watchRepository(db);

  const lookUp = (token: string) => {
    const pending = watches.pendingByToken(hashToken(token));
    if (pending.length === 0) return { state: 'unknown' as const };
    const now = clock.now().toISOString();
    if (pending.some((s) => s.confirmExpiresAt === null || s.confirmExpiresAt < now)) {
      return { state: 'expired' as const };
    }
    return { state: 'valid' as const, pending };
  };
  const namesOf = (centreIds: number[]) =>
    centreIds.map((id) => watches.centreName(id)).filter((c): c is WatchedCentre => c !== undefined);

  return {
    /** The public centres a watch form offers (unknown or unpublished slugs are left out). */
    watchableCentres: (slugs: string[]) => watches.centresBySlug([...new Set(slugs)].slice(0, MAX_CENTRES_PER_REQUEST)),

    /**
     * Records the request and queues the confirmation, unless the address has had its share
     * of confirmations today; the caller answers the same either way.
     */
    request(input: WatchRequest, language: MailLanguage): void {
      const email = input.email.toLowerCase();
      const found = watches.centresBySlug([...new Set(input.centres)]);
      if (found.length !== new Set(input.centres).size) {
        throw invalidInput([
          { path: 'centres', code: 'watch_centre_unknown', message: 'not a centre of the register' },
        ]);
      }
      inTransaction(db, () => {
        const now = clock.now();
        const at = now.toISOString();
        const watcher = watches.findWatcher(email) ?? watches.insertWatcher({ email, language, at });
        const windowOver = Date.parse(watcher.requestWindowStartedAt) + DAY_MS <= now.getTime();
        const requests = windowOver ? 0 : watcher.requestsInWindow;
        if (requests >= REQUESTS_PER_ADDRESS_PER_DAY) return;
        watches.updateWatcher(watcher.id, {
          language,
          requestsInWindow: requests + 1,
          ...(windowOver && { requestWindowStartedAt: at }),
        });
        const token = randomBytes(32).toString('base64url');
        const expiresAt = new Date(now.getTime() + CONFIRMATION_HOURS * 3600_000).toISOString();
        for (const centre of found) {
          watches.upsertPending({
            watcherId: watcher.id,
            centreId: centre.id,
            tokenHash: hashToken(token),
            expiresAt,
            at,
          });
        }
        mail.queue({
          to: email,
          language,
          template: watchConfirmation,
          params: { centres: found.map((c) => c.tradeName), token, expiresAt },
        });
      });
    },

    /** What a confirmation link would confirm, for the page that asks to confirm. */
    confirmation(token: string): ConfirmationLookup {
      const found = lookUp(token);
      return found.state === 'valid'
        ? { state: 'valid', centres: namesOf(found.pending.map((s) => s.centreId)) }
        : found;
    },

    /** Uses a confirmation link: its subscriptions become active. Expired or used links do nothing. */
    confirm(token: string): ConfirmationLookup {
      return inTransaction(db, () => {
        const found = lookUp(token);
        if (found.state !== 'valid') return found;
        watches.activate(
          found.pending.map((s) => s.id),
          clock.now().toISOString(),
        );
        return { state: 'valid', centres: namesOf(found.pending.map((s) => s.centreId)) };
      });
    },

    /**
     * The centre an unsubscribe link is about; null when it was a genuine link whose
     * subscription has ended already, 'invalid' when it never was one.
     */
    unsubscription(token: string): WatchedCentre | null | 'invalid' {
      const id = tokens.subscriptionOf(token);
      if (id === null) return 'invalid';
      const subscription = watches.findSubscription(id);
      return subscription ? (watches.centreName(subscription.centreId) ?? null) : null;
    },

    /**
     * Ends the subscription an unsubscribe link names; idempotent (a second click, or a mail
     * client's one-click POST after the person clicked, changes nothing). The address is
     * forgotten with its last subscription.
     */
    unsubscribe(token: string): WatchedCentre | null | 'invalid' {
      const id = tokens.subscriptionOf(token);
      if (id === null) return 'invalid';
      return inTransaction(db, () => {
        const subscription = watches.findSubscription(id);
        if (!subscription) return null;
        watches.deleteSubscription(id);
        watches.prune(clock.now().toISOString());
        return watches.centreName(subscription.centreId) ?? null;
      });
    },

    /** Forgets unconfirmed requests past their link's expiry and addresses that watch nothing. */
    prune(now: Date = clock.now()): number {
      return inTransaction(db, () => watches.prune(now.toISOString()));
    },
  };
}

export type WatchService = ReturnType<typeof watchService>;
