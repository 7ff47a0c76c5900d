import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SearchQuery } from '../contracts/register.js';

/**
 * The messages between the register service and a search thread. The thread's module (given
 * by the composition root: the web layer's, which presents what it finds) answers each query
 * with the serialised public answer.
 */
export interface SearchRequest {
  id: number;
  query: SearchQuery;
}

export type SearchReply =
  | { id: number; ok: true; answer: string }
  | { id: number; ok: false; message: string }
  /** Sent once, when the thread has opened its connection. */
  | { id: 0; ok: true; ready: true };

/** What a search thread's module is started with. */
export interface SearchThreadData {
  databasePath: string;
}

export interface SearchThreads {
  answer(query: SearchQuery): Promise<string>;
  /** Starts every thread and resolves when each has opened its connection (the server's start). */
  start(): Promise<void>;
  /** Stops the threads; a later search starts them again. */
  close(): Promise<void>;
}

interface Thread {
  worker: Worker;
  pending: Map<number, { resolve: (answer: string) => void; reject: (e: Error) => void }>;
  ready: Promise<void>;
}

/**
 * Under the compiled server the thread runs the built module; under tsx and vitest the
 * TypeScript source, which a fresh thread can only load after registering tsx's loader.
 */
function spawn(entry: URL, workerData: SearchThreadData): Worker {
  // The built module needs none of the parent's loader flags (a thread would inherit them).
  if (!import.meta.url.endsWith('.ts')) return new Worker(entry, { workerData, execArgv: [] });
  const source = entry.href.replace(/\.js$/, '.ts');
  const tsxApi = pathToFileURL(
    join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs'),
  ).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}

/**
 * Register searches on `size` worker threads, each with its own read-only connection to the
 * registry file. A search reads thousands of index entries, and presenting and serialising its
 * page costs as much again; on the main thread both would hold every seal and page behind
 * them. Threads start at the first search (or start()); each search goes to the thread with
 * the fewest searches in flight. A thread that dies fails its searches with an error (a 500
 * for those requests, never a hung one) and is replaced at the next search.
 */
export function searchThreads(entry: URL, databasePath: string, size: number): SearchThreads {
  const threads: (Thread | undefined)[] = Array.from({ length: size }, () => undefined);
  let nextId = 1;

  function start(slot: number): Thread {
    const worker = spawn(entry, { databasePath });
    // Searches in flight keep the process alive through their promises, not the thread itself.
    worker.unref();
    let opened: () => void = () => {};
    let failed: (err: Error) => void = () => {};
    const ready = new Promise<void>((resolve, reject) => {
      opened = resolve;
      failed = reject;
    });
    // Only start() waits for `ready`; a search sent to a thread that never opens fails through `pending`.
    ready.catch(() => {});
    const thread: Thread = { worker, pending: new Map(), ready };
    const fail = (err: Error) => {
      if (threads[slot] === thread) threads[slot] = undefined;
      failed(err);
      for (const { reject } of thread.pending.values()) reject(err);
      thread.pending.clear();
    };
    worker.on('message', (reply: SearchReply) => {
      if ('ready' in reply) return opened();
      const waiting = thread.pending.get(reply.id);
      if (!waiting) return;
      thread.pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.answer);
      else waiting.reject(new Error(`search failed: ${reply.message}`));
    });
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`search thread exited (${code})`)));
    threads[slot] = thread;
    return thread;
  }

  function leastBusy(): Thread {
    let best: Thread | undefined;
    for (let slot = 0; slot < threads.length; slot++) {
      const thread = threads[slot] ?? start(slot);
      if (!best || thread.pending.size < best.pending.size) best = thread;
    }
    return best!;
  }

  return {
    answer(query) {
      const thread = leastBusy();
      const id = nextId++;
      return new Promise<string>((resolve, reject) => {
        thread.pending.set(id, { resolve, reject });
        // A starting thread gets its searches once it has opened its connection; if it never
        // does, `fail` has already rejected them.
        void thread.ready.then(
          () => thread.worker.postMessage({ id, query } satisfies SearchRequest),
          () => {},
        );
      });
    },
    async start() {
      await Promise.all(threads.map((thread, slot) => (thread ?? start(slot)).ready));
    },
    async close() {
      const running = threads.filter((t): t is Thread => t !== undefined);
      threads.fill(undefined);
      await Promise.all(running.map((t) => t.worker.terminate()));
    },
  };
}
