import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AuditStep,
  decisionsFromSteps,
  lastTwelveMonths,
  median,
  share,
  transparencyFigures,
} from '../../src/domain/transparency-figures.js';

const period = lastTwelveMonths(new Date('2026-11-23T10:00:00Z'));
const day = (d: string, time = '09:00') => `${d}T${time}:00.000Z`;

describe('median', () => {
  it('when values are given, then the middle one is taken (the mean of the middle two for an even count)', () => {
    expect(median([])).toBeNull();
    expect(median([4])).toBe(4);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([8, 2, 4, 6])).toBe(5);
  });

  it('when any list of numbers is given, then the median lies between its least and greatest value', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1 }), (values) => {
        const m = median(values)!;
        expect(m).toBeGreaterThanOrEqual(Math.min(...values));
        expect(m).toBeLessThanOrEqual(Math.max(...values));
      }),
    );
  });

  it('when the values are shuffled, then the median stays the same', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1 }), fc.nat(), (values, seed) => {
        const shuffled = [...values].sort((a, b) => ((a * 31 + seed) % 17) - ((b * 31 + seed) % 17));
        expect(median(shuffled)).toBe(median(values));
      }),
    );
  });
});

describe('share', () => {
  it('when there is nothing to share, then there is no share; otherwise it lies between 0 and 1', () => {
    expect(share(0, 0)).toBeNull();
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(1000), (a, b) => {
        const [part, whole] = a <= b ? [a, b] : [b, a];
        const s = share(part, whole);
        if (whole === 0) {
          expect(s).toBeNull();
        } else {
          expect(s!).toBeGreaterThanOrEqual(0);
          expect(s!).toBeLessThanOrEqual(1);
        }
      }),
    );
  });
});

describe('decisions from the log', () => {
  it('when an audit was returned and resubmitted, then its decision is timed from the first submission and counts as returned', () => {
    const steps: AuditStep[] = [
      { audit: 'a', step: 'submitted', at: day('2026-03-01') },
      { audit: 'a', step: 'returned', at: day('2026-03-02') },
      { audit: 'a', step: 'submitted', at: day('2026-03-05') },
      { audit: 'a', step: 'decided', at: day('2026-03-11'), outcome: 'pass' },
    ];
    expect(decisionsFromSteps(steps)).toEqual([
      { outcome: 'pass', decidedAt: day('2026-03-11'), firstSubmittedAt: day('2026-03-01'), returned: true },
    ]);
  });

  it('when an appeal reopened a decision, then the next decision of that audit starts afresh', () => {
    const steps: AuditStep[] = [
      { audit: 'a', step: 'submitted', at: day('2026-01-01') },
      { audit: 'a', step: 'returned', at: day('2026-01-02') },
      { audit: 'a', step: 'submitted', at: day('2026-01-03') },
      { audit: 'a', step: 'decided', at: day('2026-01-04'), outcome: 'fail' },
      { audit: 'a', step: 'reopened', at: day('2026-02-01') },
      { audit: 'a', step: 'submitted', at: day('2026-02-10') },
      { audit: 'a', step: 'decided', at: day('2026-02-12'), outcome: 'pass' },
    ];
    expect(decisionsFromSteps(steps).map((d) => [d.outcome, d.firstSubmittedAt, d.returned])).toEqual([
      ['fail', day('2026-01-01'), true],
      ['pass', day('2026-02-10'), false],
    ]);
  });

  it('when any log is read, then there is one decision per decided step and none is returned without a return step', () => {
    const stepArb = fc.record({
      audit: fc.constantFrom('a', 'b', 'c'),
      step: fc.constantFrom('submitted', 'returned', 'decided', 'reopened'),
      at: fc.integer({ min: 0, max: 1000 }).map((n) => new Date(Date.UTC(2026, 0, 1) + n * 3_600_000).toISOString()),
      outcome: fc.constantFrom('pass', 'conditional', 'fail'),
    }) as fc.Arbitrary<AuditStep>;
    fc.assert(
      fc.property(fc.array(stepArb), (steps) => {
        const facts = decisionsFromSteps(steps);
        expect(facts).toHaveLength(steps.filter((s) => s.step === 'decided').length);
        if (!steps.some((s) => s.step === 'returned')) expect(facts.every((f) => !f.returned)).toBe(true);
      }),
    );
  });
});

