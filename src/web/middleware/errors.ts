import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import { IllegalTransitionError } from '../../domain/lifecycle.js';
import { PolicyError } from '../../domain/policies/policy.js';
import type { Params } from '../../domain/reason.js';
import { AppError, httpStatusByKind, type Issue } from '../../errors.js';
import { describe } from '../describe.js';
import { defaultLocale, translator } from '../i18n.js';
import { issuesFromZod } from '../input.js';
import { renderPage, wantsJson } from '../render.js';

export const notFoundHandler: RequestHandler = (req, res) => {
  if (wantsJson(req)) {
    res.status(404).json({ error: 'Not found', code: 'page_not_found', params: {}, issues: [] });
    return;
  }
  return renderPage(res, 'errors/not-found', { title: res.locals.t('errors.notFoundTitle') }, 404);
};

interface HttpishError {
  status?: number;
  statusCode?: number;
  type?: string;
}

/** What the person is told: a status, a code with params, its English message and the issues. */
interface Answer {
  status: number;
  code: string;
  params: Params;
  message: string;
  issues: Issue[];
}

const internal: Answer = {
  status: 500,
  code: 'internal_error',
  params: {},
  message: 'Something went wrong on our side. The problem has been logged.',
  issues: [],
};

/** The one mapping from a thrown error to an answer; null means unexpected (a 500). */
function answerFor(err: unknown): Answer | null {
  if (err instanceof AppError) {
    return {
      status: httpStatusByKind[err.kind],
      code: err.code,
      params: err.params,
      message: err.message,
      issues: err.issues,
    };
  }
  if (err instanceof PolicyError) {
    return {
      status: err.about === 'state' ? 409 : 403,
      code: err.code,
      params: err.params,
      message: err.message,
      issues: [],
    };
  }
  if (err instanceof IllegalTransitionError) {
    return {
      status: 409,
      code: 'illegal_transition',
      params: { from: err.from, event: err.event },
      message: err.message,
      issues: [],
    };
  }
  if (err instanceof ZodError) {
    return {
      status: 400,
      code: 'invalid_input',
      params: {},
      message: 'The request is not valid',
      issues: issuesFromZod(err),
    };
  }
  const status = (err as HttpishError | null)?.status ?? (err as HttpishError | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const type = (err as HttpishError).type;
    if (type === 'entity.too.large' || status === 413) {
      return { status, code: 'body_too_large', params: {}, message: 'The request body is too large', issues: [] };
    }
    if (type === 'entity.parse.failed') {
      return { status, code: 'invalid_json', params: {}, message: 'The request body is not valid JSON', issues: [] };
    }
    return { status, code: 'invalid_input', params: {}, message: (err as Error).message, issues: [] };
  }
  return null;
}

/** Maps every error to a clear answer (HTML or JSON by route and Accept); only unexpected ones are logged. */
export function errorHandler(isProduction: boolean, logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const known = answerFor(err);
    if (!known) logger.error({ err, reqId: req.id, method: req.method, url: req.originalUrl }, 'unhandled error');
    const answer = known ?? internal;
    if (res.headersSent) return;
    if (wantsJson(req)) {
      res
        .status(answer.status)
        .json({ error: answer.message, code: answer.code, params: answer.params, issues: answer.issues });
      return;
    }
    const locale = res.locals.locale ?? defaultLocale;
    const t = res.locals.t ?? translator(locale);
    const detail = answer.status === 500 && !isProduction && err instanceof Error ? err.stack : undefined;
    renderPage(
      res,
      'errors/error',
      {
        title: t('errors.title'),
        status: answer.status,
        message: describe(answer, t, locale),
        issues: answer.issues.map((issue) => ({ ...issue, text: describe(issue, t, locale) })),
        detail,
      },
      answer.status,
    ).catch(() => res.status(answer.status).type('text').send(answer.message));
  };
}
