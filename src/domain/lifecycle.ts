/**
 * Certificate and audit lifecycle: the decision table and the time-driven rules of the scheme,
 * as pure functions over plain data.
 *
 * Time semantics (all in UTC):
 * - a date (`YYYY-MM-DD`) names a whole day; a deadline day is still in time, so a rule keyed
 *   to a deadline takes effect at 00:00 UTC of the following day;
 * - `validUntil` is the last valid day: expiry takes effect at 00:00 UTC the day after;
 * - a surveillance audit due on day D may be decided up to and including D + grace days;
 * - a certificate suspended at any moment of day S may stay suspended up to and including day
 *   S + suspension limit (the same day `decideConsequence` gives as special-audit deadline);
 * - a rule applies when `now` is at or after its effective time.
 */
import { addDays, addMonths, parseDay } from './dates.js';
import { explained, type ExplainedReason } from './reason.js';
import type { Outcome } from './scoring.js';

export type { Outcome };
import { type AuditState, type AuditType, type CertificateStatus, isLive, liveStatuses } from './vocabulary.js';

export type { AuditState, AuditType, CertificateStatus };
export { isLive };
export { addDays, addMonths };
export type AuditEvent = { type: 'start' | 'save' | 'submit' | 'return' | 'decide' | 'cancel' | 'reopen' };
export type CertificateEvent = 'suspend' | 'reinstate' | 'withdraw' | 'expire' | 'supersede';

export class IllegalTransitionError extends Error {
  readonly code = 'illegal_transition';
  constructor(
    readonly from: string,
    readonly event: string,
    detail?: string,
  ) {
    super(detail ?? `Cannot ${event} from ${from}`);
    this.name = 'IllegalTransitionError';
  }
}

// --- audits -----------------------------------------------------------------------------------

const AUDIT_TRANSITIONS: Record<AuditState, Partial<Record<AuditEvent['type'], AuditState>>> = {
  planned: { start: 'in_progress', cancel: 'cancelled' },
  in_progress: { save: 'in_progress', submit: 'submitted', cancel: 'cancelled' },
  // A submitted audit is frozen for its auditor; only the decider moves it, forward or back.
  submitted: { return: 'in_progress', decide: 'decided' },
  // Only an upheld appeal reopens a decided audit, for a new assessment and decision.
  decided: { reopen: 'in_progress' },
  cancelled: {},
};

export function auditTransition(state: AuditState, event: AuditEvent): AuditState {
  const next = AUDIT_TRANSITIONS[state][event.type];
  if (next === undefined)
    throw new IllegalTransitionError(state, event.type, `An audit that is ${state} cannot ${event.type}`);
  return next;
}

// --- certificates -----------------------------------------------------------------------------

const LIVE: readonly CertificateStatus[] = liveStatuses;

const CERTIFICATE_TRANSITIONS: Record<CertificateEvent, { from: readonly CertificateStatus[]; to: CertificateStatus }> =
  {
    suspend: { from: ['active'], to: 'suspended' },
    reinstate: { from: ['suspended'], to: 'active' },
    withdraw: { from: LIVE, to: 'withdrawn' },
    expire: { from: LIVE, to: 'expired' },
    supersede: { from: LIVE, to: 'superseded' },
  };

/** withdrawn, expired and superseded are terminal: no event leaves them. */
export function transitionCertificate(status: CertificateStatus, event: CertificateEvent): CertificateStatus {
  const rule = CERTIFICATE_TRANSITIONS[event];
  if (!rule.from.includes(status)) {
    throw new IllegalTransitionError(status, event, `A certificate that is ${status} cannot ${event}`);
  }
  return rule.to;
}

/**
 * An upheld appeal undoes exactly one decision's effect on the certificate: it returns to the
 * live status it had before that decision, provided nothing has changed it since. This is the
 * only way out of `withdrawn`, and it is kept apart from the ordinary events on purpose: no
 * sweep, audit or complaint can do it, only a second admin upholding an appeal against the
 * withdrawal itself.
 */
