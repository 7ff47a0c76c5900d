import { Router, type Request, type Response } from 'express';
import multer from 'multer';
import type { AppDeps } from '../../app.js';
import { parseCertificateNumber } from '../../domain/certificate-number.js';
import { AppError, notFound } from '../../errors.js';
import type { Certificate } from '../../persistence/certificate-repository.js';
import { requireRole, currentUser } from '../middleware/auth.js';
import { csrfProtection } from '../middleware/csrf.js';
import type { Translate } from '../i18n.js';
import { renderPage } from '../render.js';

const MAX_UPLOAD = 5 * 1024 * 1024;

/** One file field, kept in memory (5 MB at most): the verifier needs the bytes anyway. */
const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_UPLOAD, files: 1, fields: 5, parts: 7 },
}).single('file');

function runUpload(req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) =>
    upload(req, res, (err: unknown) => {
      if (!err) return resolve();
      if (err instanceof multer.MulterError) {
        const tooLarge = err.code === 'LIMIT_FILE_SIZE';
        return reject(
          new AppError(
            tooLarge ? 'payload_too_large' : 'bad_request',
            tooLarge
              ? 'The file is larger than 5 MB; a Keurmerk certificate is about 60 kB'
              : `The upload is not valid: ${err.message}`,
            [{ path: 'file', message: err.message }],
          ),
        );
      }
      reject(
        new AppError('bad_request', 'The upload could not be read', [
          { path: 'file', message: 'malformed multipart body' },
        ]),
      );
    }),
  );
}

/**
 * Certificate PDFs: download of the current signed copy, and verification of an uploaded copy
 * (API and form). A genuine PDF of a withdrawn certificate is reported as genuine but withdrawn.
 */
export function certificatePdfRoutes(deps: AppDeps): { publicApi: Router; pages: Router } {
  const { services, config } = deps;
  const documents = services.documents;
  const register = services.register;
  const { verifyCsrf } = csrfProtection(deps.sessionSecret, config.isProduction);

  async function sendPdf(res: Response, rawNumber: string) {
    const parsed = parseCertificateNumber(rawNumber);
    if (!parsed.ok) {
      throw new AppError(
        'bad_request',
        parsed.reason === 'check-digits'
          ? 'The check digits of this certificate number do not match: probably a typo'
          : 'This is not a certificate number (KM-YYYY-NNNNN-CC)',
        [{ path: 'number', message: parsed.reason }],
      );
    }
    if (!documents) throw new AppError('not_found', 'Certificate PDFs are not available on this registry');
    const { bytes, certificate } = await documents.currentPdf(parsed.number);
    res
      .type('application/pdf')
      .set('content-disposition', `inline; filename="${certificate.number}.pdf"`)
      .set('cache-control', 'no-cache')
      .send(bytes);
  }

  function verifyUpload(req: Request) {
    const file = req.file;
    if (!file) throw new AppError('bad_request', 'Choose a PDF file to check', [{ path: 'file', message: 'required' }]);
    if (!documents) throw new AppError('not_found', 'PDF verification is not available on this registry');
    const verification = documents.verify(file.buffer);
    const certificate = verification.certificate ? register.lookupCertificate(verification.certificate.number) : null;
    return {
      authentic: verification.authentic,
      reason: verification.reason,
      certificate: certificate?.kind === 'found' ? certificate.certificate : null,
    };
  }

  const publicApi = Router();
  publicApi.get('/api/v1/certificates/:number/pdf', (req, res) => sendPdf(res, String(req.params.number)));
  publicApi.post('/api/v1/verify', async (req, res) => {
    await runUpload(req, res);
    res.set('cache-control', 'no-store').json(verifyUpload(req));
  });
  publicApi.get('/registry-root-ca.pem', (_req, res) => {
    if (!documents) throw notFound('Registry root certificate');
    res
      .type('application/x-pem-file')
      .set('content-disposition', 'attachment; filename="keurmerk-registry-root-ca.pem"')
      .send(documents.rootCertificatePem());
  });

  const pages = Router();
  pages.get('/certificates/:file', (req, res) => {
    const file = String(req.params.file);
    if (!file.endsWith('.pdf')) throw notFound('Page');
    return sendPdf(res, file.slice(0, -4));
  });
  pages.post('/verify/pdf', async (req, res) => {
    const t = res.locals.t as Translate;
    try {
      await runUpload(req, res);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      return renderPage(
        res,
        'verify/pdf-result',
        { title: t('verifyPdf.title'), outcome: null, uploadError: err.message },
        err.code === 'payload_too_large' ? 413 : 400,
      );
    }
    await new Promise<void>((resolve, reject) =>
      verifyCsrf(req, res, (err?: unknown) => (err ? reject(err) : resolve())),
    );
    if (!req.file) {
      return renderPage(
        res,
        'verify/pdf-result',
        { title: t('verifyPdf.title'), outcome: null, uploadError: t('verifyPdf.noFile') },
        400,
      );
    }
    const outcome = verifyUpload(req);
    await renderPage(res, 'verify/pdf-result', { title: t('verifyPdf.title'), outcome, uploadError: null });
  });
  pages.get('/portal/certificate.pdf', requireRole('centre'), (req, res) => {
    const user = currentUser(req);
    const certs: Certificate[] = services.certification.certificatesForCentre(user.centreId!);
    const current = certs.find((c) => c.status === 'active' || c.status === 'suspended') ?? certs[0];
    if (!current) throw notFound('Certificate');
    return sendPdf(res, current.number);
  });
  return { publicApi, pages };
}
