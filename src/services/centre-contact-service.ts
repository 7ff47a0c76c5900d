import type { Clock } from '../clock.js';
import {
  type ContactDeclarations,
  type ContactField,
  contactDetailsSchema,
  contactFields,
} from '../domain/centre-contact.js';
import { canChangeCentreFields } from '../domain/policies/centre-field-policy.js';
import { authorize } from '../domain/policies/policy.js';
import { notFound } from '../errors.js';
import { type Centre, centreRepository } from '../persistence/centre-repository.js';
import { type Db, inTransaction } from '../persistence/database.js';
import type { User } from '../persistence/user-repository.js';
import { recordEvent } from './event-log.js';

export type ContactChanges = Partial<Record<ContactField, { before: string | null; after: string | null }>>;

/**
 * What a centre may change about itself: its public contact details. Every field sent is
 * checked against the field policy before anything is parsed, so a request that also names
 * the centre's scope, names or registration changes nothing. Each change is logged with what
 * it replaced, and the profile marks the field as declared by the centre.
 */
export function centreContactService(db: Db, clock: Clock) {
  const centres = centreRepository(db);

  return {
    /** `raw` is the request's fields as sent (minus the CSRF token): every name counts. */
    declare(centreId: number, raw: Record<string, unknown>, actor: User): { centre: Centre; changes: ContactChanges } {
      return inTransaction(db, () => {
        const centre = centres.findById(centreId);
        if (!centre) throw notFound('centre');
        authorize(canChangeCentreFields(actor, centre, Object.keys(raw)));
        const input = contactDetailsSchema.parse(raw);
        const changes: ContactChanges = {};
        for (const field of contactFields) {
          const after = input[field];
          if (after === undefined || after === centre[field]) continue;
          changes[field] = { before: centre[field], after };
        }
        const changed = Object.keys(changes) as ContactField[];
        if (changed.length === 0) return { centre, changes };
        const now = clock.now();
        // A field the centre empties is no longer a declaration of anything.
        const declarations: ContactDeclarations = { ...centre.contactDeclarations };
        for (const field of changed) {
          if (changes[field]!.after === null) delete declarations[field];
          else declarations[field] = now.toISOString();
        }
        const updated = centres.updateContact(centre.id, {
          ...Object.fromEntries(changed.map((f) => [f, changes[f]!.after])),
          contactDeclarations: declarations,
        });
        recordEvent(db, actor, {
          at: now,
          action: 'centre.contact_declared',
          subject: `centre:${centre.slug}`,
          payload: { slug: centre.slug, changes },
          isPublic: false,
        });
        return { centre: updated, changes };
      });
    },
  };
}

export type CentreContactService = ReturnType<typeof centreContactService>;
