import { ZodError } from 'zod';
import { AppError, httpStatusByCode } from '../errors.js';
import type { Translate } from './i18n.js';

/** A form's posted strings by field name. */
export type Values = Record<string, string>;
/** Field name → message shown next to that field. */
export type Errors = Record<string, string>;

/** The posted strings of a form, kept exactly as typed so the form can come back intact. */
export function formStrings(body: unknown, names: string[]): Values {
  const source = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  return Object.fromEntries(names.map((name) => [name, typeof source[name] === 'string' ? source[name] : '']));
}

/**
 * The services speak English; a Dutch page must not. Service messages the complaint, triage
 * and appeal forms can meet are matched here; anything unforeseen is shown as the service
 * wrote it rather than hidden.
 */
const serviceMessages: Array<[RegExp, string]> = [
  [/^not a centre in the register$/, 'complaints.validation.centreUnknown'],
  [/^not an active auditor$/, 'complaints.validation.auditorUnknown'],
  [/^conflict of interest/, 'complaints.validation.auditorConflict'],
  [/already been handled/, 'complaints.triage.alreadyHandled'],
  [/^(.+) already has an open audit/, 'complaints.triage.openAudit'],
  [/already been resolved/, 'complaints.appeals.alreadyResolved'],
  [/admin who took the decision cannot resolve/, 'complaints.appeals.deciderRefused'],
  [/auditor of the audit cannot resolve/, 'complaints.appeals.auditorRefused'],
  [/already been appealed/, 'complaints.portal.alreadyAppealed'],
  [/Only a decided audit that failed/, 'complaints.portal.notAppealable'],
];

export function localiseServiceMessage(message: string, t: Translate): string {
  for (const [pattern, key] of serviceMessages) {
    const match = pattern.exec(message);
    if (match) return t(key, { centre: match[1] ?? '' });
  }
  return message;
}

/** Field messages in the page's language; an empty field always reads "required". */
export function fieldMessages(error: ZodError, values: Values, t: Translate): Errors {
  const out: Errors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '_form');
    if (out[key]) continue;
    if (issue.code === 'custom') out[key] = t(`complaints.validation.${key}Needed`);
    else if (issue.code === 'invalid_value') out[key] = t('complaints.validation.choose');
    else if (!values[key]?.trim()) out[key] = t('complaints.validation.required');
    else if (issue.code === 'too_big') out[key] = t('complaints.validation.tooLong', { n: String(issue.maximum) });
    else if (issue.code === 'too_small') out[key] = t('complaints.validation.tooShort', { n: String(issue.minimum) });
    else if (issue.code === 'invalid_format') out[key] = t('complaints.validation.email');
    else out[key] = t('complaints.validation.invalid');
  }
  return out;
}

/** A refused form post: field messages, or one message about the whole form, with its status. */
export interface FormFailure {
  status: number;
  errors: Errors;
  message: string | null;
}

/**
 * Runs a complaint or appeal use case and turns the refusals a person can act on (invalid
 * fields, wrong state, four eyes) into a failure to re-render the form with. Not-found and
 * unexpected errors propagate to the error middleware.
 */
export async function attemptComplaintForm<T>(
  run: () => T | Promise<T>,
  values: Values,
  t: Translate,
): Promise<{ ok: true; value: T } | ({ ok: false } & FormFailure)> {
  try {
    return { ok: true, value: await run() };
  } catch (err) {
    if (err instanceof ZodError)
      return { ok: false, status: 400, errors: fieldMessages(err, values, t), message: null };
    if (!(err instanceof AppError) || err.code === 'not_found') throw err;
    const errors: Errors = {};
    for (const issue of err.issues) if (issue.path) errors[issue.path] ??= localiseServiceMessage(issue.message, t);
    const hasFields = Object.keys(errors).length > 0;
    return {
      ok: false,
      status: httpStatusByCode[err.code],
      errors,
      message: hasFields ? null : localiseServiceMessage(err.message, t),
    };
  }
}
