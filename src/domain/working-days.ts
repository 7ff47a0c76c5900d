import { DAY_MS, formatDay, parseDay } from './dates.js';

/**
 * Working days for the complaint procedure's response time. Saturdays and Sundays are skipped;
 * public holidays are NOT skipped (they count as working days): the register serves the
 * Netherlands and Belgium, whose holidays differ, and the scheme lists none, so a deadline that
 * skipped one country's holidays would be wrong for the other. A deadline falls a little early
 * around a holiday rather than ever late.
 */

/** Monday to Friday (UTC calendar day). */
export function isWorkingDay(day: string): boolean {
  const weekday = new Date(parseDay(day)).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The `n`-th working day after `day` (the day itself does not count, whatever it is): a
 * complaint received on a Friday with 10 working days is due on the Friday two weeks later.
 */
export function addWorkingDays(day: string, n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Not a number of working days: ${n}`);
  let ms = parseDay(day);
  // Whole weeks first, so a long response time costs no more than a short one.
  ms += Math.floor(n / 5) * 7 * DAY_MS;
  let left = n % 5;
  while (left > 0) {
    ms += DAY_MS;
    if (isWorkingDay(formatDay(ms))) left--;
  }
  // n a multiple of 5 from a weekend day lands on a weekend day: the deadline is the Friday before.
  while (n > 0 && !isWorkingDay(formatDay(ms))) ms -= DAY_MS;
  return formatDay(ms);
}

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: string, to: string): number {
  let count = 0;
  const end = parseDay(to);
  let ms = parseDay(from);
  // Whole weeks hold five working days each.
  const weeks = Math.max(0, Math.floor((end - ms) / (7 * DAY_MS)));
  count += weeks * 5;
  ms += weeks * 7 * DAY_MS;
  while (ms < end) {
    ms += DAY_MS;
    if (isWorkingDay(formatDay(ms))) count++;
  }
  return count;
}
