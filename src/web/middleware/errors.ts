import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import { IllegalTransitionError } from '../../domain/lifecycle.js';
import { AppError, httpStatusByCode, type Issue } from '../../errors.js';
import { renderPage, wantsJson } from '../render.js';
import { zodIssues } from '../validation.js';

export const notFoundHandler: RequestHandler = (req, res) => {
  if (wantsJson(req)) {
    res.status(404).json({ error: 'Not found', issues: [] });
    return;
  }
  const t = res.locals.t as (k: string) => string;
  return renderPage(res, 'errors/not-found', { title: t('errors.notFoundTitle') }, 404);
};

interface HttpishError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
}

/** Maps every error to a clear answer; only unexpected ones become a 500 (and are logged). */
export function errorHandler(isProduction: boolean, logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    let status = 500;
    let message = 'Something went wrong on our side. The problem has been logged.';
    let issues: Issue[] = [];
    if (err instanceof AppError) {
      status = httpStatusByCode[err.code];
      message = err.message;
      issues = err.issues;
    } else if (err instanceof IllegalTransitionError) {
      status = 409;
      message = err.message;
    } else if (err instanceof ZodError) {
      status = 400;
      message = 'The request is not valid';
      issues = zodIssues(err);
    } else if (isClientError(err)) {
      status = (err as HttpishError).status ?? (err as HttpishError).statusCode ?? 400;
      message =
        (err as HttpishError).type === 'entity.too.large' || status === 413
          ? 'The request body is too large'
          : (err as HttpishError).type === 'entity.parse.failed'
            ? 'The request body is not valid JSON'
            : (err as Error).message;
    } else {
      logger.error({ err, reqId: req.id, method: req.method, url: req.originalUrl }, 'unhandled error');
    }
    if (res.headersSent) return;
    if (wantsJson(req)) {
      res.status(status).json({ error: message, issues });
      return;
    }
    const t = (res.locals.t ?? ((k: string) => k)) as (k: string) => string;
    const detail = status === 500 && !isProduction && err instanceof Error ? err.stack : undefined;
    renderPage(res, 'errors/error', { title: t('errors.title'), status, message, issues, detail }, status).catch(() =>
      res.status(status).type('text').send(message),
    );
  };
}

function isClientError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const status = (err as HttpishError).status ?? (err as HttpishError).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500;
}