export function revertOnAppeal(
  current: CertificateStatus,
  decision: { before: CertificateStatus; after: CertificateStatus },
): CertificateStatus {
  if (current !== decision.after) {
    throw new IllegalTransitionError(
      current,
      'revert on appeal',
      `The certificate changed since the decision (now ${current}); it cannot be reverted`,
    );
  }
  if (!isLive(decision.before)) {
    throw new IllegalTransitionError(
      current,
      'revert on appeal',
      `A ${decision.before} certificate cannot be restored`,
    );
  }
  return decision.before;
}

// --- decisions --------------------------------------------------------------------------------

export type LifecycleParams = {
  validityMonths: number;
  surveillanceIntervalMonths: number;
  suspensionLimitDays: number;
};

export type DecisionInput = {
  auditType: AuditType;
  outcome: Outcome;
  /** The centre's live certificate the audit acts on; null when it has none. */
  certificate: null | { status: CertificateStatus; validUntil: string };
  decidedOn: string;
  params: LifecycleParams;
};

export type Consequence =
  | { kind: 'issue'; validFrom: string; validUntil: string; nextSurveillanceDue: string; supersede: boolean }
  | { kind: 'none'; reason: ExplainedReason }
  | { kind: 'keep-until-expiry' }
  | { kind: 'surveillance-passed'; nextSurveillanceDue: string }
  | { kind: 'suspend'; reason: ExplainedReason; specialAuditDeadline: string }
  | { kind: 'reinstate' }
  | { kind: 'withdraw'; reason: ExplainedReason };

/** The decision table of the scheme, row by row. */
export function decideConsequence(input: DecisionInput): Consequence {
  const { auditType, outcome, certificate, decidedOn, params } = input;
  const passed = outcome !== 'fail';
  const status = certificate?.status ?? null;
  const refuse = (detail: string): never => {
    throw new IllegalTransitionError(status ?? 'none', `decide ${auditType}`, detail);
  };
  if (status !== null && !isLive(status)) refuse(`A ${status} certificate takes no further decisions`);
  // Rejects a malformed date even on rows whose consequence carries no date.
  parseDay(decidedOn);

  const issue = (supersede: boolean): Consequence => ({
    kind: 'issue',
    validFrom: decidedOn,
    validUntil: addMonths(decidedOn, params.validityMonths),
    nextSurveillanceDue: addMonths(decidedOn, params.surveillanceIntervalMonths),
    supersede,
  });

  switch (auditType) {
    case 'initial':
      if (status !== null) refuse('A centre with a live certificate is recertified, not initially certified');
      return passed
        ? issue(false)
        : {
            kind: 'none',
            reason: explained('initial_audit_failed', { decidedOn }, `Initial audit failed on ${decidedOn}`),
          };
    case 'recertification':
      if (status === null) refuse('Recertification needs a live certificate; plan an initial audit');
      return passed ? issue(true) : { kind: 'keep-until-expiry' };
    case 'surveillance':
      if (status !== 'active') refuse('Surveillance needs an active certificate');
      return passed
        ? { kind: 'surveillance-passed', nextSurveillanceDue: addMonths(decidedOn, params.surveillanceIntervalMonths) }
        : suspendAfterFailedSurveillance(decidedOn, addDays(decidedOn, params.suspensionLimitDays));
    case 'special':
      if (status === null) refuse('A special audit needs an active or suspended certificate');
      if (!passed) {
        return {
          kind: 'withdraw',
          reason: explained('special_audit_failed', { decidedOn }, `Special audit failed on ${decidedOn}`),
        };
      }
      return status === 'suspended'
        ? { kind: 'reinstate' }
        : {
            kind: 'none',
            reason: explained(
              'special_audit_passed_active',
              { decidedOn },
              `Special audit passed on ${decidedOn}; certificate stays active`,
            ),
          };
  }
}

function suspendAfterFailedSurveillance(decidedOn: string, deadline: string): Consequence {
  return {
    kind: 'suspend',
    reason: explained(
      'surveillance_failed',
      { decidedOn, deadline },
      `Surveillance audit failed on ${decidedOn}: a special audit must pass by ${deadline}`,
    ),
    specialAuditDeadline: deadline,
  };
}
