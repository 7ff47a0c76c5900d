import type { Db } from './database.js';

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

export function schemeRepository(db: Db) {
  const c = db.$client;
  const byCode = c.prepare<[string], RawScheme>('SELECT * FROM scheme_versions WHERE code = ?');
  const latest = c.prepare<[], RawScheme>(
    'SELECT * FROM scheme_versions ORDER BY published_at DESC, code DESC LIMIT 1',
  );
  const all = c.prepare<[], RawScheme>('SELECT * FROM scheme_versions ORDER BY published_at, code');
  const insert = c.prepare(
    'INSERT INTO scheme_versions (code, content, content_hash, published_at) VALUES (?, ?, ?, ?)',
  );
  return {
    find(code: string): StoredScheme | undefined {
      const row = byCode.get(code);
      return row && toStored(row);
    },
    latest(): StoredScheme | undefined {
      const row = latest.get();
      return row && toStored(row);
    },
    list(): StoredScheme[] {
      return all.all().map(toStored);
    },
    insert(s: StoredScheme): void {
      insert.run(s.code, s.content, s.contentHash, s.publishedAt);
    },
  };
}
