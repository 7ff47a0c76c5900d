import { type Request, type RequestHandler, type Response, Router } from 'express';
import { parseCertificateNumber } from '../../domain/certificate-number.js';
import { isLive } from '../../domain/vocabulary.js';
import { AppError, notFound } from '../../errors.js';
import { describe } from '../describe.js';
import { currentUser, requireRole } from '../middleware/auth.js';
import { certificateLookupError, presentCertificate } from '../presenters/certificate-presenter.js';
import { certificateView } from '../presenters/certificate-view.js';
import { reasonText } from '../presenters/reason-text.js';
import { certificatePanel, notRegistryDocumentPanel } from '../presenters/verification-panel.js';
import { pdfUploads } from '../pdf-upload.js';
import { renderPage } from '../render.js';
import type { RouteDeps } from '../route-deps.js';

const fileRequired = () =>
  new AppError('bad_request', 'pdf_file_required', 'Choose a PDF file to check', {
    issues: [{ path: 'file', code: 'required', message: 'required' }],
  });

/**
 * Certificate PDFs: download of the current signed copy, and verification of an uploaded copy
 * (API and form). A genuine PDF of a withdrawn certificate is reported as genuine but withdrawn.
 * `verifyCsrf` checks the form's token before the file is read (see pdf-upload.ts).
 */
export function certificatePdfRoutes(
  { services, clock }: Pick<RouteDeps, 'services' | 'clock'>,
  verifyCsrf: RequestHandler,
): { publicApi: Router; pages: Router } {
  const { documents, register } = services;
  const uploads = pdfUploads();

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
  function verifyUpload(bytes: Buffer) {
    const verification = documentsOrThrow().verify(bytes);
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
  publicApi.post('/api/v1/verify', uploads.admit, async (req, res) => {
    const { error, bytes } = await uploads.read(req, res);
    if (error) throw error;
    if (!bytes) throw fileRequired();
    res.set('cache-control', 'no-store').json(verifyUpload(bytes));
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
  const checkCsrf = (req: Request, res: Response) =>
    new Promise<void>((resolve, reject) => verifyCsrf(req, res, (err?: unknown) => (err ? reject(err) : resolve())));
  pages.post('/verify/pdf', uploads.admit, async (req, res) => {
    const { t, locale } = res.locals;
    const title = t('verifyPdf.title');
    // A post without the CSRF cookie can never be valid: refused before its body is read.
    if (!res.locals.csrfNonce) await checkCsrf(req, res);
    const { error, bytes } = await uploads.read(req, res, verifyCsrf);
    if (error?.kind === 'forbidden') throw error;
    if (error) {
      const status = error.kind === 'payload_too_large' ? 413 : 400;
      const page = { title, panel: null, certificate: null, uploadError: describe(error, t, locale) };
      return renderPage(res, 'verify/pdf-result', page, status);
    }
    // A form without a file part: its token is checked here.
    await checkCsrf(req, res);
    if (!bytes) {
      const page = { title, panel: null, certificate: null, uploadError: t('verifyPdf.noFile') };
      return renderPage(res, 'verify/pdf-result', page, 400);
    }
    const verification = verifyUpload(bytes);
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
