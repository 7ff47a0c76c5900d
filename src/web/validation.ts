import type { ZodError, ZodType } from 'zod';
import { AppError, type Issue } from '../errors.js';

export function zodIssues(error: ZodError): Issue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

/** Parses input with a zod schema or throws a 400 AppError listing every problem. */
export function parseOrThrow<T>(schema: ZodType<T>, input: unknown, what = 'request'): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new AppError('bad_request', `The ${what} is not valid`, zodIssues(parsed.error));
  return parsed.data;
}

/** Field → message map for re-rendering a form next to its inputs. */
export function fieldErrors(error: ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_form';
    out[key] ??= issue.message;
  }
  return out;
}
