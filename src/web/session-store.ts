import session from 'express-session';
import type { Db } from '../persistence/database.js';

/** express-session store in the registry's own SQLite database: no extra server. */
export class SqliteSessionStore extends session.Store {
  private readonly getStmt;
  private readonly setStmt;
  private readonly destroyStmt;
  private readonly touchStmt;
  private readonly pruneStmt;

  constructor(
    db: Db,
    private readonly now: () => number = Date.now,
  ) {
    super();
    const c = db.$client;
    this.getStmt = c.prepare<[string, number], { data: string }>(
      'SELECT data FROM sessions WHERE sid = ? AND expires_at > ?',
    );
    this.setStmt = c.prepare<[string, string, number]>(
      'INSERT INTO sessions (sid, data, expires_at) VALUES (?, ?, ?) ' +
        'ON CONFLICT(sid) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at',
    );
    this.destroyStmt = c.prepare<[string]>('DELETE FROM sessions WHERE sid = ?');
    this.touchStmt = c.prepare<[number, string]>('UPDATE sessions SET expires_at = ? WHERE sid = ?');
    this.pruneStmt = c.prepare<[number]>('DELETE FROM sessions WHERE expires_at <= ?');
  }

  // Expiry counts from the injected clock (not the cookie's wall-clock date) so the store and
  // the rest of the app agree on time, also when tests move the clock.
  private expiry(sess: session.SessionData): number {
    return this.now() + (sess.cookie?.originalMaxAge ?? 24 * 3600 * 1000);
  }

  override get(sid: string, cb: (err: unknown, session?: session.SessionData | null) => void) {
    try {
      const row = this.getStmt.get(sid, this.now());
      cb(null, row ? (JSON.parse(row.data) as session.SessionData) : null);
    } catch (err) {
      cb(err);
    }
  }

  override set(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void) {
    try {
      this.setStmt.run(sid, JSON.stringify(sess), this.expiry(sess));
      cb?.();
    } catch (err) {
      cb?.(err);
    }
  }

  override destroy(sid: string, cb?: (err?: unknown) => void) {
    try {
      this.destroyStmt.run(sid);
      cb?.();
    } catch (err) {
      cb?.(err);
    }
  }

  override touch(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void) {
    try {
      this.touchStmt.run(this.expiry(sess), sid);
      cb?.();
    } catch (err) {
      cb?.(err);
    }
  }

  prune(): number {
    return this.pruneStmt.run(this.now()).changes;
  }
}
