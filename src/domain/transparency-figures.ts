/**
 * The certification body's own figures for the transparency page: how it decided over the last
 * twelve months, how fast, how often the decider sent an audit back, and how appeals and
 * complaints ended. Pure: the services gather the facts from the event log and the tables.
 */
import {
  type AppealState,
  type ComplaintState,
  isOpenComplaint,
  isOverdue,
  type Severity,
  severities,
  wasAnsweredLate,
} from './complaint.js';
import { DAY_MS, toInstant } from './dates.js';
import { type Outcome, outcomes } from './vocabulary.js';

/** The middle value (the mean of the two middle ones for an even count); null for no values. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** `part` as a fraction of `whole`; null when there is nothing to take a share of. */
export function share(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/** The twelve months before `now`: from exclusive, to inclusive (ISO instants). */
export function lastTwelveMonths(now: Date): { from: string; to: string } {
  const from = new Date(now);
  from.setUTCFullYear(from.getUTCFullYear() - 1);
  return { from: from.toISOString(), to: now.toISOString() };
}

const inPeriod = (at: string, period: { from: string; to: string }) => {
  const t = toInstant(at);
  return t > toInstant(period.from) && t <= toInstant(period.to);
};

/** One logged step of an audit on its way to a decision, as the event log records it. */
export interface AuditStep {
  /** Which audit (any stable key: the log's subject). */
  audit: string;
  step: 'submitted' | 'returned' | 'decided' | 'reopened';
  at: string;
  /** The decided outcome; only on `decided`. */
  outcome?: Outcome | null;
}

export interface DecisionFact {
  outcome: Outcome;
  decidedAt: string;
  /** The first submission since the audit's previous decision (null if the log has none). */
  firstSubmittedAt: string | null;
  /** Whether the decider sent the audit back at least once before this decision. */
  returned: boolean;
}

/**
 * Every decision in the log with what led up to it. A decision is timed from the audit's first
 * submission, so the time an audit spent going back and forth after a return counts; an appeal
 * that reopens a decision starts the audit's way to its next decision afresh.
 */
export function decisionsFromSteps(steps: readonly AuditStep[]): DecisionFact[] {
  const open = new Map<string, { firstSubmittedAt: string | null; returned: boolean }>();
  const facts: DecisionFact[] = [];
  for (const step of steps) {
    const current = open.get(step.audit) ?? { firstSubmittedAt: null, returned: false };
    switch (step.step) {
      case 'submitted':
        open.set(step.audit, { ...current, firstSubmittedAt: current.firstSubmittedAt ?? step.at });
        break;
      case 'returned':
        open.set(step.audit, { ...current, returned: true });
        break;
      case 'decided':
        if (step.outcome) facts.push({ outcome: step.outcome, decidedAt: step.at, ...current });
        open.delete(step.audit);
        break;
      case 'reopened':
        open.delete(step.audit);
        break;
    }
  }
  return facts;
}

export interface TransparencyFigures {
  period: { from: string; to: string };
  decisions: {
    total: number;
    byOutcome: Record<Outcome, number>;
    /** Median days from an audit's first submission to its decision; null without decisions. */
    medianDaysToDecision: number | null;
    returned: number;
    returnedShare: number | null;
  };
  appeals: { filed: number; upheld: number; rejected: number; open: number; upheldShare: number | null };
  complaints: {
    received: number;
    upheld: number;
    upheldBySeverity: Record<Severity, number>;
    dismissed: number;
    withdrawn: number;
    open: number;
    /** Open past the procedure's response time, today. */
    overdue: number;
    /** Answered, but after the response time. */
    answeredLate: number;
  };
}

export interface TransparencyFacts {
  period: { from: string; to: string };
  /** Every logged audit step, oldest first (decisions are taken from the period, their submissions from any time). */
  steps: readonly AuditStep[];
  /** Complaints received in the period, with their state now, due day and when they were answered. */
  complaints: readonly {
    state: ComplaintState;
    severity: Severity | null;
    dueOn: string | null;
    triagedAt: string | null;
  }[];
  /** Appeals filed in the period, with their state now. */
  appeals: readonly { state: AppealState }[];
}

const countWhere = <T>(items: readonly T[], test: (item: T) => boolean) => items.filter(test).length;

export function transparencyFigures({ period, steps, complaints, appeals }: TransparencyFacts): TransparencyFigures {
  const decisions = decisionsFromSteps(steps).filter((d) => inPeriod(d.decidedAt, period));
  const byOutcome = Object.fromEntries(
    outcomes.map((o) => [o, countWhere(decisions, (d) => d.outcome === o)]),
  ) as Record<Outcome, number>;
  const days = decisions
    .filter((d) => d.firstSubmittedAt !== null)
    .map((d) => (toInstant(d.decidedAt) - toInstant(d.firstSubmittedAt!)) / DAY_MS);
  const returned = countWhere(decisions, (d) => d.returned);
  const upheldComplaints = complaints.filter((c) => c.state === 'upheld');
  const upheldAppeals = countWhere(appeals, (a) => a.state === 'upheld');
  return {
    period,
    decisions: {
      total: decisions.length,
      byOutcome,
      medianDaysToDecision: median(days),
      returned,
      returnedShare: share(returned, decisions.length),
    },
    appeals: {
      filed: appeals.length,
      upheld: upheldAppeals,
      rejected: countWhere(appeals, (a) => a.state === 'rejected'),
      open: countWhere(appeals, (a) => a.state === 'open'),
      upheldShare: share(upheldAppeals, appeals.length),
    },
    complaints: {
      received: complaints.length,
      upheld: upheldComplaints.length,
      upheldBySeverity: Object.fromEntries(
        severities.map((s) => [s, countWhere(upheldComplaints, (c) => c.severity === s)]),
      ) as Record<Severity, number>,
      dismissed: countWhere(complaints, (c) => c.state === 'dismissed'),
      withdrawn: countWhere(complaints, (c) => c.state === 'withdrawn'),
      open: countWhere(complaints, (c) => isOpenComplaint(c.state)),
      overdue: countWhere(complaints, (c) => isOverdue(c, period.to.slice(0, 10))),
      answeredLate: countWhere(complaints, wasAnsweredLate),
    },
  };
}
