import { parentPort, workerData } from 'node:worker_threads';
import { openRegisterSearcher } from '../services/register-searcher.js';
import type { SearchReply, SearchRequest, SearchThreadData } from '../services/search-threads.js';
import { serialiseSearchResult } from './presenters/centre-presenter.js';

/**
 * A search thread (services/search-threads.ts): searches on its own read-only connection and
 * answers with the page presented and serialised exactly as the main thread would, so neither
 * the search nor the serialising holds the event loop that serves seals and pages.
 */
const search = openRegisterSearcher((workerData as SearchThreadData).databasePath);

parentPort!.on('message', ({ id, query }: SearchRequest) => {
  let reply: SearchReply;
  try {
    reply = { id, ok: true, answer: serialiseSearchResult(search(query)) };
  } catch (err) {
    reply = { id, ok: false, message: (err as Error).message };
  }
  parentPort!.postMessage(reply);
});
parentPort!.postMessage({ id: 0, ok: true, ready: true } satisfies SearchReply);
