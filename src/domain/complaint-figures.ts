/**
 * A centre's complaints as its public profile counts them: those received over the last 24
 * months (from the same calendar day two years back, today included), how they ended, and for
 * upheld ones per severity what the scheme made of them. Pure: the repository hands over rows
 * (per day, state, severity and recorded consequence, with their number), this adds them up.
 */
import { type ComplaintState, isOpenComplaint, type Severity, severities } from './complaint.js';
import { addMonths } from './dates.js';

export const COMPLAINT_WINDOW_MONTHS = 24;

/**
 * What an upheld complaint led to, recorded when it was upheld: a minor one goes on the next
 * audit's agenda, a major one orders a special audit, a critical one suspends pending that
 * audit; a heavy one about a centre without a valid certificate has nothing left to act on.
 */
export const complaintConsequences = [
  'next_audit_agenda',
  'special_audit',
  'suspension_special_audit',
  'no_valid_certificate',
] as const;
export type ComplaintConsequence = (typeof complaintConsequences)[number];

export function complaintConsequence(severity: Severity, hasLiveCertificate: boolean): ComplaintConsequence {
  if (severity === 'minor') return 'next_audit_agenda';
  if (!hasLiveCertificate) return 'no_valid_certificate';
  return severity === 'critical' ? 'suspension_special_audit' : 'special_audit';
}

/** The first day counted: today's date 24 months back (the 29th of February falls back to the 28th). */
export const complaintWindowStart = (today: string): string => addMonths(today, -COMPLAINT_WINDOW_MONTHS);

/** Complaints received on one day in one state (and, when upheld, severity and consequence). */
export interface ComplaintCountRow {
  /** The day received, YYYY-MM-DD (UTC). */
  day: string;
  state: ComplaintState;
  severity: Severity | null;
  consequence: ComplaintConsequence | null;
  count: number;
}

export interface SeverityFigures {
  severity: Severity;
  upheld: number;
  /** What the upheld complaints of this severity led to, most frequent first; only consequences that occurred. */
  consequences: { consequence: ComplaintConsequence; count: number }[];
}

export interface ComplaintFigures {
  /** First day counted (YYYY-MM-DD). */
  since: string;
  /** Last day counted: today. */
  until: string;
  received: number;
  /** Still being handled. */
  open: number;
  dismissed: number;
  withdrawn: number;
  upheld: number;
  /** Every severity, in the scheme's order, with zero where there were none. */
  bySeverity: SeverityFigures[];
}

export function complaintFigures(rows: readonly ComplaintCountRow[], today: string): ComplaintFigures {
  const since = complaintWindowStart(today);
  const inWindow = rows.filter((r) => r.day >= since && r.day <= today);
  const total = (state: ComplaintState) =>
    inWindow.filter((r) => r.state === state).reduce((sum, r) => sum + r.count, 0);
  const upheldRows = inWindow.filter((r) => r.state === 'upheld');
  const bySeverity = severities.map((severity): SeverityFigures => {
    const ofSeverity = upheldRows.filter((r) => r.severity === severity);
    const perConsequence = new Map<ComplaintConsequence, number>();
    for (const row of ofSeverity) {
      // Complaints upheld before consequences were recorded: the scheme's rule for the severity.
      const consequence = row.consequence ?? complaintConsequence(severity, true);
      perConsequence.set(consequence, (perConsequence.get(consequence) ?? 0) + row.count);
    }
    return {
      severity,
      upheld: ofSeverity.reduce((sum, r) => sum + r.count, 0),
      consequences: [...perConsequence]
        .map(([consequence, count]) => ({ consequence, count }))
        .sort(
          (a, b) =>
            b.count - a.count ||
            complaintConsequences.indexOf(a.consequence) - complaintConsequences.indexOf(b.consequence),
        ),
    };
  });
  return {
    since,
    until: today,
    received: inWindow.reduce((sum, r) => sum + r.count, 0),
    // Not answered yet: received, or under review.
    open: inWindow.filter((r) => isOpenComplaint(r.state)).reduce((sum, r) => sum + r.count, 0),
    dismissed: total('dismissed'),
    withdrawn: total('withdrawn'),
    upheld: total('upheld'),
    bySeverity,
  };
}
