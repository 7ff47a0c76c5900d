import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { complaintStates, severities } from '../../src/domain/complaint.js';
import {
  type ComplaintCountRow,
  complaintConsequence,
  complaintConsequences,
  complaintFigures,
  complaintWindowStart,
} from '../../src/domain/complaint-figures.js';
import { addDays, DAY_MS, formatDay, parseDay } from '../../src/domain/dates.js';

const today = '2026-12-02';

const row = (overrides: Partial<ComplaintCountRow>): ComplaintCountRow => ({
  day: today,
  state: 'received',
  severity: null,
  consequence: null,
  count: 1,
  ...overrides,
});

/** Rows as the repository hands them: an upheld row has a severity and the consequence recorded for it. */
const rowArbitrary = fc
  .record({
    offset: fc.integer({ min: -900, max: 10 }),
    state: fc.constantFrom(...complaintStates),
    severity: fc.constantFrom(...severities),
    live: fc.boolean(),
    count: fc.integer({ min: 1, max: 50 }),
  })
  .map(
    ({ offset, state, severity, live, count }): ComplaintCountRow => ({
      day: addDays(today, offset),
      state,
      severity: state === 'upheld' ? severity : null,
      consequence: state === 'upheld' ? complaintConsequence(severity, live) : null,
      count,
    }),
  );

const dayArbitrary = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2032, 11, 31) }).map((ms) => formatDay(ms));

describe('complaintConsequence', () => {
  it.each([
    ['minor', true, 'next_audit_agenda'],
    ['minor', false, 'next_audit_agenda'],
    ['major', true, 'special_audit'],
    ['major', false, 'no_valid_certificate'],
    ['critical', true, 'suspension_special_audit'],
    ['critical', false, 'no_valid_certificate'],
  ] as const)(
    'when a %s complaint is upheld (valid certificate: %s), then it leads to %s',
    (severity, live, expected) => {
      expect(complaintConsequence(severity, live)).toBe(expected);
    },
  );
});

describe('complaintWindowStart', () => {
  it('when today is 2 December 2026, then the figures count since 2 December 2024', () => {
    expect(complaintWindowStart('2026-12-02')).toBe('2024-12-02');
  });

  it('when today is 29 February, then the window starts on 28 February two years back', () => {
    expect(complaintWindowStart('2028-02-29')).toBe('2026-02-28');
  });

  it('when any day is given, then the window spans 24 months: between 730 and 731 days back', () => {
    fc.assert(
      fc.property(dayArbitrary, (day) => {
        const days = (parseDay(day) - parseDay(complaintWindowStart(day))) / DAY_MS;
        expect(days).toBeGreaterThanOrEqual(729);
        expect(days).toBeLessThanOrEqual(731);
      }),
    );
  });
});

describe('complaintFigures', () => {
  it('when complaints of each kind were received, then each is counted with its severity and consequence', () => {
    const figures = complaintFigures(
      [
        row({ state: 'received', count: 2 }),
        // Under review is still open: not yet answered.
        row({ state: 'under_review' }),
        row({ state: 'dismissed', count: 3 }),
        row({ state: 'withdrawn' }),
        row({ state: 'upheld', severity: 'minor', consequence: 'next_audit_agenda' }),
        row({ state: 'upheld', severity: 'major', consequence: 'special_audit', count: 2 }),
        row({ state: 'upheld', severity: 'major', consequence: 'no_valid_certificate' }),
        row({ state: 'upheld', severity: 'critical', consequence: 'suspension_special_audit' }),
      ],
      today,
    );
    expect(figures).toMatchObject({
      since: '2024-12-02',
      until: today,
      received: 12,
      open: 3,
      dismissed: 3,
      withdrawn: 1,
      upheld: 5,
    });
    expect(figures.bySeverity).toEqual([
      { severity: 'minor', upheld: 1, consequences: [{ consequence: 'next_audit_agenda', count: 1 }] },
      {
        severity: 'major',
        upheld: 3,
        consequences: [
          { consequence: 'special_audit', count: 2 },
          { consequence: 'no_valid_certificate', count: 1 },
        ],
      },
      { severity: 'critical', upheld: 1, consequences: [{ consequence: 'suspension_special_audit', count: 1 }] },
    ]);
  });

  it('when a complaint was received on the first day of the window it counts; the day before it does not', () => {
    const figures = complaintFigures(
      [row({ day: '2024-12-02', state: 'dismissed' }), row({ day: '2024-12-01', state: 'dismissed', count: 5 })],
      today,
    );
    expect(figures.received).toBe(1);
    expect(figures.dismissed).toBe(1);
  });

  it('when a row lies after today, then it is not counted', () => {
    expect(complaintFigures([row({ day: addDays(today, 1) })], today).received).toBe(0);
  });

  it('when an upheld complaint has no recorded consequence, then the scheme rule for its severity stands in', () => {
    const figures = complaintFigures([row({ state: 'upheld', severity: 'critical', consequence: null })], today);
    expect(figures.bySeverity[2]!.consequences).toEqual([{ consequence: 'suspension_special_audit', count: 1 }]);
  });

  it('when there are no complaints, then every severity is still listed with zero', () => {
    const figures = complaintFigures([], today);
    expect(figures.received).toBe(0);
    expect(figures.bySeverity.map((s) => [s.severity, s.upheld, s.consequences.length])).toEqual([
      ['minor', 0, 0],
      ['major', 0, 0],
      ['critical', 0, 0],
    ]);
  });

  it('when any rows are counted, then the outcomes add up to the received total, and severities and consequences to the upheld', () => {
    fc.assert(
      fc.property(fc.array(rowArbitrary, { maxLength: 40 }), (rows) => {
        const f = complaintFigures(rows, today);
        expect(f.open + f.dismissed + f.withdrawn + f.upheld).toBe(f.received);
        expect(f.bySeverity.reduce((sum, s) => sum + s.upheld, 0)).toBe(f.upheld);
        for (const s of f.bySeverity) {
          expect(s.consequences.reduce((sum, c) => sum + c.count, 0)).toBe(s.upheld);
          for (const c of s.consequences) expect(complaintConsequences).toContain(c.consequence);
        }
      }),
    );
  });

  it('when any rows are counted, then exactly those received from the window start up to today count', () => {
    fc.assert(
      fc.property(fc.array(rowArbitrary, { maxLength: 40 }), dayArbitrary, (rows, day) => {
        const since = complaintWindowStart(day);
        const expected = rows.filter((r) => r.day >= since && r.day <= day).reduce((sum, r) => sum + r.count, 0);
        expect(complaintFigures(rows, day).received).toBe(expected);
      }),
    );
  });

  it('when days pass, then a complaint stays counted for 24 months and leaves the figures the day after', () => {
    fc.assert(
      fc.property(dayArbitrary, (received) => {
        const rows = [row({ day: received })];
        expect(complaintFigures(rows, received).received).toBe(1);
        // The last day whose window still reaches back to the day it was received (bounded walk).
        let last = received;
        for (let i = 0; i < 800 && complaintWindowStart(addDays(last, 1)) <= received; i++) last = addDays(last, 1);
        const span = (parseDay(last) - parseDay(received)) / DAY_MS;
        expect(span).toBeGreaterThanOrEqual(729);
        expect(span).toBeLessThanOrEqual(731);
        expect(complaintFigures(rows, last).received, `last day ${last}`).toBe(1);
        expect(complaintFigures(rows, addDays(last, 1)).received).toBe(0);
      }),
      { numRuns: 50 },
    );
  });
});
