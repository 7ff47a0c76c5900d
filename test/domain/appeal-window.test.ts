import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appealWindow } from '../../src/domain/appeal-window.js';
import { addDays, formatDay } from '../../src/domain/dates.js';
import { appealWindowDays, DEFAULT_APPEAL_WINDOW_DAYS, parseScheme } from '../../src/domain/scheme.js';
import { readSchemeFile } from '../../src/services/scheme-service.js';

describe('appealWindow', () => {
  it('when a decision was taken on 1 November, then 1 December is day 30 (the last) and 2 December is closed', () => {
    const decidedAt = '2026-11-01T15:30:00.000Z';
    expect(appealWindow(decidedAt, 30, '2026-11-01')).toEqual({ lastDay: '2026-12-01', daysLeft: 30, isOpen: true });
    expect(appealWindow(decidedAt, 30, '2026-11-20')).toEqual({ lastDay: '2026-12-01', daysLeft: 11, isOpen: true });
    expect(appealWindow(decidedAt, 30, '2026-12-01')).toEqual({ lastDay: '2026-12-01', daysLeft: 0, isOpen: true });
    expect(appealWindow(decidedAt, 30, '2026-12-02')).toEqual({ lastDay: '2026-12-01', daysLeft: -1, isOpen: false });
  });

  it('when any decision day, window and day after it are given, then the window is open exactly for the first `window` days', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2035, 0, 1) }).map((ms) => formatDay(ms)),
        fc.integer({ min: 1, max: 365 }),
        fc.integer({ min: 0, max: 400 }),
        (decisionDay, days, after) => {
          const window = appealWindow(`${decisionDay}T23:59:59.999Z`, days, addDays(decisionDay, after));
          expect(window.isOpen).toBe(after <= days);
          expect(window.daysLeft).toBe(days - after);
          expect(window.lastDay).toBe(addDays(decisionDay, days));
        },
      ),
    );
  });
});

describe('appealWindowDays', () => {
  it('when KM-2026.1 (which does not name the window) is read, then the window is the default 30 days and the scheme unchanged', () => {
    const scheme = readSchemeFile('db/schemes/KM-2026.1.yaml');
    expect(scheme.appealWindowDays).toBeUndefined();
    expect(appealWindowDays(scheme)).toBe(DEFAULT_APPEAL_WINDOW_DAYS);
    expect(DEFAULT_APPEAL_WINDOW_DAYS).toBe(30);
    expect(Object.keys(scheme)).not.toContain('appealWindowDays');
  });

  it('when a scheme names its window, then that is used; zero, fractions and more than a year are refused', () => {
    const raw = { ...readSchemeFile('db/schemes/KM-2026.1.yaml'), code: 'KM-2099.9' };
    expect(appealWindowDays(parseScheme({ ...raw, appealWindowDays: 45 }))).toBe(45);
    for (const bad of [0, 14.5, 366, '30'])
      expect(() => parseScheme({ ...raw, appealWindowDays: bad }), String(bad)).toThrow(/appealWindowDays/);
  });
});
