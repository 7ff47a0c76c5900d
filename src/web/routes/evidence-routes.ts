import { type Request, type RequestHandler, type Response, Router } from 'express';
import { AppError, httpStatusByKind, notFound } from '../../errors.js';
import { fileTooLarge } from '../../domain/evidence.js';
import type { EvidenceFile, Upload } from '../../services/evidence-service.js';
import { describe } from '../describe.js';
import { idParam, parseOrThrow } from '../input.js';
import { currentUser, requireRole } from '../middleware/auth.js';
import { fileUploads } from '../pdf-upload.js';
import { evidenceFileView, limitsHint, presentEvidenceFile } from '../presenters/evidence-view.js';
import { renderPage, wantsJson } from '../render.js';
import type { RouteDeps } from '../route-deps.js';
import { idOf } from './audit-shared.js';

/** The numeric id of a file in the path; anything else names no file. */
function fileId(req: Request): number {
  const id = idParam.safeParse(req.params.id);
  if (!id.success) throw notFound('evidence');
  return id.data;
}

/** Refusals a person can act on (another file, a smaller one): shown with the form again. */
const fixable = new Set(['bad_request', 'conflict', 'unprocessable', 'payload_too_large']);

const fileRequired = () =>
  new AppError('bad_request', 'evidence_file_required', 'Choose a file to attach', {
    issues: [{ path: 'file', code: 'evidence_file_required', message: 'required' }],
  });

/**
 * `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266 with RFC 5987 for names beyond
 * ASCII): the browser saves the file under its own name and never shows it as a page.
 */
