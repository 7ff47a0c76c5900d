import { canonicalJson, GENESIS_HASH, hashEvent, verifyChain } from '../domain/hash-chain.js';
import type { Db } from '../persistence/database.js';
import { eventRepository, type EventRepository } from '../persistence/event-repository.js';
import { type Actor, actorLabel } from './actor.js';

export interface NewEvent {
  at: Date;
  actor: string;
  action: string;
  subject: string;
  payload: Record<string, unknown>;
  /** Certificate status changes are public; user and internal changes are not. */
  isPublic: boolean;
}

// One repository (and its prepared statements) per database, not one per appended event.
const repositories = new WeakMap<Db, EventRepository>();
function eventsOf(db: Db): EventRepository {
  let events = repositories.get(db);
  if (!events) {
    events = eventRepository(db);
    repositories.set(db, events);
  }
  return events;
}

/** Appends to the hash-chained log. Call inside the transaction that makes the change. */
export function appendEvent(db: Db, event: NewEvent): { seq: number; hash: string } {
  const events = eventsOf(db);
  const head = events.head();
  const seq = (head?.seq ?? 0) + 1;
  const prevHash = head?.hash ?? GENESIS_HASH;
  const at = event.at.toISOString();
  const hash = hashEvent({
    seq,
    at,
    actor: event.actor,
    action: event.action,
    subject: event.subject,
    payload: event.payload,
    prevHash,
  });
  events.insert({
    seq,
    at,
    actor: event.actor,
    action: event.action,
    subject: event.subject,
    payload: canonicalJson(event.payload),
    isPublic: event.isPublic,
    prevHash,
    hash,
  });
  return { seq, hash };
}

/** Recomputes the whole chain from the database. */
export function verifyEventLog(db: Db) {
  return verifyChain([...eventsOf(db).iterateAll()]);
}

/** Appends an entry done by `actor`; call inside the transaction that makes the change. */
export function recordEvent(db: Db, actor: Actor, event: Omit<NewEvent, 'actor'>): { seq: number; hash: string } {
  return appendEvent(db, { ...event, actor: actorLabel(actor) });
}
