import { mkdirSync } from 'node:fs';
import { readFile, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { AppError } from '../errors.js';
import { renderPage, wantsJson } from './render.js';

export const MAX_UPLOAD_MB = 5;
/** Uploads read at once; beyond it a visitor is asked to come back (503 with Retry-After). */
export const MAX_CONCURRENT_UPLOADS = 8;
/** Where uploads are streamed while they arrive; each file is deleted when its response is done. */
export const UPLOAD_DIR = join(tmpdir(), 'keurmerk-uploads');

/** The size limit of one kind of upload, and the error a larger file gets. */
export interface UploadLimit {
  maxBytes: number;
  tooLarge: (multerMessage: string) => AppError;
  /** The code of an upload that is not one file in field `file` (default `upload_invalid`). */
  invalidCode?: string;
}

const pdfLimit: UploadLimit = {
  maxBytes: MAX_UPLOAD_MB * 1024 * 1024,
  tooLarge: (message) =>
    new AppError(
      'payload_too_large',
      'pdf_too_large',
      `The file is larger than ${MAX_UPLOAD_MB} MB; a Keurmerk certificate is about 60 kB`,
      {
        params: { max: MAX_UPLOAD_MB },
        issues: [{ path: 'file', code: 'pdf_too_large', params: { max: MAX_UPLOAD_MB }, message }],
      },
    ),
};

/**
 * PDF uploads for verification, open to anyone: streamed to a temporary file (never held in
 * memory while they arrive) with a size limit, at most MAX_CONCURRENT_UPLOADS at a time, and
 * for the form the CSRF check before the file is read (the token field precedes the file in the
 * form, so it is parsed first). The bytes are read back only for the verifier, then deleted.
 */
export const pdfUploads = () => fileUploads(pdfLimit);

/** The same streaming, concurrency and CSRF-first reading for any single-file upload (`file`). */
export function fileUploads(limit: UploadLimit) {
  let active = 0;
  mkdirSync(UPLOAD_DIR, { recursive: true });

  function toAppError(err: unknown): AppError {
    if (err instanceof AppError) return err;
    if (err instanceof multer.MulterError) {
      if (err.code === 'LIMIT_FILE_SIZE') return limit.tooLarge(err.message);
      const code = limit.invalidCode ?? 'upload_invalid';
      return new AppError('bad_request', code, `The upload is not valid: ${err.message}`, {
        issues: [{ path: 'file', code, message: err.message }],
      });
    }
    // Anything else busboy reports is a body it could not parse.
    return new AppError('bad_request', 'upload_unreadable', 'The upload could not be read', {
      issues: [{ path: 'file', code: 'upload_unreadable', message: 'malformed multipart body' }],
    });
  }

  /** Admits an upload, or answers 503 with Retry-After before a byte of the body is read. */
  const admit: RequestHandler = async (req, res, next) => {
    if (active < MAX_CONCURRENT_UPLOADS) {
      active += 1;
      res.once('close', () => {
        active -= 1;
      });
      return next();
    }
    // Node discards the unread body; nothing of it is kept.
    res.set({ 'retry-after': '5', 'cache-control': 'no-store' });
    const message = 'Too many files are being checked right now; try again in a few seconds';
    if (wantsJson(req)) {
      res.status(503).json({ error: message, code: 'uploads_busy', params: {}, issues: [] });
      return;
    }
    const t = res.locals.t;
    await renderPage(
      res,
      'errors/error',
      {
        title: t('hardening.unavailable.title'),
        status: 503,
        message: t('codes.too_many_requests'),
        issues: [],
        detail: null,
      },
      503,
    );
  };

  /**
   * Reads the multipart upload to a temporary file; `checkFirst` runs when the file part starts
   * (the CSRF check of the form). A bad upload is answered as an error, not thrown, so each
   * caller decides how to show it; the temporary file is deleted when the response is done.
   */
  function read(
    req: Request,
    res: Response,
    checkFirst?: RequestHandler,
  ): Promise<{ error: AppError | null; bytes: Buffer | null; name: string }> {
    const upload = multer({
      storage: multer.diskStorage({ destination: UPLOAD_DIR }),
      // Browsers send file names as UTF-8 without saying so.
      defParamCharset: 'utf8',
      limits: { fileSize: limit.maxBytes, files: 1, fields: 5, parts: 7 },
      fileFilter: (request, _file, accept) => {
        if (!checkFirst) return accept(null, true);
        checkFirst(request, res, (err?: unknown) => (err ? accept(err as Error) : accept(null, true)));
      },
    }).single('file');
    return new Promise((resolve, reject) =>
      upload(req, res, (err: unknown) => {
        const path = req.file?.path;
        if (path) res.once('close', () => void unlink(path).catch(() => undefined));
        const name = req.file?.originalname ?? '';
        if (err) return resolve({ error: toAppError(err), bytes: null, name });
        if (!path) return resolve({ error: null, bytes: null, name });
        readFile(path).then((bytes) => resolve({ error: null, bytes, name }), reject);
      }),
    );
  }

  return { admit, read };
}
