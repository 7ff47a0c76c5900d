import { type Request, type RequestHandler, type Response, Router } from 'express';
import multer from 'multer';
import { parseCertificateNumber } from '../../domain/certificate-number.js';
import { isLive } from '../../domain/vocabulary.js';
import { AppError, notFound } from '../../errors.js';
import { describe } from '../describe.js';
import { currentUser, requireRole } from '../middleware/auth.js';
import { certificateLookupError, presentCertificate } from '../presenters/certificate-presenter.js';
import { certificateView } from '../presenters/certificate-view.js';
import { reasonText } from '../presenters/reason-text.js';
import { certificatePanel, notRegistryDocumentPanel } from '../presenters/verification-panel.js';
import { renderPage } from '../render.js';
import type { RouteDeps } from '../route-deps.js';

const MAX_UPLOAD_MB = 5;

/** One file field, kept in memory (5 MB at most): the verifier needs the bytes anyway. */
const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_UPLOAD_MB * 1024 * 1024, files: 1, fields: 5, parts: 7 },
}).single('file');

/** Reads the multipart upload; a bad upload is answered as an error, not thrown, so each caller decides how to show it. */
function readUpload(req: Request, res: Response): Promise<AppError | null> {
  return new Promise((resolve) =>
    upload(req, res, (err: unknown) => {
      if (!err) return resolve(null);
      if (err instanceof multer.MulterError) {
        if (err.code === 'LIMIT_FILE_SIZE') {
          const message = `The file is larger than ${MAX_UPLOAD_MB} MB; a Keurmerk certificate is about 60 kB`;
          return resolve(
            new AppError('payload_too_large', 'pdf_too_large', message, {
              params: { max: MAX_UPLOAD_MB },
              issues: [{ path: 'file', code: 'pdf_too_large', params: { max: MAX_UPLOAD_MB }, message: err.message }],
            }),
          );
        }
        return resolve(
          new AppError('bad_request', 'upload_invalid', `The upload is not valid: ${err.message}`, {
            issues: [{ path: 'file', code: 'upload_invalid', message: err.message }],
          }),
        );
      }
      // Anything else busboy reports is a body it could not parse.
      resolve(
        new AppError('bad_request', 'upload_unreadable', 'The upload could not be read', {
          issues: [{ path: 'file', code: 'upload_unreadable', message: 'malformed multipart body' }],
        }),
      );
    }),
  );
}

const fileRequired = () =>
  new AppError('bad_request', 'pdf_file_required', 'Choose a PDF file to check', {
    issues: [{ path: 'file', code: 'required', message: 'required' }],
  });

/**
 * Certificate PDFs: download of the current signed copy, and verification of an uploaded copy
 * (API and form). A genuine PDF of a withdrawn certificate is reported as genuine but withdrawn.
 * `verifyCsrf` checks the form's token once multer has parsed the multipart body.
 */
export function certificatePdfRoutes(
  { services, clock }: Pick<RouteDeps, 'services' | 'clock'>,
  verifyCsrf: RequestHandler,
): { publicApi: Router; pages: Router } {
  const { documents, register } = services;

  function documentsOrThrow() {
    if (!documents) {
      throw new AppError('not_found', 'pdf_unavailable', 'Certificate PDFs are not available on this registry');
    }
    return documents;
  }

  async function sendPdf(res: Response, rawNumber: string) {
    const parsed = parseCertificateNumber(rawNumber);
    if (!parsed.ok) throw certificateLookupError({ kind: parsed.reason });
    const { bytes, certificate } = await documentsOrThrow().currentPdf(parsed.number);
    res
      .type('application/pdf')
      .set('content-disposition', `inline; filename="${certificate.number}.pdf"`)
      .set('cache-control', 'no-cache')
      .send(bytes);
  }

  /** The verification of the uploaded file with the certificate's current state, if it is one of ours. */
  function verifyUpload(file: Express.Multer.File) {
    const verification = documentsOrThrow().verify(file.buffer);
    const found = verification.certificate ? register.lookupCertificate(verification.certificate.number) : null;
    return {
      authentic: verification.authentic,
      reason: verification.reason,
      reasonCode: verification.code,
      reasonParams: verification.params,
      certificate: found?.kind === 'found' ? presentCertificate(found.record) : null,
    };
  }

  const publicApi = Router();
  publicApi.get('/api/v1/certificates/:number/pdf', (req, res) => sendPdf(res, String(req.params.number)));
  publicApi.post('/api/v1/verify', async (req, res) => {
    const uploadError = await readUpload(req, res);
    if (uploadError) throw uploadError;
    if (!req.file) throw fileRequired();
    res.set('cache-control', 'no-store').json(verifyUpload(req.file));
  });
  publicApi.get('/registry-root-ca.pem', (_req, res) => {
    res
      .type('application/x-pem-file')
      .set('content-disposition', 'attachment; filename="keurmerk-registry-root-ca.pem"')
      .send(documentsOrThrow().rootCertificatePem());
  });

  const pages = Router();
  pages.get('/certificates/:file', (req, res) => {
    const file = String(req.params.file);
    if (!file.endsWith('.pdf')) throw notFound('page');
    return sendPdf(res, file.slice(0, -4));
  });
  pages.post('/verify/pdf', async (req, res) => {
    const { t, locale } = res.locals;
    const title = t('verifyPdf.title');
    const uploadError = await readUpload(req, res);
    if (uploadError) {
      const status = uploadError.kind === 'payload_too_large' ? 413 : 400;
      const page = { title, panel: null, certificate: null, uploadError: describe(uploadError, t, locale) };
      return renderPage(res, 'verify/pdf-result', page, status);
    }
    await new Promise<void>((resolve, reject) =>
      verifyCsrf(req, res, (err?: unknown) => (err ? reject(err) : resolve())),
    );
    if (!req.file) {
      const page = { title, panel: null, certificate: null, uploadError: t('verifyPdf.noFile') };
      return renderPage(res, 'verify/pdf-result', page, 400);
    }
    const verification = verifyUpload(req.file);
    const reason = reasonText(
      { code: verification.reasonCode, params: verification.reasonParams, text: verification.reason },
      t,
      locale,
    );
    const context = { t, locale, now: clock.now(), pdfAvailable: true };
    const certificate = verification.certificate && certificateView(verification.certificate, t, locale);
    if (!verification.authentic || !certificate) {
      const panel = notRegistryDocumentPanel(reason, context);
      return renderPage(res, 'verify/pdf-result', { title, panel, certificate: null, uploadError: null });
    }
    const active = certificate.status === 'active';
    const heading = active
      ? t('verifyPdf.authenticActive')
      : t('verifyPdf.authenticNotActive', { status: t(`verifyPdf.status.${certificate.status}`) });
    const panel = certificatePanel(certificate, context, heading);
    await renderPage(res, 'verify/pdf-result', {
      title,
      // The file is genuine; what counts is the certificate's status now.
      panel: {
        ...panel,
        lines: [reason, ...panel.lines],
        warning: active ? null : t('verifyPdf.notActiveWarning'),
      },
      certificate,
      uploadError: null,
    });
  });
  pages.get('/portal/certificate.pdf', requireRole('centre'), (req, res) => {
    const certificates = services.certificates.certificatesForCentre(currentUser(req).centreId!);
    const current = certificates.find((c) => isLive(c.status)) ?? certificates[0];
    if (!current) throw notFound('certificate');
    return sendPdf(res, current.number);
  });
  return { publicApi, pages };
}
