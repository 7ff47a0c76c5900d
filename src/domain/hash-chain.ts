/**
 * The event log's tamper evidence: each entry's hash covers its own fields and the previous
 * entry's hash, so changing, deleting, inserting or reordering any entry breaks every link
 * after it. The canonical encoding makes the hash independent of key order and whitespace, so
 * anyone can recompute it from the public JSON.
 */
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted (by UTF-16 code unit) and no whitespace; throws on values JSON cannot carry faithfully. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} is not a finite number`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((element) => canonicalJson(element)).join(',')}]`;
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, element]) => `${JSON.stringify(key)}:${canonicalJson(element)}`).join(',')}}`;
  }
  throw new TypeError(`canonicalJson: cannot encode ${value === undefined ? 'undefined' : typeof value}`);
}

export type EventFields = {
  seq: number;
  at: string;
  actor: string | null;
  action: string;
  subject: string;
  payload: unknown;
  prevHash: string;
};

export type ChainEntry = EventFields & { hash: string };

export type ChainVerification = { ok: boolean; length: number; head: string; brokenAt: number | null };

export function hashEvent(event: EventFields): string {
  const { seq, at, actor, action, subject, payload, prevHash } = event;
  return createHash('sha256')
    .update(canonicalJson({ seq, at, actor, action, subject, payload, prevHash }))
    .digest('hex');
}

function isIntact(entry: ChainEntry, expectedSeq: number, expectedPrev: string): boolean {
  if (entry.seq !== expectedSeq || entry.prevHash !== expectedPrev) return false;
  try {
    return hashEvent(entry) === entry.hash;
  } catch {
    return false;
  }
}

/** `brokenAt` is the sequence number stored in the first entry that does not link up. */
export function verifyChain(entries: readonly ChainEntry[]): ChainVerification {
  let prev = GENESIS_HASH;
  for (const [index, entry] of entries.entries()) {
    if (!isIntact(entry, index + 1, prev)) {
      return { ok: false, length: entries.length, head: entries.at(-1)?.hash ?? GENESIS_HASH, brokenAt: entry.seq };
    }
    prev = entry.hash;
  }
  return { ok: true, length: entries.length, head: prev, brokenAt: null };
}
