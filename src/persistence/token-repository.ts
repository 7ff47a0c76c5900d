import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from './database.js';
import { apiTokens } from './schema.js';

export type ApiToken = Omit<typeof apiTokens.$inferSelect, 'tokenHash'>;

const publicColumns = {
  id: apiTokens.id,
  userId: apiTokens.userId,
  name: apiTokens.name,
  lastUsedAt: apiTokens.lastUsedAt,
  revokedAt: apiTokens.revokedAt,
  createdAt: apiTokens.createdAt,
};

export function tokenRepository(db: Db) {
  return {
    insert(values: { userId: number; name: string; tokenHash: string; createdAt: string }): ApiToken {
      return db.insert(apiTokens).values(values).returning(publicColumns).get();
    },
    findActiveByHash(tokenHash: string): ApiToken | undefined {
      return db
        .select(publicColumns)
        .from(apiTokens)
        .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)))
        .get();
    },
    listForUser(userId: number): ApiToken[] {
      return db
        .select(publicColumns)
        .from(apiTokens)
        .where(eq(apiTokens.userId, userId))
        .orderBy(desc(apiTokens.id))
        .all();
    },
    findById(id: number): ApiToken | undefined {
      return db.select(publicColumns).from(apiTokens).where(eq(apiTokens.id, id)).get();
    },
    revoke(id: number, at: string): void {
      db.update(apiTokens).set({ revokedAt: at }).where(eq(apiTokens.id, id)).run();
    },
    revokeAllForUser(userId: number, at: string): void {
      db.update(apiTokens)
        .set({ revokedAt: at })
        .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
        .run();
    },
    touch(id: number, at: string): void {
      db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, id)).run();
    },
  };
}
