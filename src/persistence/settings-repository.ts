import type { Db } from './database.js';

export function settingsRepository(db: Db) {
  const c = db.$client;
  const get = c.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
  const insert = c.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING');
  return {
    find: (key: string): string | undefined => get.get(key)?.value,
    /** Stores value unless the key exists; returns whichever value is stored now. */
    getOrCreate(key: string, create: () => string): string {
      insert.run(key, create());
      return get.get(key)!.value;
    },
  };
}
