import type { Db } from './database.js';

export interface EventRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  payload: unknown;
  isPublic: boolean;
  prevHash: string;
  hash: string;
}

interface RawEventRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  payload: string;
  is_public: number;
  prev_hash: string;
  hash: string;
}

const toEvent = (r: RawEventRow): EventRow => ({
  seq: r.seq,
  at: r.at,
  actor: r.actor,
  action: r.action,
  subject: r.subject,
  payload: JSON.parse(r.payload) as unknown,
  isPublic: r.is_public === 1,
  prevHash: r.prev_hash,
  hash: r.hash,
});

/** The only code that touches the events table; it can append and read, nothing else. */
export function eventRepository(db: Db) {
  const c = db.$client;
  const headStmt = c.prepare<[], { seq: number; hash: string }>(
    'SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1',
  );
  const insertStmt = c.prepare(
    'INSERT INTO events (seq, at, actor, action, subject, payload, is_public, prev_hash, hash) ' +
      'VALUES (@seq, @at, @actor, @action, @subject, @payload, @isPublic, @prevHash, @hash)',
  );
  const allStmt = c.prepare<[number, number], RawEventRow>('SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?');
  const publicStmt = c.prepare<[number, number], RawEventRow>(
    'SELECT * FROM events WHERE is_public = 1 AND seq > ? ORDER BY seq LIMIT ?',
  );
  return {
    head(): { seq: number; hash: string } | undefined {
      return headStmt.get();
    },
    insert(row: Omit<EventRow, 'payload'> & { payload: string }): void {
      insertStmt.run({ ...row, isPublic: row.isPublic ? 1 : 0 });
    },
    /** Every entry in order, in pages so a long chain never sits in memory at once. */
    *iterateAll(pageSize = 5000): Generator<EventRow> {
      let after = 0;
      for (;;) {
        const rows = allStmt.all(after, pageSize);
        for (const r of rows) yield toEvent(r);
        if (rows.length < pageSize) return;
        after = rows[rows.length - 1]!.seq;
      }
    },
    listPublic(after: number, limit: number): EventRow[] {
      return publicStmt.all(after, limit).map(toEvent);
    },
  };
}

export type EventRepository = ReturnType<typeof eventRepository>;
