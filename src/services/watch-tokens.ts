import { createHmac, timingSafeEqual } from 'node:crypto';
import { newSecret } from '../config.js';
import type { Db } from '../persistence/database.js';
import { settingsRepository } from '../persistence/settings-repository.js';

/**
 * Unsubscribe links: `<subscription id>.<HMAC of it>` with a secret kept in the database. The
 * link works for as long as the subscription exists, needs nothing stored per message, and
 * cannot be guessed or forged for someone else's subscription.
 */
const SECRET = 'watch_token_secret';

export function watchTokens(db: Db) {
  const settings = settingsRepository(db);
  let secret: string | undefined;
  // Made when the first token is signed; until then no token can be genuine, and checking one
  // writes nothing.
  const key = (create: boolean) => {
    secret ??= create ? settings.getOrCreate(SECRET, newSecret) : settings.find(SECRET);
    return secret;
  };
  const sign = (id: number, secretKey: string) =>
    createHmac('sha256', secretKey).update(`unsubscribe:${id}`).digest('base64url');
  return {
    unsubscribeToken: (subscriptionId: number) => `${subscriptionId}.${sign(subscriptionId, key(true)!)}`,
    /** The subscription a genuine token names, or null. */
    subscriptionOf(token: string): number | null {
      const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
      const secretKey = key(false);
      if (!match || !secretKey) return null;
      const id = Number(match[1]);
      const expected = Buffer.from(sign(id, secretKey));
      const given = Buffer.from(match[2]!);
      return expected.length === given.length && timingSafeEqual(expected, given) ? id : null;
    },
  };
}

export type WatchTokens = ReturnType<typeof watchTokens>;