export function contentDisposition(kind: 'attachment' | 'inline', name: string): string {
  const fallback = name.replace(/[^\x20-\x7E]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** The bytes of a private file: the detected type only, never sniffed, never cached, never run. */
function sendPrivateFile(
  res: Response,
  file: EvidenceFile,
  bytes: Buffer,
  kind: 'attachment' | 'inline',
  type: string,
) {
  res
    .status(200)
    .set({
      'content-type': type.startsWith('text/') ? `${type}; charset=utf-8` : type,
      'content-disposition': contentDisposition(kind, kind === 'inline' ? `${file.name}.webp` : file.name),
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
      // Even opened in a tab, the file can load nothing and run nothing.
      'content-security-policy': "default-src 'none'; sandbox",
    })
    .send(bytes);
}

/**
 * Evidence files: the auditor's attachments to checklist answers (page form and staff API), the
 * centre's to its corrective actions, removal before submission, and downloads for whoever may
 * see them. Uploads stream to a temporary file with the per-file limit; for the forms the CSRF
 * token (a field before the file) is checked before the file is read.
 */
export function evidenceRoutes({ services }: RouteDeps, verifyCsrf: RequestHandler): { api: Router; pages: Router } {
  const { evidence } = services;
  const uploads = fileUploads({
    maxBytes: evidence.limits.fileBytes,
    invalidCode: 'evidence_upload_invalid',
    tooLarge: (message) => {
      const { params } = fileTooLarge(evidence.limits);
      return new AppError('payload_too_large', 'evidence_file_too_large', 'The file is larger than a file may be', {
        params,
        issues: [{ path: 'file', code: 'evidence_file_too_large', params, message }],
      });
    },
  });

  /** The upload of a form: its token checked before a byte of the file is read. */
  async function readForm(req: Request, res: Response): Promise<{ upload: Upload | null; error: AppError | null }> {
    const checkCsrf = () =>
      new Promise<void>((resolve, reject) => verifyCsrf(req, res, (err?: unknown) => (err ? reject(err) : resolve())));
    // A post without the CSRF cookie or session can never be valid: refused before its body is read.
    if (!res.locals.csrfNonce) await checkCsrf();
    const { error, bytes, name } = await uploads.read(req, res, verifyCsrf);
    if (error?.kind === 'forbidden') throw error;
    // A form without a file part: its token is checked here.
    if (!error) await checkCsrf();
    if (error) return { upload: null, error };
    return { upload: bytes ? { bytes, name } : null, error: bytes ? null : fileRequired() };
  }

  const api = Router();
  api.post(
    '/api/v1/audits/:id/answers/:item/evidence',
    requireRole('admin', 'auditor'),
    uploads.admit,
    async (req, res) => {
      const user = currentUser(req);
      const audit = services.audits.findVisibleAudit(parseOrThrow(idParam, req.params.id, 'audit id'), user);
      const item = String(req.params.item);
      evidence.checkAnswerTarget(audit.id, item, user);
      const { error, bytes, name } = await uploads.read(req, res);
      if (error) throw error;
      if (!bytes) throw fileRequired();
      const attached = await evidence.attachToAnswer(audit.id, item, { bytes, name }, user);
      res
        .status(attached.created ? 201 : 200)
        .set('cache-control', 'no-store')
        .json(presentEvidenceFile(attached.file));
    },
  );

  const pages = Router();

  /** A refused upload: the form again, with what went wrong and the way back. */
  async function renderRefused(
    req: Request,
    res: Response,
    error: AppError,
    target: { heading: string; action: string; back: string; files: EvidenceFile[] },
  ) {
    // A script posting the form asks for JSON: the error shape with its status (413, 422, …).
    if (wantsJson(req)) throw error;
    const { t, locale } = res.locals;
    const status = httpStatusByKind[error.kind];
    await renderPage(
      res,
      'audits/evidence-upload',
      {
        title: t('evidence.refused.title'),
        heading: target.heading,
        error: describe(error, t, locale),
        action: target.action,
        back: target.back,
        files: target.files.map((f) => evidenceFileView(f, t, locale, false)),
        hint: limitsHint(evidence.limits, t, locale),
      },
      status,
    );
  }

  /**
   * Attaches, or shows the form again when the service refuses with something the person can fix.
   * Like formHandler, the one try/catch these forms need.
   */
  async function attachOrRefuse(
    req: Request,
    res: Response,
    target: Parameters<typeof renderRefused>[3],
    attach: () => Promise<unknown>,
  ) {
    try {
      await attach();
    } catch (err) {
      if (!(err instanceof AppError) || !fixable.has(err.kind)) throw err;
      await renderRefused(req, res, err, target);
      return;
    }
    res.redirect(303, target.back);
  }

  pages.post('/audits/:id/answers/:item/evidence', requireRole('auditor'), uploads.admit, async (req, res) => {
    const user = currentUser(req);
    const auditId = idOf(req, 'audit');
    const item = String(req.params.item);
    const { promiseId } = evidence.checkAnswerTarget(auditId, item, user);
    const back = `/audits/${auditId}/promises/${encodeURIComponent(promiseId)}#item-${encodeURIComponent(item)}`;
    const target = {
      heading: res.locals.t('evidence.refused.item', { item }),
      action: req.originalUrl,
      back,
      files: evidence.forChecklist(auditId).get(item) ?? [],
    };
    const { upload, error } = await readForm(req, res);
    if (error || !upload) return renderRefused(req, res, error ?? fileRequired(), target);
    await attachOrRefuse(req, res, target, () => evidence.attachToAnswer(auditId, item, upload, user));
  });

  pages.post('/portal/actions/:id/files', requireRole('centre'), uploads.admit, async (req, res) => {
    const user = currentUser(req);
    const actionId = idOf(req, 'corrective_action');
    const action = evidence.checkActionTarget(actionId, user);
    const back = `/portal#action-${actionId}`;
    const target = {
      heading: res.locals.t('evidence.refused.action', { item: action.item }),
      action: req.originalUrl,
      back,
      files: evidence.forActions([actionId]).get(actionId) ?? [],
    };
    const { upload, error } = await readForm(req, res);
    if (error || !upload) return renderRefused(req, res, error ?? fileRequired(), target);
    await attachOrRefuse(req, res, target, () => evidence.attachToAction(actionId, upload, user));
  });

  pages.post('/evidence/:id/remove', requireRole('auditor', 'centre', 'admin'), (req, res) => {
    const removed = evidence.remove(fileId(req), currentUser(req));
    const { file, promiseId } = removed;
    res.redirect(
      303,
      file.actionId === null
        ? `/audits/${file.auditId}/promises/${encodeURIComponent(promiseId ?? '')}#item-${encodeURIComponent(file.item)}`
        : `/portal#action-${file.actionId}`,
    );
  });

  pages.get('/evidence/:id', requireRole('auditor', 'centre', 'admin'), (req, res) => {
    const { file, bytes } = evidence.open(fileId(req), currentUser(req));
    sendPrivateFile(res, file, bytes, 'attachment', file.type);
  });

  pages.get('/evidence/:id/thumbnail', requireRole('auditor', 'centre', 'admin'), (req, res) => {
    const { file, bytes } = evidence.openThumbnail(fileId(req), currentUser(req));
    sendPrivateFile(res, file, bytes, 'inline', 'image/webp');
  });

  return { api, pages };
}
