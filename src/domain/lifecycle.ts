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
import type { Outcome } from './scoring.js';

export type { Outcome };
export type CertificateStatus = 'active' | 'suspended' | 'withdrawn' | 'expired' | 'superseded';
export type AuditType = 'initial' | 'surveillance' | 'recertification' | 'special';
export type AuditState = 'planned' | 'in_progress' | 'submitted' | 'decided' | 'cancelled';
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

const LIVE: readonly CertificateStatus[] = ['active', 'suspended'];
export const isLive = (status: CertificateStatus) => LIVE.includes(status);

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

// --- dates ------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;

function parseDay(day: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) throw new RangeError(`Invalid date ${day}`);
  return ms;
}

const formatDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function addDays(day: string, days: number): string {
  return formatDay(parseDay(day) + days * DAY_MS);
}

/** Calendar months; a day that does not exist in the target month becomes its last day. */
export function addMonths(day: string, months: number): string {
  const date = new Date(parseDay(day));
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return formatDay(Date.UTC(year, month, Math.min(date.getUTCDate(), lastDay)));
}

function toInstant(value: Date | string): number {
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`Invalid time ${String(value)}`);
  return ms;
}

/** 00:00 UTC of the day after `day`: the first moment a deadline of `day` is missed. */
const dayAfter = (day: string) => parseDay(day) + DAY_MS;
const startOfDay = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

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
  | { kind: 'none'; reason: string }
  | { kind: 'keep-until-expiry' }
  | { kind: 'surveillance-passed'; nextSurveillanceDue: string }
  | { kind: 'suspend'; reason: string; specialAuditDeadline: string }
  | { kind: 'reinstate' }
  | { kind: 'withdraw'; reason: string };

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
      return passed ? issue(false) : { kind: 'none', reason: `Initial audit failed on ${decidedOn}` };
    case 'recertification':
      if (status === null) refuse('Recertification needs a live certificate; plan an initial audit');
      return passed ? issue(true) : { kind: 'keep-until-expiry' };
    case 'surveillance':
      if (status !== 'active') refuse('Surveillance needs an active certificate');
      return passed
        ? { kind: 'surveillance-passed', nextSurveillanceDue: addMonths(decidedOn, params.surveillanceIntervalMonths) }
        : {
            kind: 'suspend',
            reason: `Surveillance audit failed on ${decidedOn}`,
            specialAuditDeadline: addDays(decidedOn, params.suspensionLimitDays),
          };
    case 'special':
      if (status === null) refuse('A special audit needs an active or suspended certificate');
      if (!passed) return { kind: 'withdraw', reason: `Special audit failed on ${decidedOn}` };
      return status === 'suspended'
        ? { kind: 'reinstate' }
        : { kind: 'none', reason: `Special audit passed on ${decidedOn}; certificate stays active` };
  }
}

// --- time-driven sweep ------------------------------------------------------------------------

export type SweepRule = 'overdue-action' | 'surveillance-overdue' | 'suspension-limit' | 'expiry';

export type SweepCertificate = {
  id: string;
  status: CertificateStatus;
  /** When the current status took effect (ISO); no sweep change is dated before it. */
  statusSince: string;
  validUntil: string;
  /** Due date of the next surveillance audit not yet decided; null when none is due. */
  nextSurveillanceDue: string | null;
  /** Deadlines of corrective actions whose evidence has not been accepted (past or future). */
  openActionDeadlines: string[];
  surveillanceGraceDays: number;
  suspensionLimitDays: number;
};

export type SweepInput = { certificates: SweepCertificate[] };

export type SweepChange = {
  certificateId: string;
  from: CertificateStatus;
  to: CertificateStatus;
  effectiveAt: string;
  reason: string;
  rule: SweepRule;
};

type Candidate = { at: number; to: CertificateStatus; rule: SweepRule; reason: string };

// When two rules fall on the same instant: a withdrawal must stay visible as the consequence it
// is, and suspending a certificate at the moment it expires would change nothing.
const TIE_ORDER: Record<SweepRule, number> = {
  'suspension-limit': 0,
  expiry: 1,
  'overdue-action': 2,
  'surveillance-overdue': 3,
};

