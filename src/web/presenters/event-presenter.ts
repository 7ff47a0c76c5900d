import type { EventsPageJson, PublicEventJson } from '../../contracts/register.js';
import type { EventRow } from '../../services/register-service.js';

/** One entry of the public event log as the Event exchange shape. */
export function presentEvent(e: EventRow): PublicEventJson {
  return {
    seq: e.seq,
    at: e.at,
    actor: e.actor,
    action: e.action,
    subject: e.subject,
    payload: (e.payload ?? {}) as Record<string, unknown>,
    prevHash: e.prevHash,
    hash: e.hash,
  };
}

export function presentEventsPage(page: { events: EventRow[]; next: number | null }): EventsPageJson {
  return { items: page.events.map(presentEvent), next: page.next };
}
