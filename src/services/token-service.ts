import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import { canManageTokens, canRevokeToken } from '../domain/policies/account-policy.js';
import { authorize } from '../domain/policies/policy.js';
import { conflict, notFound } from '../errors.js';
import { inTransaction, type Db } from '../persistence/database.js';
import { tokenRepository, type ApiToken } from '../persistence/token-repository.js';
import { userRepository, type User } from '../persistence/user-repository.js';
import { actorLabel } from './actor.js';
import { appendEvent } from './event-log.js';

const PREFIX = 'km_';

/** The name a person gives a token in the form; the CLI's names are trimmed and cut instead. */
export const tokenNameSchema = z.object({
  name: z.string().trim().min(1, 'required').max(80, 'at most 80 characters'),
});

// Tokens are 32 random bytes: a fast hash is enough (no brute force is possible), and it keeps
// every API request to one indexed lookup.
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function tokenService(db: Db, clock: Clock) {
  const tokens = tokenRepository(db);
  const users = userRepository(db);
  return {
    /** Creates a token for the user; the plain token is returned once and never stored. */
    create(user: User, name: string): { token: string; record: ApiToken } {
      authorize(canManageTokens(user));
      const label = name.trim().slice(0, 80) || 'API token';
      const token = PREFIX + randomBytes(32).toString('base64url');
      return inTransaction(db, () => {
        const now = clock.now();
        const record = tokens.insert({
          userId: user.id,
          name: label,
          tokenHash: hashToken(token),
          createdAt: now.toISOString(),
        });
        appendEvent(db, {
          at: now,
          actor: actorLabel(user),
          action: 'token.created',
          subject: `user:${user.id}`,
          payload: { tokenId: record.id, name: label },
          isPublic: false,
        });
        return { token, record };
      });
    },
    /** The user a Bearer token belongs to, or null when unknown, revoked or disabled. */
    authenticate(token: string): User | null {
      if (!token.startsWith(PREFIX) || token.length > 200) return null;
      const record = tokens.findActiveByHash(hashToken(token));
      if (!record) return null;
      const user = users.findById(record.userId);
      if (!user || user.disabled) return null;
      // "Last used" to the minute is enough, and sparing a write per API call keeps the
      // public register's read cache (emptied by any write) warm while tools are busy.
      const now = clock.now();
      if (!record.lastUsedAt || now.getTime() - Date.parse(record.lastUsedAt) >= 60_000)
        tokens.touch(record.id, now.toISOString());
      return user;
    },
    revoke(user: User, tokenId: number): void {
      inTransaction(db, () => {
        const record = tokens.findById(tokenId);
        // Someone else's token is not found: that it exists is not theirs to know.
        if (!record || !canRevokeToken(user, record).allowed) throw notFound('token');
        if (record.revokedAt) throw conflict('token_already_revoked', 'This token is already revoked');
        const now = clock.now();
        tokens.revoke(tokenId, now.toISOString());
        appendEvent(db, {
          at: now,
          actor: actorLabel(user),
          action: 'token.revoked',
          subject: `user:${record.userId}`,
          payload: { tokenId },
          isPublic: false,
        });
      });
    },
    listFor: (userId: number) => tokens.listForUser(userId),
  };
}

export type TokenService = ReturnType<typeof tokenService>;