function candidates(cert: SweepCertificate): Candidate[] {
  const since = toInstant(cert.statusSince);
  const notBeforeStatus = (at: number) => Math.max(at, since);
  const found: Candidate[] = [];
  if (!isLive(cert.status)) return found;
  found.push({
    at: notBeforeStatus(dayAfter(cert.validUntil)),
    to: 'expired',
    rule: 'expiry',
    reason: `Validity ended on ${cert.validUntil}`,
  });
  if (cert.status === 'suspended') {
    const lastDay = formatDay(startOfDay(since) + cert.suspensionLimitDays * DAY_MS);
    found.push({
      at: dayAfter(lastDay),
      to: 'withdrawn',
      rule: 'suspension-limit',
      reason: `Suspended since ${formatDay(since)} for more than ${cert.suspensionLimitDays} days without a passed special audit`,
    });
    return found;
  }
  const [firstDeadline] = [...cert.openActionDeadlines].sort();
  if (firstDeadline !== undefined) {
    found.push({
      at: notBeforeStatus(dayAfter(firstDeadline)),
      to: 'suspended',
      rule: 'overdue-action',
      reason: `Corrective action deadline ${firstDeadline} passed without accepted evidence`,
    });
  }
  if (cert.nextSurveillanceDue !== null) {
    const lastDay = addDays(cert.nextSurveillanceDue, cert.surveillanceGraceDays);
    found.push({
      at: notBeforeStatus(dayAfter(lastDay)),
      to: 'suspended',
      rule: 'surveillance-overdue',
      reason: `Surveillance audit due ${cert.nextSurveillanceDue} was not decided within ${cert.surveillanceGraceDays} days`,
    });
  }
  return found;
}

function nextChange(cert: SweepCertificate, now: number): SweepChange | null {
  const due = candidates(cert)
    .filter((c) => c.at <= now)
    .sort((a, b) => a.at - b.at || TIE_ORDER[a.rule] - TIE_ORDER[b.rule]);
  const [first] = due;
  if (first === undefined) return null;
  return {
    certificateId: cert.id,
    from: cert.status,
    to: first.to,
    effectiveAt: new Date(first.at).toISOString(),
    reason: first.reason,
    rule: first.rule,
  };
}

function applyChange(cert: SweepCertificate, change: SweepChange): SweepCertificate {
  const event: CertificateEvent =
    change.to === 'suspended' ? 'suspend' : change.to === 'withdrawn' ? 'withdraw' : 'expire';
  if (cert.status !== change.from) throw new IllegalTransitionError(cert.status, event);
  return { ...cert, status: transitionCertificate(cert.status, event), statusSince: change.effectiveAt };
}

/**
 * Every status change the time-driven rules imply at `now`. Changes are dated by the data (the
 * missed deadline), not by `now`, and cascade in order: a certificate suspended by a missed
 * deadline long ago is withdrawn in the same sweep once its suspension limit has passed too.
 * Hence sweeping at t1 and then at t2 yields the same history as one sweep at t2.
 */
export function planSweep(input: SweepInput, now: Date | string): SweepChange[] {
  const instant = toInstant(now);
  const changes: SweepChange[] = [];
  for (const original of input.certificates) {
    let cert = original;
    for (let change = nextChange(cert, instant); change !== null; change = nextChange(cert, instant)) {
      changes.push(change);
      cert = applyChange(cert, change);
    }
  }
  return changes.sort((a, b) => Date.parse(a.effectiveAt) - Date.parse(b.effectiveAt));
}

export function applySweepChanges(input: SweepInput, changes: readonly SweepChange[]): SweepInput {
  const byId = new Map(input.certificates.map((cert) => [cert.id, cert]));
  for (const change of changes) {
    const cert = byId.get(change.certificateId);
    if (cert === undefined) throw new RangeError(`Unknown certificate ${change.certificateId}`);
    byId.set(cert.id, applyChange(cert, change));
  }
  return { ...input, certificates: input.certificates.map((cert) => byId.get(cert.id) ?? cert) };
}
