import { ZodError } from 'zod';
import { AppError, httpStatusByCode } from '../errors.js';
import type { Translate } from './i18n.js';

/** Field name → message shown next to that field. `_form` holds a message about the whole form. */
export type FormErrors = Record<string, string>;

export type FormAttempt<T> = { ok: true; value: T } | { ok: false; status: number; errors: FormErrors };

/**
 * The services and domain schemas speak English; people filling in a form read the page's
 * language. Messages the forms can produce are matched here; anything else falls back to a
 * generic "not valid" so a Dutch page never shows an English sentence.
 */
const knownMessages: Array<[RegExp, string]> = [
  [/^required$/, 'admin.validation.required'],
  [/^not a valid e-mail address$/, 'admin.validation.email'],
  [/^at least (\d+) characters$/, 'admin.validation.tooShort'],
  [/^at most (\d+) characters$/, 'admin.validation.tooLong'],
  [/^a centre user needs a centre$/, 'admin.validation.centreNeeded'],
  [/^no centre with this slug$/, 'admin.validation.centreUnknown'],
  [/^already in use$/, 'admin.validation.emailTaken'],
  [/^already registered for (.+)$/, 'admin.validation.registrationTaken'],
  [/^A KvK number has exactly 8 digits$/, 'admin.validation.kvk'],
  [/^A KBO\/BCE number has 10 digits and starts with 0 or 1$/, 'admin.validation.kboFormat'],
  [/^The check digits of this KBO\/BCE number do not match$/, 'admin.validation.kboCheck'],
  [/^choose at least one channel$/, 'admin.validation.channelNeeded'],
  [/^choose at least one language$/, 'admin.validation.languageNeeded'],
  [/^use ISO 639-1 codes/, 'admin.validation.languageCode'],
  [/^must be an http\(s\) address$/, 'admin.validation.website'],
];

export function localiseMessage(message: string, t: Translate): string {
  for (const [pattern, key] of knownMessages) {
    const match = pattern.exec(message);
    if (match) return t(key, { n: match[1] ?? '', name: match[1] ?? '' });
  }
  return t('admin.validation.invalid');
}

function localiseZod(error: ZodError, t: Translate): FormErrors {
  const out: FormErrors = {};
  for (const issue of error.issues) {
    // Array entries (channels.0) belong to the field that holds the list.
    const key = String(issue.path[0] ?? '_form');
    if (out[key]) continue;
    if (issue.code === 'too_big' && issue.origin === 'string')
      out[key] = t('admin.validation.tooLong', { n: String(issue.maximum) });
    else if (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) <= 1)
      out[key] = t('admin.validation.required');
    else out[key] = localiseMessage(issue.message, t);
  }
  return out;
}

/**
 * Runs a form's service call and turns the failures a person can fix (invalid fields, a
 * duplicate e-mail or registration number) into field messages with the right status.
 * Every other error propagates to the error middleware.
 */
export function attemptForm<T>(run: () => T, t: Translate): FormAttempt<T> {
  try {
    return { ok: true, value: run() };
  } catch (err) {
    if (err instanceof ZodError) return { ok: false, status: 400, errors: localiseZod(err, t) };
    if (err instanceof AppError && err.issues.some((i) => i.path)) {
      const errors: FormErrors = {};
      for (const issue of err.issues) if (issue.path) errors[issue.path] ??= localiseMessage(issue.message, t);
      return { ok: false, status: httpStatusByCode[err.code], errors };
    }
    throw err;
  }
}
