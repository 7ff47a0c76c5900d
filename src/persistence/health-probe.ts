import type { Db } from './database.js';

/** Can the database be read? One cheap statement on a table every registry has. */
export function databaseProbe(db: Db): () => boolean {
  return () => {
    try {
      db.$client.prepare('SELECT count(*) AS n FROM scheme_versions').get();
      return true;
    } catch {
      return false;
    }
  };
}
