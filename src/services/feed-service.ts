import { dataVersion } from '../persistence/data-version.js';
import type { Db } from '../persistence/database.js';
import { feedRepository, type StatusChange } from '../persistence/feed-repository.js';
import { registerRepository } from '../persistence/register-repository.js';
import { ReadCache } from './read-cache.js';

export type { StatusChange };

/** Entries per feed: a reader polls often, and the register keeps the full history. */
export const FEED_PAGE_SIZE = 50;

/** The public status changes behind the Atom feeds, remembered until the data changes. */
export function feedService(db: Db) {
  const feeds = feedRepository(db);
  const register = registerRepository(db);
  const cache = new ReadCache(dataVersion(db), 500);
  return {
    /** The latest status changes of every certificate, newest first. */
    statusChanges: (): StatusChange[] => cache.get('all', () => feeds.latest(FEED_PAGE_SIZE)),

    /** A public centre's name and its latest status changes; undefined when no such centre is public. */
    centreChanges(slug: string): { name: string; changes: StatusChange[] } | undefined {
      return cache.get(`centre:${slug}`, () => {
        const row = register.findPublic(slug);
        return row && { name: row.tradeName, changes: feeds.ofCentre(slug, FEED_PAGE_SIZE) };
      });
    },
  };
}

export type FeedService = ReturnType<typeof feedService>;
