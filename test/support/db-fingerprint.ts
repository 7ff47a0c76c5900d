import type { Database } from 'better-sqlite3';

/**
 * A cheap summary of everything stored: per table its row count and highest rowid, the event
 * log's head hash, and the connection's total_changes() (which also moves on an UPDATE that
 * leaves counts alone). Two equal fingerprints taken on the app's own connection mean no
 * statement changed a row in between. Sessions are left out: they are the visitor's, not input.
 */
export function dbFingerprint(client: Database): () => string {
  const tables = (
    client.prepare("SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table'").all() as {
      name: string;
      wr: number;
    }[]
  ).filter((t) => !/^(sqlite_|__drizzle)/.test(t.name) && t.name !== 'sessions');
  // WITHOUT ROWID tables have no rowid to take the maximum of; their count has to do.
  const summary = (t: { name: string; wr: number }) =>
    `(SELECT count(*) || ':' || ${t.wr ? "''" : 'coalesce(max(rowid), 0)'} FROM "${t.name}")`;
  const counts = client.prepare(`SELECT ${tables.map(summary).join(` || ',' || `)} AS summary`);
  const head = client.prepare("SELECT coalesce((SELECT hash FROM events ORDER BY seq DESC LIMIT 1), '') AS hash");
  const changes = client.prepare('SELECT total_changes() AS n');
  return () =>
    `${(counts.get() as { summary: string }).summary}|${(head.get() as { hash: string }).hash}|${(changes.get() as { n: number }).n}`;
}
