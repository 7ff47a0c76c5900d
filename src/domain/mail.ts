/**
 * The e-mail rules that are pure: which languages a message can be written in, how long a
 * failed delivery waits before the next attempt, and when the sender gives up.
 */

/** Every message is written in one of the registry's three languages. */
export const mailLanguages = ['nl', 'en', 'fr'] as const;
export type MailLanguage = (typeof mailLanguages)[number];

export const mailStates = ['queued', 'sent', 'failed'] as const;
export type MailState = (typeof mailStates)[number];

/** Attempts before a message is marked failed: with the back-off below, about three days. */
export const MAX_MAIL_ATTEMPTS = 12;

const MINUTE = 60_000;
/** The longest wait between two attempts: an SMTP server down for a day is retried every 6 h. */
const MAX_BACKOFF_MS = 6 * 60 * MINUTE;

/**
 * How long to wait after the n-th failed attempt (n ≥ 1): 1, 2, 4, … minutes, at most 6 hours.
 * A brief outage is bridged within minutes; a long one does not hammer the server.
 */
export function mailRetryDelayMs(failedAttempts: number): number {
  const exponent = Math.max(0, Math.min(failedAttempts - 1, 20));
  return Math.min(MINUTE * 2 ** exponent, MAX_BACKOFF_MS);
}
