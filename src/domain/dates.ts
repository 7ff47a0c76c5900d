/**
 * Calendar arithmetic in UTC for the lifecycle rules: a date (`YYYY-MM-DD`) names a whole day,
 * and a deadline day is still in time.
 */
export const DAY_MS = 86_400_000;

export function parseDay(day: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) throw new RangeError(`Invalid date ${day}`);
  return ms;
}

export const formatDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

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

export function toInstant(value: Date | string): number {
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`Invalid time ${String(value)}`);
  return ms;
}

/** 00:00 UTC of the day after `day`: the first moment a deadline of `day` is missed. */
export const dayAfter = (day: string) => parseDay(day) + DAY_MS;
export const startOfDay = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;
