import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import {
  renderCertificatePdf,
  verifySignedPdf,
  type CertificateView,
  type PdfSigner,
  type SigningKeys,
  type VerifyFailureCode,
} from '../pdf/index.js';
import { centreRepository } from '../persistence/centre-repository.js';
import { certificateRepository, type Certificate } from '../persistence/certificate-repository.js';
import { inTransaction, type Db } from '../persistence/database.js';
import type { Params } from '../domain/reason.js';
import { notFound } from '../errors.js';
import { publicRecord, scoresOf } from './public-record.js';
import type { SchemeService } from './scheme-service.js';

export const ISSUER = { name: 'Stichting Keurmerk Klantcontact', address: 'Utrecht, Nederland' };

/**
 * The verdict on an uploaded PDF. `code` and `params` say why (pages render them in the
 * reader's language); `reason` is the English sentence for the CLI and API scripts.
 */
export type PdfVerification = { reason: string; code: string; params: Params } & (
  | { authentic: true; certificate: Certificate }
  | { authentic: false; certificate: Certificate | null }
);

/** The verifier's failure as a code: `digest-mismatch` becomes `pdf_digest_mismatch`. */
const failureCode = (code: VerifyFailureCode) => `pdf_${code.replace(/-/g, '_')}`;

/**
 * Writes bytes to dir/<sha256>.pdf atomically (temp file, fsync, rename) and never overwrites:
 * a stored PDF is evidence of what was issued.
 */
export function storeContentAddressed(dir: string, bytes: Buffer): string {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const target = join(dir, `${sha256}.pdf`);
  if (existsSync(target)) return sha256;
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `.${sha256}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', 0o644);
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, target);
  return sha256;
}

export function certificateDocumentService(
  db: Db,
  clock: Clock,
  config: Config,
  schemes: SchemeService,
  keys: SigningKeys,
  signer: PdfSigner,
) {
  const certificates = certificateRepository(db);
  const centres = centreRepository(db);
  const record = publicRecord(db, (code) => schemes.get(code));

  function viewOf(cert: Certificate): CertificateView {
    const centre = centres.findById(cert.centreId)!;
    const scheme = schemes.get(cert.schemeCode);
    const titles = new Map(scheme.promises.map((p) => [p.id, p.title]));
    const titleOf = (id: string) => titles.get(id) ?? { nl: id, en: id, fr: id };
    const scores = scoresOf(cert);
    return {
      number: cert.number,
      languages: centre.certificateLanguages,
      status: cert.status,
      centre: {
        legalName: centre.legalName,
        tradeName: centre.tradeName,
        registrationNumber: centre.registrationNumber,
        country: centre.country,
        city: centre.city,
      },
      scope: cert.scope,
      schemeCode: cert.schemeCode,
      originalIssueDate: cert.originalIssueDate,
      issuedOn: cert.issuedOn,
      validFrom: cert.validFrom,
      validUntil: cert.validUntil,
      scores: {
        overall: scores.overall,
        promises: scores.promises.map((p) => ({ id: p.id, title: titleOf(p.id), score: p.score })),
        audit: scores.audit && {
          type: scores.audit.type,
          outcome: scores.audit.outcome,
          decidedOn: scores.audit.decidedAt.slice(0, 10),
        },
      },
      openFindings: record.findings(cert.id, clock.now()).open.map((f) => ({
        item: f.item,
        promise: titleOf(f.promise),
        severity: f.severity,
        dueOn: f.dueAt,
      })),
      verifyUrl: `${config.baseUrl}/verify/${cert.number}`,
      issuer: ISSUER,
    };
  }

  /**
   * What a PDF was drawn from (the centre's language pair included): when it differs from the
   * certificate's data now, the PDF is stale.
   */
  const viewSha256 = (view: CertificateView) => createHash('sha256').update(JSON.stringify(view)).digest('hex');

  async function issue(cert: Certificate, view = viewOf(cert)): Promise<string> {
    const now = clock.now();
    const bytes = await renderCertificatePdf(view, signer, { signingTime: now });
    const sha256 = storeContentAddressed(config.certificatesDir, bytes);
    inTransaction(db, () =>
      certificates.recordDocument(cert.id, sha256, cert.status, now.toISOString(), viewSha256(view)),
    );
    return sha256;
  }

  return {
    /** Draws, signs and stores the current PDF of each certificate (after issue or a status change). */
    async refresh(certificateIds: number[]): Promise<void> {
      for (const id of certificateIds) {
        const cert = certificates.findById(id);
        if (cert) await issue(cert);
      }
    },

    /**
     * The bytes of a certificate's current PDF, re-issued if the stored copy is missing or stale
     * (its status, scores, open findings or the centre's language pair changed since it was drawn).
     */
    async currentPdf(number: string): Promise<{ certificate: Certificate; bytes: Buffer; sha256: string }> {
      const cert = certificates.findByNumber(number);
      if (!cert) throw notFound('certificate');
      const view = viewOf(cert);
      const stored = cert.pdfSha256 ? certificates.findDocument(cert.pdfSha256) : undefined;
      const path = cert.pdfSha256 ? join(config.certificatesDir, `${cert.pdfSha256}.pdf`) : null;
      const current = stored && stored.status === cert.status && stored.viewSha256 === viewSha256(view);
      const sha256 = current && path && existsSync(path) ? cert.pdfSha256! : await issue(cert, view);
      return {
        certificate: certificates.findById(cert.id)!,
        bytes: readFileSync(join(config.certificatesDir, `${sha256}.pdf`)),
        sha256,
      };
    },

    /**
     * Is this file a PDF the registry issued? The signature must be valid over the whole file,
     * made by the registry's key, and the exact bytes must be ones the registry stored.
     */
    verify(bytes: Buffer): PdfVerification {
      const outcome = verifySignedPdf(bytes, keys.trusted);
      if (!outcome.ok) {
        return {
          authentic: false,
          code: failureCode(outcome.code),
          params: {},
          reason: outcome.message,
          certificate: null,
        };
      }
      const document = certificates.findDocument(outcome.sha256);
      if (!document) {
        const reason =
          'The signature is valid, but this exact file was never issued by the registry (it has been re-saved or altered).';
        return { authentic: false, code: 'pdf_not_issued', params: {}, reason, certificate: null };
      }
      const certificate = certificates.findById(document.certificateId)!;
      const issuedOn = document.createdAt.slice(0, 10);
      const reason = `Genuine certificate PDF issued by the registry on ${issuedOn}.`;
      return { authentic: true, code: 'pdf_genuine', params: { issuedOn }, reason, certificate };
    },

    rootCertificatePem: () => keys.rootPem,
  };
}

export type CertificateDocumentService = ReturnType<typeof certificateDocumentService>;
