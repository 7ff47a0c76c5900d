import type { Db } from './database.js';

/** Signed-in sessions in the registry's own database (the `sessions` table), times in ms. */
export function sessionRepository(db: Db) {
  const c = db.$client;
  const getStmt = c.prepare<[string, number], { data: string }>(
    'SELECT data FROM sessions WHERE sid = ? AND expires_at > ?',
  );
  const setStmt = c.prepare<[string, string, number]>(
    'INSERT INTO sessions (sid, data, expires_at) VALUES (?, ?, ?) ' +
      'ON CONFLICT(sid) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at',
  );
  const destroyStmt = c.prepare<[string]>('DELETE FROM sessions WHERE sid = ?');
  const touchStmt = c.prepare<[number, string, number]>(
    'UPDATE sessions SET expires_at = ? WHERE sid = ? AND expires_at < ?',
  );
  const removeForUserStmt = c.prepare<[number]>("DELETE FROM sessions WHERE json_extract(data, '$.userId') = ?");
  const pruneStmt = c.prepare<[number]>('DELETE FROM sessions WHERE expires_at <= ?');
  return {
    /** The session's data while it has not expired at `now`. */
    find: (sid: string, now: number): string | undefined => getStmt.get(sid, now)?.data,
    save: (sid: string, data: string, expiresAt: number): void => void setStmt.run(sid, data, expiresAt),
    remove: (sid: string): void => void destroyStmt.run(sid),
    /** Moves the expiry to `expiresAt`, unless the stored one is already within `slackMs` of it. */
    extend: (sid: string, expiresAt: number, slackMs = 0): void =>
      void touchStmt.run(expiresAt, sid, expiresAt - slackMs),
    /** Ends every session of the user (password reset, disabled); returns how many. */
    removeForUser: (userId: number): number => removeForUserStmt.run(userId).changes,
    /** Deletes expired sessions; returns how many. */
    prune: (now: number): number => pruneStmt.run(now).changes,
  };
}

export type SessionRepository = ReturnType<typeof sessionRepository>;
