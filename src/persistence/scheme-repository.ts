import type { Db } from './database.js';
import { dataVersion } from './data-version.js';

export interface StoredScheme {
  code: string;
  content: string;
  contentHash: string;
  publishedAt: string;
}

interface RawScheme {
  code: string;
  content: string;
  content_hash: string;
  published_at: string;
}

const toStored = (r: RawScheme): StoredScheme => ({
  code: r.code,
  content: r.content,
  contentHash: r.content_hash,
  publishedAt: r.published_at,
});

/** The event-log action of a text-only revision of a published scheme version. */
export const TEXTS_REVISED = 'scheme.texts_revised';

export function schemeRepository(db: Db) {
  const c = db.$client;
  const byCode = c.prepare<[string], RawScheme>('SELECT * FROM scheme_versions WHERE code = ?');
  // Pages ask for the current scheme on every request; sorting the versions reads each row past
  // its large content, so the answer is kept until the data changes.
  const latestCodeStmt = c
    .prepare<[], string>('SELECT code FROM scheme_versions ORDER BY published_at DESC, code DESC LIMIT 1')
    .pluck();
  const version = dataVersion(db);
  let latestAt: { version: string; code: string | undefined } | undefined;
  const latestCode = () => {
    const now = version();
    if (latestAt?.version !== now) latestAt = { version: now, code: latestCodeStmt.get() };
    return latestAt.code;
  };
  // Stored versions are immutable (a trigger refuses updates), so a row read once is kept.
  const stored = new Map<string, StoredScheme>();
  const all = c.prepare<[], RawScheme>('SELECT * FROM scheme_versions ORDER BY published_at, code');
  const insert = c.prepare(
    'INSERT INTO scheme_versions (code, content, content_hash, published_at) VALUES (?, ?, ?, ?)',
  );
  // A version's text revisions live in the hash-chained event log (docs/decisions/009): the
  // stored version is immutable, and the log is where an append-only, checkable record belongs.
  // Read here, never written here (services/event-log.ts appends them).
  const textRevision = c.prepare<[string, string], { payload: string }>(
    'SELECT payload FROM events WHERE is_public = 1 AND action = ? AND subject = ? ORDER BY seq DESC LIMIT 1',
  );
  return {
    find(code: string): StoredScheme | undefined {
      const row = byCode.get(code);
      return row && toStored(row);
    },
    latest(): StoredScheme | undefined {
      const code = latestCode();
      if (code === undefined) return undefined;
      let scheme = stored.get(code);
      if (!scheme) {
        const row = byCode.get(code);
        scheme = row && toStored(row);
        if (scheme) stored.set(code, scheme);
      }
      return scheme;
    },
    list(): StoredScheme[] {
      return all.all().map(toStored);
    },
    insert(s: StoredScheme): void {
      insert.run(s.code, s.content, s.contentHash, s.publishedAt);
    },
    /** The payload of the latest text revision of a version (the event's JSON), if it has one. */
    latestTextRevision(code: string): unknown {
      const row = textRevision.get(TEXTS_REVISED, `scheme:${code}`);
      return row ? (JSON.parse(row.payload) as unknown) : undefined;
    },
  };
}
