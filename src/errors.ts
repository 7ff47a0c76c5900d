import type { Params } from './domain/reason.js';

/**
 * A problem with one field or one checklist item, as returned in `{ error, issues }`: a stable
 * `code` with `params` for people (rendered in their language by the web layer) and an English
 * `message` for scripts and logs.
 */
export interface Issue {
  path?: string;
  item?: string;
  code: string;
  params?: Params;
  message: string;
}

export type ErrorKind =
  | 'bad_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'unprocessable'
  | 'too_many_requests'
  | 'payload_too_large';

/** The one table from error kind to HTTP status. */
export const httpStatusByKind: Record<ErrorKind, number> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unprocessable: 422,
  too_many_requests: 429,
};

/**
 * An expected failure. `code` says exactly what went wrong (`audit_not_found`,
 * `centre_has_open_audit`) and is what pages translate; `message` is its English sentence.
 */
export class AppError extends Error {
  readonly params: Params;
  readonly issues: Issue[];
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    options: { params?: Params; issues?: Issue[] } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.params = options.params ?? {};
    this.issues = options.issues ?? [];
  }
}

/** What a not-found error can be about; each has its own code (`<subject>_not_found`). */
export type Subject =
  | 'audit'
  | 'centre'
  | 'certificate'
  | 'user'
  | 'scheme'
  | 'promise'
  | 'corrective_action'
  | 'complaint'
  | 'appeal'
  | 'brand'
  | 'token'
  | 'document'
  | 'evidence'
  | 'mail_message'
  | 'page';

export const notFound = (subject: Subject) =>
  new AppError('not_found', `${subject}_not_found`, `${subject.replace('_', ' ')} not found`);

export const conflict = (code: string, message: string, params?: Params) =>
  new AppError('conflict', code, message, { params });

/** Input that is well-formed but cannot be accepted; every problem is listed. */
export const unprocessable = (code: string, message: string, issues: Issue[], params?: Params) =>
  new AppError('unprocessable', code, message, { issues, params });

/** Input that is not valid; every problem is listed. */
export const invalidInput = (issues: Issue[], message = 'The request is not valid') =>
  new AppError('bad_request', 'invalid_input', message, { issues });
