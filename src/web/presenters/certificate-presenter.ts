import { type CertificateJson, paramsJson } from '../../contracts/register.js';
import type { CertificateStatus } from '../../domain/vocabulary.js';
import { AppError } from '../../errors.js';
import { type CertificateLookup, type CertificateRecord, scoresOf } from '../../services/register-service.js';

/**
 * The Certificate exchange shape (public contract v1). `history` runs oldest first, so the
 * first entry is the issue itself. Used by the verification answer and the staff API too.
 */
export function presentCertificate({ certificate, centre, history, successor }: CertificateRecord): CertificateJson {
  const scores = scoresOf(certificate);
  return {
    number: certificate.number,
    status: certificate.status,
    statusReason: certificate.statusReason,
    statusReasonCode: certificate.statusReasonCode,
    statusReasonParams: paramsJson(certificate.statusReasonParams),
    validFrom: certificate.validFrom,
    validUntil: certificate.validUntil,
    scheme: certificate.schemeCode,
    scope: {
      channels: [...certificate.scope.channels],
      languages: [...certificate.scope.languages],
      sites: [...certificate.scope.sites],
    },
    scores: { overall: scores.overall, promises: scores.promises, audit: scores.audit },
    centre: {
      slug: centre.slug,
      name: centre.tradeName,
      registrationNumber: centre.registrationNumber,
      country: centre.country,
    },
    history: history.map((h) => ({
      at: h.at,
      // The history columns are plain text; only lifecycle transitions ever write them.
      from: h.fromStatus as CertificateStatus | null,
      to: h.toStatus as CertificateStatus,
      reason: h.reason,
      code: h.reasonCode,
      params: paramsJson(h.reasonParams),
    })),
    successor: successor && { number: successor.number },
  };
}

/** Why a certificate number was not found, as the error the API answers. */
export function certificateLookupError(found: Exclude<CertificateLookup, { kind: 'found' }>): AppError {
  switch (found.kind) {
    case 'format':
      return new AppError(
        'bad_request',
        'certificate_number_format',
        'Not a certificate number: expected something like KM-2026-00042-17',
        { issues: [{ path: 'number', code: 'certificate_number_format', message: 'expected KM-YYYY-NNNNN-CC' }] },
      );
    case 'check-digits':
      return new AppError(
        'bad_request',
        'certificate_check_digits',
        'The check digits do not match: probably a typo. Compare the number with the certificate or seal.',
        {
          issues: [
            {
              path: 'number',
              code: 'certificate_check_digits',
              message: 'the check digits do not match: probably a typo',
            },
          ],
        },
      );
    case 'unknown':
      return new AppError(
        'not_found',
        'certificate_not_found',
        `No certificate with number ${found.number} exists in the register`,
        { params: { number: found.number } },
      );
  }
}
