import type { Clock } from '../clock.js';
import { centreInputSchema, slugify, type CentreInput } from '../domain/centre.js';
import { canAdminister } from '../domain/policies/account-policy.js';
import { canChangeCentreFields } from '../domain/policies/centre-field-policy.js';
import { authorize } from '../domain/policies/policy.js';
import { AppError, notFound } from '../errors.js';
import { centreRepository, type Centre } from '../persistence/centre-repository.js';
import { inTransaction, type Db } from '../persistence/database.js';
import { actorLabel, type Actor } from './actor.js';
import { appendEvent } from './event-log.js';

/**
 * The centres of the register as staff maintain them. Input is parsed here, whoever calls
 * (form, staff API, seed); a form route that parsed the same schema first only gains the
 * re-rendered form.
 */
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
      const message = `Registration number ${input.registrationNumber} is already used by ${other.tradeName}`;
      throw new AppError('conflict', 'registration_taken', message, {
        params: { name: other.tradeName },
        issues: [
          {
            path: 'registrationNumber',
            code: 'registration_taken',
            params: { name: other.tradeName },
            message: `already registered for ${other.tradeName}`,
          },
        ],
      });
    }
  }

  /** People act through the web and are checked; the seed and the system are trusted callers. */
  const checkAdministrator = (actor: Actor) => {
    if (typeof actor !== 'string') authorize(canAdminister(actor));
  };

  return {
    create(raw: unknown, actor: Actor): Centre {
      checkAdministrator(actor);
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
        if (!existing) throw notFound('centre');
        // A person's centre, when the caller handed a whole user; otherwise they have none.
        if (typeof actor !== 'string')
          authorize(canChangeCentreFields({ centreId: null, ...actor }, existing, Object.keys(input)));
        assertRegistrationFree(input, existing.id);
        let centre = repo.update(existing.id, input);
        const changes = Object.fromEntries(
          (Object.keys(input) as (keyof CentreInput)[])
            .filter((f) => JSON.stringify(existing[f]) !== JSON.stringify(centre[f]))
            .map((f) => [f, { before: existing[f], after: centre[f] }]),
        );
        // A website the certification body corrected is no longer the centre's own declaration.
        if (changes.website && existing.contactDeclarations.website) {
          const { website: _replaced, ...declarations } = existing.contactDeclarations;
          centre = repo.updateContact(existing.id, { contactDeclarations: declarations });
        }
        appendEvent(db, {
          at: clock.now(),
          actor: actorLabel(actor),
          action: 'centre.updated',
          subject: `centre:${centre.slug}`,
          payload: { slug: centre.slug, tradeName: centre.tradeName, changes },
          isPublic: false,
        });
        return centre;
      });
    },
    get(slug: string): Centre {
      const centre = repo.findBySlug(slug);
      if (!centre) throw notFound('centre');
      return centre;
    },
    find: (slug: string) => repo.findBySlug(slug),
    findById: (id: number) => repo.findById(id),
    list: () => repo.list(),
    count: () => repo.count(),
  };
}

export type CentreService = ReturnType<typeof centreService>;
