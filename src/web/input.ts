import type { Request, RequestHandler, Response } from 'express';
import { type ZodError, type ZodType, type core, z } from 'zod';
import type { Params } from '../domain/reason.js';
import { AppError, httpStatusByKind, invalidInput, type Issue } from '../errors.js';
import { describe } from './describe.js';

/**
 * The one way routes read input: a zod schema gives typed data, or issues with codes. Forms
 * re-render with those issues next to their fields and the input as typed; the JSON API
 * answers `{ error, issues }`.
 */

/** A zod issue as a coded issue. Custom refinements name their code in `params.code`. */
export function issueFromZod(issue: core.$ZodIssue): Issue {
  const path = issue.path.map(String).join('.');
  const base = { ...(path ? { path } : {}), message: issue.message };
  const coded = (code: string, params?: Params): Issue => ({ ...base, code, ...(params ? { params } : {}) });
  switch (issue.code) {
    case 'custom': {
      const { code, ...params } = (issue.params ?? {}) as { code?: string } & Params;
      return coded(code ?? 'invalid', Object.keys(params).length ? (params as Params) : undefined);
    }
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1 ? coded('required') : coded('too_short', { min: Number(issue.minimum) });
      if (issue.origin === 'array' || issue.origin === 'set') return coded('too_few', { min: Number(issue.minimum) });
      return coded('too_small', { min: Number(issue.minimum) });
    case 'too_big':
      if (issue.origin === 'string') return coded('too_long', { max: Number(issue.maximum) });
      if (issue.origin === 'array' || issue.origin === 'set') return coded('too_many', { max: Number(issue.maximum) });
      return coded('too_large', { max: Number(issue.maximum) });
    case 'invalid_format':
      return coded(
        issue.format === 'email'
          ? 'invalid_email'
          : issue.format === 'date'
            ? 'invalid_date'
            : issue.format === 'url'
              ? 'invalid_url'
              : 'invalid_format',
      );
    case 'invalid_value':
      return coded('invalid_choice');
    case 'invalid_type':
      return issue.input === undefined ? coded('required') : coded('invalid_type', { expected: issue.expected });
    case 'unrecognized_keys':
      return coded('unknown_fields', { keys: issue.keys });
    default:
      return coded('invalid');
  }
}

export const issuesFromZod = (error: ZodError): Issue[] => error.issues.map(issueFromZod);

export type Parsed<T> = { ok: true; data: T } | { ok: false; issues: Issue[] };

export function parse<T>(schema: ZodType<T>, input: unknown): Parsed<T> {
  const parsed = schema.safeParse(input);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, issues: issuesFromZod(parsed.error) };
}

/** For the JSON API and query strings: typed data or a 400 listing every problem. */
export function parseOrThrow<T>(schema: ZodType<T>, input: unknown, message?: string): T {
  const parsed = parse(schema, input);
  if (!parsed.ok) throw invalidInput(parsed.issues, message);
  return parsed.data;
}

/** Field → message next to that field (the first problem of each field), `_form` for the rest. */
export type FieldErrors = Record<string, string>;

export interface FormState {
  /** What the person typed, as strings, to put back in the form. */
  values: Record<string, string>;
  errors: FieldErrors;
  /** A message about the whole form, or null. */
  formError: string | null;
}

export function fieldErrors(issues: Issue[], res: Response): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    // Entries of a list (channels.0) belong to the field that holds the list.
    const key = (issue.path ?? issue.item ?? '_form').split('.')[0] || '_form';
    out[key] ??= describe(issue, res.locals.t, res.locals.locale);
  }
  return out;
}

/** The form's text fields as typed (arrays kept as their first value), cut to a sane length. */
export function formValues(body: unknown, fields: readonly string[]): Record<string, string> {
  const source = (body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    fields.map((f) => {
      const v = source[f];
      return [f, typeof v === 'string' ? v.slice(0, 10_000) : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : ''];
    }),
  );
}

export interface FormSpec<T> {
  schema: ZodType<T>;
  /** Fields echoed back into the form when it is shown again. */
  fields: readonly string[];
  /** Builds the data the schema parses (defaults to the body). */
  input?: (req: Request) => unknown;
  /** Shows the form again with its state and the HTTP status of the failure. */
  render: (req: Request, res: Response, state: FormState, status: number) => Promise<void>;
}

/**
 * A form route: parse the body; on invalid input, or when the service refuses with a fixable
 * problem (a 400, 409 or 422 AppError), show the form again with the messages and what was
 * typed. Anything else goes to the error middleware. This is the only try/catch a form needs.
 */
export function formHandler<T>(
  spec: FormSpec<T>,
  handle: (req: Request, res: Response, data: T) => unknown,
): RequestHandler {
  return async (req, res) => {
    const values = formValues(req.body, spec.fields);
    const parsed = parse(spec.schema, spec.input ? spec.input(req) : (req.body ?? {}));
    const t = res.locals.t;
    if (!parsed.ok) {
      return spec.render(
        req,
        res,
        { values, errors: fieldErrors(parsed.issues, res), formError: t('forms.fixFields') },
        400,
      );
    }
    try {
      await handle(req, res, parsed.data);
    } catch (err) {
      if (!(err instanceof AppError) || !['bad_request', 'conflict', 'unprocessable'].includes(err.kind)) throw err;
      const errors = fieldErrors(err.issues, res);
      const formError = describe(err, t, res.locals.locale);
      return spec.render(req, res, { values, errors, formError }, httpStatusByKind[err.kind]);
    }
  };
}

/**
 * A record id in a path or form: decimal digits only, no sign, no leading zero, at most
 * Number.MAX_SAFE_INTEGER. `z.coerce.number()` would also take `0x28`, `4e1`, `040` and ` 40`,
 * so one record would answer to many addresses (and caches and logs would disagree on which).
 */
export const idParam = z
  .string()
  .regex(/^[1-9]\d{0,15}$/, 'not an id')
  .transform(Number)
  .refine((n) => Number.isSafeInteger(n), 'not an id');
