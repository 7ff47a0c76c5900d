/**
 * The time-driven rules of the scheme (see lifecycle.ts for the time semantics): which status
 * changes a certificate's dates and open deadlines imply at a given moment.
 */
import { addDays, DAY_MS, dayAfter, formatDay, startOfDay, toInstant } from './dates.js';
import {
  type CertificateEvent,
  type CertificateStatus,
  IllegalTransitionError,
  isLive,
  transitionCertificate,
} from './lifecycle.js';
import { explained, type ExplainedReason } from './reason.js';

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
  reason: ExplainedReason;
  rule: SweepRule;
};

type Candidate = { at: number; to: CertificateStatus; rule: SweepRule; reason: ExplainedReason };

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
    reason: explained('expired', { validUntil: cert.validUntil }, `Validity ended on ${cert.validUntil}`),
  });
  if (cert.status === 'suspended') {
    const lastDay = formatDay(startOfDay(since) + cert.suspensionLimitDays * DAY_MS);
    found.push({
      at: dayAfter(lastDay),
      to: 'withdrawn',
      rule: 'suspension-limit',
      reason: explained(
        'suspension_limit_exceeded',
        { since: formatDay(since), days: cert.suspensionLimitDays },
        `Suspended since ${formatDay(since)} for more than ${cert.suspensionLimitDays} days without a passed special audit`,
      ),
    });
    return found;
  }
  const [firstDeadline] = [...cert.openActionDeadlines].sort();
  if (firstDeadline !== undefined) {
    found.push({
      at: notBeforeStatus(dayAfter(firstDeadline)),
      to: 'suspended',
      rule: 'overdue-action',
      reason: explained(
        'corrective_action_overdue',
        { dueOn: firstDeadline },
        `Corrective action deadline ${firstDeadline} passed without accepted evidence`,
      ),
    });
  }
  if (cert.nextSurveillanceDue !== null) {
    const lastDay = addDays(cert.nextSurveillanceDue, cert.surveillanceGraceDays);
    found.push({
      at: notBeforeStatus(dayAfter(lastDay)),
      to: 'suspended',
      rule: 'surveillance-overdue',
      reason: explained(
        'surveillance_overdue',
        { dueOn: cert.nextSurveillanceDue, days: cert.surveillanceGraceDays },
        `Surveillance audit due ${cert.nextSurveillanceDue} was not decided within ${cert.surveillanceGraceDays} days`,
      ),
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
