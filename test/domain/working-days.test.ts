import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, formatDay, parseDay } from '../../src/domain/dates.js';
import { addWorkingDays, isWorkingDay, workingDaysBetween } from '../../src/domain/working-days.js';

const dayArb = fc
  .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 11, 31) })
  .map((ms) => formatDay(ms - (ms % 86_400_000)));
const countArb = fc.integer({ min: 0, max: 60 });

describe('working days', () => {
  it('when known days are given, then weekends are skipped and the day itself does not count', () => {
    // Thursday 5 March 2026 + 10 working days: Thursday 19 March.
    expect(addWorkingDays('2026-03-05', 10)).toBe('2026-03-19');
    // Friday + 1: Monday.
    expect(addWorkingDays('2026-03-06', 1)).toBe('2026-03-09');
    // Saturday + 5: Friday; Sunday + 10: the Friday after next.
    expect(addWorkingDays('2026-03-07', 5)).toBe('2026-03-13');
    expect(addWorkingDays('2026-03-08', 10)).toBe('2026-03-20');
    // Public holidays count as working days: Easter Monday 6 April 2026 is not skipped.
    expect(addWorkingDays('2026-04-03', 1)).toBe('2026-04-06');
    expect(isWorkingDay('2026-03-07')).toBe(false);
    expect(isWorkingDay('2026-03-09')).toBe(true);
  });

  it('when n working days are added, then exactly n working days lie after the day up to the result, which is a working day', () => {
    fc.assert(
      fc.property(dayArb, countArb, (day, n) => {
        const due = addWorkingDays(day, n);
        expect(workingDaysBetween(day, due)).toBe(n);
        if (n > 0) expect(isWorkingDay(due)).toBe(true);
        if (n === 0) expect(due).toBe(day);
      }),
    );
  });

  it('when more working days are added, then the result is never earlier, and n working days take between n and n·7/5 + 2 calendar days', () => {
    fc.assert(
      fc.property(dayArb, countArb, countArb, (day, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(addWorkingDays(day, lo) <= addWorkingDays(day, hi)).toBe(true);
        const calendar = (parseDay(addWorkingDays(day, hi)) - parseDay(day)) / 86_400_000;
        expect(calendar).toBeGreaterThanOrEqual(hi);
        expect(calendar).toBeLessThanOrEqual(Math.ceil((hi * 7) / 5) + 2);
      }),
    );
  });

  it('when counting across a week, then a whole week holds five working days', () => {
    fc.assert(
      fc.property(dayArb, (day) => {
        expect(workingDaysBetween(day, addDays(day, 7))).toBe(5);
      }),
    );
  });

  it('when the number of days is negative or not whole, then it is refused', () => {
    expect(() => addWorkingDays('2026-03-05', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-03-05', 1.5)).toThrow(RangeError);
  });
});
