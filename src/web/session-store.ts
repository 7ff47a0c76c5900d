import session from 'express-session';

/** Where sessions are kept; the composition root (app.ts) passes the database's repository. */
export interface SessionRecords {
  find(sid: string, now: number): string | undefined;
  save(sid: string, data: string, expiresAt: number): void;
  remove(sid: string): void;
  extend(sid: string, expiresAt: number, slackMs?: number): void;
}

/**
 * A session is touched on every signed-in request. Writing its new expiry only when the stored
 * one is a minute behind keeps browsing from being a stream of writes, each of which would also
 * empty the public register's read cache.
 */
export const TOUCH_EVERY_MS = 60_000;

/** express-session store in the registry's own SQLite database: no extra server. */
export class SqliteSessionStore extends session.Store {
  constructor(
    private readonly records: SessionRecords,
    private readonly now: () => number = Date.now,
  ) {
    super();
  }

  // Expiry counts from the injected clock (not the cookie's wall-clock date) so the store and
  // the rest of the app agree on time, also when tests move the clock.
  private expiry(sess: session.SessionData): number {
    return this.now() + (sess.cookie?.originalMaxAge ?? 24 * 3600 * 1000);
  }

  override get(sid: string, cb: (err: unknown, session?: session.SessionData | null) => void) {
    try {
      const data = this.records.find(sid, this.now());
      cb(null, data ? (JSON.parse(data) as session.SessionData) : null);
    } catch (err) {
      cb(err);
    }
  }

  override set(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void) {
    try {
      this.records.save(sid, JSON.stringify(sess), this.expiry(sess));
      cb?.();
    } catch (err) {
      cb?.(err);
    }
  }

  override destroy(sid: string, cb?: (err?: unknown) => void) {
    try {
      this.records.remove(sid);
      cb?.();
    } catch (err) {
      cb?.(err);
    }
  }

  override touch(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void) {
    try {
      this.records.extend(sid, this.expiry(sess), TOUCH_EVERY_MS);
      cb?.();
    } catch (err) {
      cb?.(err);
    }
  }
}
