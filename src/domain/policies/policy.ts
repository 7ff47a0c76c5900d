import type { Params } from '../reason.js';
import type { Role } from '../vocabulary.js';

/**
 * Policies are pure predicates over plain objects: who may do what to which record. A service
 * asks one right after loading (`authorize(canDecide(actor, audit))`); a page asks the same
 * predicate what to show (`canDecide(user, audit).allowed`). A denial carries a code, so the
 * person is told why in their own language.
 */
export type Verdict =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      readonly code: string;
      readonly message: string;
      readonly about: DenialAbout;
      /** What the sentence of the code needs ("the window closed on {lastDay}"). */
      readonly params?: Params;
    };

/**
 * A denial is about the person (they may never do this: forbidden) or about the record's
 * state (the request came too early or too late, e.g. the audit is already submitted: a
 * conflict, since the same person might have been allowed a moment before).
 */
export type DenialAbout = 'person' | 'state';

export const allow: Verdict = { allowed: true };
export const deny = (code: string, message: string, params?: Params): Verdict => ({
  allowed: false,
  code,
  message,
  about: 'person',
  ...(params ? { params } : {}),
});
export const denyInState = (code: string, message: string, params?: Params): Verdict => ({
  allowed: false,
  code,
  message,
  about: 'state',
  ...(params ? { params } : {}),
});

/** The person acting, as policies see them. */
export interface Actor {
  readonly id: number;
  readonly role: Role;
  readonly centreId: number | null;
}

export class PolicyError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly about: DenialAbout,
    readonly params: Params = {},
  ) {
    super(message);
    this.name = 'PolicyError';
  }
}

/** The one place a denied verdict becomes an error (forbidden, or conflict for a state denial). */
export function authorize(verdict: Verdict): void {
  if (!verdict.allowed) throw new PolicyError(verdict.code, verdict.message, verdict.about, verdict.params);
}

/** Combines verdicts: the first denial wins. */
export function all(...verdicts: Verdict[]): Verdict {
  return verdicts.find((v) => !v.allowed) ?? allow;
}
