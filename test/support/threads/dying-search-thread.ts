import { parentPort } from 'node:worker_threads';
import type { SearchRequest } from '../../../src/services/search-threads.js';

/**
 * The real search thread, which ends itself when asked for "stop-this-thread": to prove that a
 * thread dying under a search fails that search and that the next one gets a new thread.
 */
parentPort!.on('message', ({ query }: SearchRequest) => {
  if (query.q === 'stop-this-thread') process.exit(3);
});
await import('../../../src/web/search-thread.js');
