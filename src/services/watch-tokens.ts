import { createHmac, timingSafeEqual } from 'node:crypto';
import { newSecret } from '../config.js';
import type { Db } from '../persistence/database.js';
import { settingsRepository } from '../persistence/settings-repository.js';

/**
 * Unsubscribe links: `<subscription id>.<HMAC of it>` with a secret kept in the database. The
 * link works for as long as the subscription exists, needs nothing stored per message, and
 * cannot be guessed or forged for someone else's subscription.
 */
export function watchTokens(db: Db) {
  let secret: string | undefined;
  const key = () => {
    secret ??= settingsRepository(db).getOrCreate('watch_token_secret', newSecret);
    return secret;
  };
  const sign = (id: number) => createHmac('sha256', key()).update(`unsubscribe:${id}`).digest('base64url');
  return {
    unsubscribeToken: (subscriptionId: number) => `${subscriptionId}.${sign(subscriptionId)}`,
    /** The subscription a genuine token names, or null. */
    subscriptionOf(token: string): number | null {
      const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
      if (!match) return null;
      const id = Number(match[1]);
      const expected = Buffer.from(sign(id));
      const given = Buffer.from(match[2]!);
      return expected.length === given.length && timingSafeEqual(expected, given) ? id : null;
    },
  };
}

export type WatchTokens = ReturnType<typeof watchTokens>;
