/** A problem with one field or one checklist item, as returned in `{ error, issues }`. */
export interface Issue {
  path?: string;
  item?: string;
  message: string;
}

export type ErrorCode =
  | 'bad_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'unprocessable'
  | 'too_many_requests'
  | 'payload_too_large';

/** The one table from error code to HTTP status. */
export const httpStatusByCode: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unprocessable: 422,
  too_many_requests: 429,
};

/** An expected failure whose message is safe to show to the user. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues: Issue[] = [],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
export const forbidden = (message = 'You are not allowed to do this') => new AppError('forbidden', message);
export const conflict = (message: string, issues: Issue[] = []) => new AppError('conflict', message, issues);
export const badRequest = (message: string, issues: Issue[] = []) => new AppError('bad_request', message, issues);
export const unprocessable = (message: string, issues: Issue[] = []) => new AppError('unprocessable', message, issues);
