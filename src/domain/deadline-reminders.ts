/**
 * Reminders before a deadline: 30, 14 and 3 days before a corrective action is due and before a
 * surveillance audit is due, so a centre hears about it before the sweep suspends it. Pure: the
 * sweep asks which reminder each deadline has reached and queues it once (the dedupe key names
 * deadline and lead time, so running the sweep again sends nothing new).
 */
import { DAY_MS, parseDay, startOfDay, toInstant } from './dates.js';

export const REMINDER_LEAD_DAYS = [30, 14, 3] as const;
export type ReminderLead = (typeof REMINDER_LEAD_DAYS)[number];

export const reminderKinds = ['corrective_action', 'surveillance'] as const;
export type ReminderKind = (typeof reminderKinds)[number];

export interface Deadline {
  kind: ReminderKind;
  /** The last day still in time (`YYYY-MM-DD`). */
  dueOn: string;
}

export interface DueReminder extends Deadline {
  /** The lead time reached: 30, 14 or 3 days before the deadline. */
  lead: ReminderLead;
  /** Whole days from today to the deadline day (0: it is due today). */
  daysLeft: number;
}

/**
 * The reminder each deadline has reached at `now`: the shortest lead time not yet passed. A
 * deadline 10 days away has reached the 14-day reminder (not the 30-day one, which would be
 * news of the past); a missed deadline gets none (the sweep's consequence follows). Deadlines
 * of one kind on the same day are one reminder.
 */
export function dueReminders(deadlines: readonly Deadline[], now: Date | string): DueReminder[] {
  const today = startOfDay(toInstant(now));
  const seen = new Set<string>();
  const due: DueReminder[] = [];
  for (const deadline of deadlines) {
    const key = `${deadline.kind}:${deadline.dueOn}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const daysLeft = Math.round((parseDay(deadline.dueOn) - today) / DAY_MS);
    if (daysLeft < 0) continue;
    const lead = [...REMINDER_LEAD_DAYS].reverse().find((days) => daysLeft <= days);
    if (lead !== undefined) due.push({ ...deadline, lead, daysLeft });
  }
  return due;
}

/** Same deadline, same lead time, same person: one message, whoever runs the sweep how often. */
export const reminderKey = (certificateId: number, reminder: DueReminder, recipient: number | string) =>
  `reminder:${certificateId}:${reminder.kind}:${reminder.dueOn}:${reminder.lead}:${recipient}`;
