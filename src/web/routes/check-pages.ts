import { type Request, type RequestHandler, type Response, Router } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { checkBodySchema } from '../../contracts/check.js';
import { CHECK_PAGE_MAX } from '../../services/check-service.js';
import { AppError } from '../../errors.js';
import { type FormState, formHandler, parseOrThrow } from '../input.js';
import { checkCsv, checkRowsView, presentCheckReport } from '../presenters/check-presenter.js';
import { registryDateTime } from '../presenters/verification-panel.js';
import { renderPage } from '../render.js';
import type { RouteDeps } from '../route-deps.js';

/** A CSV of 1 000 suppliers is a few tens of kB; far more is not a supplier list. */
const MAX_LIST_BYTES = 512 * 1024;

/** The list as posted: the file's text after what was typed, as the form shows it again. */
const listSchema = z.object({
  list: z.string().max(2 * MAX_LIST_BYTES),
  format: z.enum(['html', 'csv']).default('html'),
});

/** An uploaded file as text: UTF-8 (with or without BOM), else the Windows code page Excel writes. */
function fileText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

const uploadError = (err: unknown) => {
  const tooLarge =
    err instanceof multer.MulterError && (err.code === 'LIMIT_FILE_SIZE' || err.code === 'LIMIT_FIELD_VALUE');
  const code = tooLarge ? 'check_file_too_large' : 'upload_unreadable';
  const params = tooLarge ? { max: MAX_LIST_BYTES / 1024 } : undefined;
  const message = tooLarge ? `The list is larger than ${MAX_LIST_BYTES / 1024} kB` : 'The upload could not be read';
  return new AppError('bad_request', code, message, { params, issues: [{ path: 'file', code, params, message }] });
};

/**
 * The bulk check: `POST /api/v1/check` (1–100 items) and the `/check` page (paste or upload up
 * to 1 000 lines; the result as a table or, with format=csv, as a download, without JavaScript).
 * The page's form is multipart (for the file), so its CSRF token is checked once the body is read.
 */
export function checkRoutes(deps: Pick<RouteDeps, 'services' | 'config'>, verifyCsrf: RequestHandler): Router {
  const router = Router();
  const { check } = deps.services;
  const baseUrl = deps.config.baseUrl;
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: MAX_LIST_BYTES, fieldSize: MAX_LIST_BYTES, files: 1, fields: 4, parts: 5 },
  }).single('file');

  router.post('/api/v1/check', async (req, res) => {
    const { items } = parseOrThrow(checkBodySchema, req.body, 'The list is not valid');
    res.set('cache-control', 'no-store').json(presentCheckReport(await check.check(items), baseUrl));
  });

  const renderForm = (req: Request, res: Response, state: FormState, status: number) =>
    renderPage(
      res,
      'check/check',
      {
        title: res.locals.t('check.title'),
        // The whole list as sent, not the form helper's cut to 10 000 characters: a list refused
        // for being too long comes back complete, to be shortened.
        list: typeof req.body?.list === 'string' ? req.body.list : state.values.list,
        errors: state.errors,
        formError: state.formError,
        max: CHECK_PAGE_MAX,
        rows: null,
      },
      status,
    );

  router.get('/check', (req, res) => renderForm(req, res, { values: { list: '' }, errors: {}, formError: null }, 200));

  /** Reads a multipart form (the file joins the typed list); an unreadable upload is kept for the handler. */
  const readForm: RequestHandler = (req, res, next) => {
    if (!req.is('multipart/form-data')) return next();
    upload(req, res, (err: unknown) => {
      req.body ??= {};
      if (err) res.locals.checkUploadError = uploadError(err);
      const typed = typeof req.body.list === 'string' ? req.body.list : '';
      const file = req.file ? fileText(req.file.buffer) : '';
      req.body.list = [typed.trim(), file.replace(/^\uFEFF/, '').trim()].filter(Boolean).join('\n');
      next();
    });
  };

  router.post(
    '/check',
    readForm,
    verifyCsrf,
    formHandler({ schema: listSchema, fields: ['list'], render: renderForm }, async (_req, res, data) => {
      if (res.locals.checkUploadError) throw res.locals.checkUploadError;
      const report = await check.checkList(data.list);
      const { t, locale } = res.locals;
      if (data.format === 'csv') {
        const stamp = report.checkedAt.toISOString().slice(0, 16).replace(/[-:]/g, '');
        res
          .set({
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': `attachment; filename="keurmerk-check-${stamp}.csv"`,
            'cache-control': 'no-store',
          })
          .send(checkCsv(report, t, locale, baseUrl));
        return;
      }
      await renderPage(res, 'check/check', {
        title: t('check.resultsTitle'),
        list: data.list,
        errors: {},
        formError: null,
        max: CHECK_PAGE_MAX,
        rows: checkRowsView(report, t),
        checkedAt: registryDateTime(report.checkedAt, locale),
      });
    }),
  );

  return router;
}
