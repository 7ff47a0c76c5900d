import { type Actor, all, allow, deny, type Verdict } from './policy.js';

/** Who may hold API tokens and who administers the people who sign in. */

/** These rules only need to know who acts, not for which centre. */
type Person = Pick<Actor, 'id' | 'role'>;

/** API tokens are for staff and auditors, whose tools talk to the JSON API; centres have none. */
export const canManageTokens = (actor: Person): Verdict =>
  actor.role === 'admin' || actor.role === 'auditor'
    ? allow
    : deny('tokens_staff_only', 'API tokens are for staff and auditors');

/** Tokens are personal: each person revokes their own (disabling a user revokes all of theirs). */
export const canRevokeToken = (actor: Person, token: { readonly userId: number }): Verdict =>
  token.userId === actor.id ? allow : deny('token_not_own', 'This token is not yours');

/** The people and centres of the registry are administered by staff of the certification body. */
export const canAdminister = (actor: Person): Verdict =>
  actor.role === 'admin' ? allow : deny('role_not_allowed', 'Only staff of the certification body may do this');

/** Disabling oneself would lock the last admin out with no way back in through the web. */
export const canDisableUser = (actor: Person, user: { readonly id: number }): Verdict =>
  all(
    canAdminister(actor),
    user.id === actor.id ? deny('cannot_disable_self', 'You cannot disable your own account') : allow,
  );
