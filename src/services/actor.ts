import type { User } from '../persistence/user-repository.js';

/** Who did something, as recorded in the event log and status history. */
export type Actor = Pick<User, 'id' | 'role' | 'email'> | 'system' | 'sweep' | 'seed' | 'cli' | 'public';

export function actorLabel(actor: Actor): string {
  return typeof actor === 'string' ? actor : `${actor.role}:${actor.id}`;
}

export const dayOf = (at: Date) => at.toISOString().slice(0, 10);
