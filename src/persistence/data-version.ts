import type { Db } from './database.js';

/**
 * A token that changes whenever the database content may have changed: `total_changes()`
 * counts this connection's writes, `data_version` moves when another connection (a CLI sweep,
 * a second process) commits. Reading both is one cheap statement.
 */
export function dataVersion(db: Db): () => string {
  const stmt = db.$client.prepare<[], { t: number; v: number }>(
    'SELECT total_changes() AS t, (SELECT data_version FROM pragma_data_version()) AS v',
  );
  return () => {
    const row = stmt.get()!;
    return `${row.v}:${row.t}`;
  };
}
