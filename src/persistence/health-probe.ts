import { accessSync, constants, statSync } from 'node:fs';
import { type Db, databaseFile } from './database.js';

/**
 * Can the database be read and written, and is it still the file that was opened? SQLite keeps
 * writing to an open file that was deleted or replaced, and those writes vanish at the next
 * start, so the file's device and inode are compared with the ones seen at open.
 */
export function databaseProbe(db: Db): () => boolean {
  const file = databaseFile(db);
  const read = db.$client.prepare('SELECT count(*) AS n FROM scheme_versions');
  return () => {
    try {
      if (file) {
        const now = statSync(file.path);
        if (now.dev !== file.dev || now.ino !== file.ino) return false;
        accessSync(file.path, constants.R_OK | constants.W_OK);
      }
      read.get();
      return true;
    } catch {
      return false;
    }
  };
}
