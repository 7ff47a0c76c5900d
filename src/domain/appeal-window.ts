/**
 * The time a centre has to appeal a decision: the scheme's window in days, counted from the
 * day of the decision. Decided on 1 November with a 30-day window, the last day to appeal is
 * 1 December (day 30); on 2 December (day 31) the window is closed.
 */
import { addDays, DAY_MS, parseDay } from './dates.js';

export interface AppealWindow {
  /** The last day (YYYY-MM-DD, UTC) on which an appeal is still in time. */
  lastDay: string;
  /** Whole days left after today; 0 on the last day, negative once it has passed. */
  daysLeft: number;
  isOpen: boolean;
}

/** `decidedAt` an ISO time of the decision, `today` a UTC day (YYYY-MM-DD). */
export function appealWindow(decidedAt: string, windowDays: number, today: string): AppealWindow {
  const lastDay = addDays(decidedAt.slice(0, 10), windowDays);
  const daysLeft = Math.round((parseDay(lastDay) - parseDay(today)) / DAY_MS);
  return { lastDay, daysLeft, isOpen: daysLeft >= 0 };
}
