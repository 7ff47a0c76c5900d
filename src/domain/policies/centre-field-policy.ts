import { type ContactField, contactFields } from '../centre-contact.js';
import { type Actor, allow, deny, type Verdict } from './policy.js';

/**
 * Which fields of a centre whom may change. What the register says a centre is (names,
 * registration number, country, type, sectors) and what it is certified for (channels,
 * languages, sites) is the certification body's to record, after an audit decision; a centre
 * may only keep its own public contact details current.
 */
export const centreFields = [
  'legalName',
  'tradeName',
  'registrationNumber',
  'country',
  'city',
  'type',
  'channels',
  'languages',
  'sectors',
  'sites',
  'size',
  // The languages its certificate PDF is printed in: the certification body's document.
  'certificateLanguages',
  ...contactFields,
] as const;
export type CentreField = (typeof centreFields)[number];

/** The fields of this centre the actor may change; none for auditors and other centres. */
export function changeableCentreFields(actor: Actor, centre: { readonly id: number }): readonly CentreField[] {
  if (actor.role === 'admin') return centreFields;
  if (actor.role === 'centre' && actor.centreId === centre.id) return contactFields satisfies readonly ContactField[];
  return [];
}

/**
 * May the actor change these fields (names as sent: anything that is not a field the actor may
 * change is refused, so a form or request with extra fields changes nothing at all).
 */
export function canChangeCentreFields(
  actor: Actor,
  centre: { readonly id: number },
  fields: readonly string[],
): Verdict {
  const allowed: readonly string[] = changeableCentreFields(actor, centre);
  if (allowed.length === 0) return deny('role_not_allowed', 'Only staff of the certification body may do this');
  const refused = [...new Set(fields.filter((f) => !allowed.includes(f)))].sort();
  return refused.length === 0
    ? allow
    : deny(
        'centre_fields_not_self_service',
        `A centre may change only its contact details; ${refused.join(', ')} change only through the certification body`,
        { fields: refused },
      );
}