describe('transparency figures', () => {
  it('when decisions, returns, appeals and complaints are known, then every figure is counted over the last twelve months', () => {
    const steps: AuditStep[] = [
      // Decided before the period: not counted.
      { audit: 'old', step: 'submitted', at: day('2025-10-01') },
      { audit: 'old', step: 'decided', at: day('2025-10-02'), outcome: 'fail' },
      // Submitted before the period, decided in it: counted, timed from its submission (30 days).
      { audit: 'a', step: 'submitted', at: day('2025-11-01') },
      { audit: 'a', step: 'decided', at: day('2025-12-01'), outcome: 'pass' },
      { audit: 'b', step: 'submitted', at: day('2026-05-01') },
      { audit: 'b', step: 'returned', at: day('2026-05-02') },
      { audit: 'b', step: 'submitted', at: day('2026-05-03') },
      { audit: 'b', step: 'decided', at: day('2026-05-05'), outcome: 'conditional' },
      { audit: 'c', step: 'submitted', at: day('2026-09-01') },
      { audit: 'c', step: 'decided', at: day('2026-09-03', '21:00'), outcome: 'fail' },
      // Submitted, not yet decided: no decision.
      { audit: 'd', step: 'submitted', at: day('2026-11-20') },
    ];
    const figures = transparencyFigures({
      period,
      steps,
      complaints: [
        // Answered on its due day: in time.
        { state: 'upheld', severity: 'critical', dueOn: '2026-10-01', triagedAt: '2026-10-01T16:00:00Z' },
        // Answered the day after: late.
        { state: 'upheld', severity: 'minor', dueOn: '2026-10-01', triagedAt: '2026-10-02T08:00:00Z' },
        { state: 'upheld', severity: 'minor', dueOn: null, triagedAt: '2026-10-02T08:00:00Z' },
        { state: 'dismissed', severity: null, dueOn: '2026-11-01', triagedAt: '2026-10-20T08:00:00Z' },
        { state: 'withdrawn', severity: null, dueOn: '2026-11-01', triagedAt: '2026-10-20T08:00:00Z' },
        // Open past its due day (the period ends 2026-11-23): overdue.
        { state: 'received', severity: null, dueOn: '2026-11-22', triagedAt: null },
        // Open, due today: still in time.
        { state: 'under_review', severity: null, dueOn: '2026-11-23', triagedAt: null },
      ],
      appeals: [{ state: 'upheld' }, { state: 'rejected' }, { state: 'rejected' }, { state: 'open' }],
    });
    expect(figures.decisions).toEqual({
      total: 3,
      byOutcome: { pass: 1, conditional: 1, fail: 1 },
      // 30, 4 and 2.5 days: the middle one.
      medianDaysToDecision: 4,
      returned: 1,
      returnedShare: 1 / 3,
    });
    expect(figures.appeals).toEqual({ filed: 4, upheld: 1, rejected: 2, open: 1, upheldShare: 0.25 });
    expect(figures.complaints).toEqual({
      received: 7,
      upheld: 3,
      upheldBySeverity: { minor: 2, major: 0, critical: 1 },
      dismissed: 1,
      withdrawn: 1,
      open: 2,
      overdue: 1,
      answeredLate: 1,
    });
  });

  it('when nothing happened, then the counts are zero and median and shares are absent', () => {
    const figures = transparencyFigures({ period, steps: [], complaints: [], appeals: [] });
    expect(figures.decisions.total).toBe(0);
    expect(figures.decisions.medianDaysToDecision).toBeNull();
    expect(figures.decisions.returnedShare).toBeNull();
    expect(figures.appeals.upheldShare).toBeNull();
  });

  it('when any decisions are counted, then the outcomes add up to the total and the returned ones are among them', () => {
    const decided = fc.record({
      outcome: fc.constantFrom('pass', 'conditional', 'fail' as const),
      returned: fc.boolean(),
      days: fc.integer({ min: 0, max: 300 }),
    });
    fc.assert(
      fc.property(fc.array(decided, { maxLength: 30 }), (audits) => {
        const steps = audits.flatMap((a, i): AuditStep[] => [
          { audit: `a${i}`, step: 'submitted', at: day('2026-01-01') },
          ...(a.returned ? [{ audit: `a${i}`, step: 'returned' as const, at: day('2026-01-01', '10:00') }] : []),
          {
            audit: `a${i}`,
            step: 'decided',
            at: new Date(Date.parse(day('2026-01-01')) + a.days * 86_400_000).toISOString(),
            outcome: a.outcome,
          },
        ]);
        const { decisions } = transparencyFigures({ period, steps, complaints: [], appeals: [] });
        const { pass, conditional, fail } = decisions.byOutcome;
        expect(pass + conditional + fail).toBe(decisions.total);
        expect(decisions.returned).toBeLessThanOrEqual(decisions.total);
        if (decisions.total > 0) {
          expect(decisions.medianDaysToDecision!).toBeGreaterThanOrEqual(Math.min(...audits.map((a) => a.days)));
          expect(decisions.medianDaysToDecision!).toBeLessThanOrEqual(Math.max(...audits.map((a) => a.days)));
        }
      }),
    );
  });
});
