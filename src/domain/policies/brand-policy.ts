import { type Actor, allow, deny, type Verdict } from './policy.js';

/**
 * Brands are what a centre declares about itself: only its own users edit them. Staff see
 * them but do not edit them (a centre's declaration stays the centre's).
 */
export const canEditBrands = (actor: Actor, centreId: number): Verdict =>
  actor.role === 'centre' && actor.centreId === centreId
    ? allow
    : deny('brands_not_own_centre', 'Only a user of the centre can change the brands it answers for');
