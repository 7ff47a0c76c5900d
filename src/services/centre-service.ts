import type { Clock } from '../clock.js';
import { centreInputSchema, slugify, type CentreInput } from '../domain/centre.js';
import { conflict, notFound } from '../errors.js';
import { centreRepository, type Centre } from '../persistence/centre-repository.js';
import { inTransaction, type Db } from '../persistence/database.js';
import { actorLabel, type Actor } from './actor.js';
import { appendEvent } from './event-log.js';

export function centreService(db: Db, clock: Clock) {
  const repo = centreRepository(db);

  function uniqueSlug(input: CentreInput): string {
    const base = slugify(`${input.tradeName} ${input.city}`) || 'centre';
    let slug = base;
    for (let n = 2; repo.slugExists(slug); n++) slug = `${base}-${n}`;
    return slug;
  }

  function assertRegistrationFree(input: CentreInput, exceptId?: number) {
    const other = repo.findByRegistration(input.country, input.registrationNumber);
    if (other && other.id !== exceptId) {
      throw conflict(`Registration number ${input.registrationNumber} is already used by ${other.tradeName}`, [
        { path: 'registrationNumber', message: `already registered for ${other.tradeName}` },
      ]);
    }
  }

  return {
    create(raw: unknown, actor: Actor): Centre {
      const input = centreInputSchema.parse(raw);
      return inTransaction(db, () => {
        assertRegistrationFree(input);
        const centre = repo.insert(uniqueSlug(input), input);
        appendEvent(db, {
          at: clock.now(),
          actor: actorLabel(actor),
          action: 'centre.created',
          subject: `centre:${centre.slug}`,
          payload: { slug: centre.slug, tradeName: centre.tradeName, registrationNumber: centre.registrationNumber },
          isPublic: false,
        });
        return centre;
      });
    },
    update(slug: string, raw: unknown, actor: Actor): Centre {
      const input = centreInputSchema.parse(raw);
      return inTransaction(db, () => {
        const existing = repo.findBySlug(slug);
        if (!existing) throw notFound('Centre');
        assertRegistrationFree(input, existing.id);
        const centre = repo.update(existing.id, input);
        appendEvent(db, {
          at: clock.now(),
          actor: actorLabel(actor),
          action: 'centre.updated',
          subject: `centre:${centre.slug}`,
          payload: { slug: centre.slug, tradeName: centre.tradeName },
          isPublic: false,
        });
        return centre;
      });
    },
    get(slug: string): Centre {
      const centre = repo.findBySlug(slug);
      if (!centre) throw notFound('Centre');
      return centre;
    },
    find: (slug: string) => repo.findBySlug(slug),
    findById: (id: number) => repo.findById(id),
    list: () => repo.list(),
    count: () => repo.count(),
  };
}

export type CentreService = ReturnType<typeof centreService>;
