import type { CentreJson, CentreProfileJson, SearchItemJson, SearchResultJson } from '../../contracts/register.js';
import type { Centre, CentreProfile, RegisterRow, SearchOutcome } from '../../services/register-service.js';
import { presentCertificate } from './certificate-presenter.js';

/** One item of the Search exchange shape. */
export function presentSearchItem(row: RegisterRow): SearchItemJson {
  return {
    slug: row.slug,
    tradeName: row.tradeName,
    legalName: row.legalName,
    city: row.city,
    country: row.country,
    type: row.type,
    channels: row.channels,
    languages: row.languages,
    sectors: row.sectors,
    overall: row.certificate.overall,
    promises: row.certificate.promiseScores.map((p) => ({ id: p.id, score: p.score })),
    scoresAudit:
      row.scoresAuditType && row.scoresDecidedAt && row.scoresOutcome
        ? { type: row.scoresAuditType, decidedAt: row.scoresDecidedAt, outcome: row.scoresOutcome }
        : null,
    openFindings: row.openFindings,
    certificate: {
      number: row.certificate.number,
      status: row.certificate.status,
      validUntil: row.certificate.validUntil,
    },
  };
}

export function presentSearchResult(result: SearchOutcome): SearchResultJson {
  return {
    items: result.rows.map(presentSearchItem),
    total: result.total,
    totalCapped: result.totalCapped,
    page: result.page,
    pageSize: result.pageSize,
  };
}

/** The Search exchange shape as sent: what the API answers and a search thread sends back. */
export const serialiseSearchResult = (result: SearchOutcome): string => JSON.stringify(presentSearchResult(result));

/** The CentreProfile exchange shape. */
export function presentCentreProfile(profile: CentreProfile): CentreProfileJson {
  const { row } = profile;
  return {
    slug: row.slug,
    tradeName: row.tradeName,
    legalName: row.legalName,
    registrationNumber: row.registrationNumber,
    city: row.city,
    country: row.country,
    type: row.type,
    channels: row.channels,
    languages: row.languages,
    sectors: row.sectors,
    website: row.website,
    lastAudit: profile.lastAudit,
    nextSurveillanceDue: profile.nextSurveillanceDue,
    upheldComplaints: profile.upheldComplaints,
    complaints: profile.complaints,
    contact: {
      website: profile.contact.website,
      customerPhone: profile.contact.customerPhone,
      customerEmail: profile.contact.customerEmail,
      declared: {
        website: profile.contact.declarations.website ?? null,
        customerPhone: profile.contact.declarations.customerPhone ?? null,
        customerEmail: profile.contact.declarations.customerEmail ?? null,
      },
    },
    appeals: profile.appeals.map((a) => ({
      auditType: a.auditType,
      decidedAt: a.decisionAt,
      filedAt: a.filedAt,
      outcome: a.state,
      resolvedAt: a.resolvedAt,
    })),
    certificate: presentCertificate(profile.record),
    audits: profile.audits,
    openFindings: profile.findings.open,
    certificates: profile.certificates.map((c) => ({
      number: c.number,
      status: c.status,
      validFrom: c.validFrom,
      validUntil: c.validUntil,
    })),
  };
}

/** A centre as staff registered it (the answer of `POST /api/v1/centres`). */
export function presentCentre(centre: Centre): CentreJson {
  return {
    slug: centre.slug,
    legalName: centre.legalName,
    tradeName: centre.tradeName,
    registrationNumber: centre.registrationNumber,
    country: centre.country,
    city: centre.city,
    type: centre.type,
    channels: centre.channels,
    languages: centre.languages,
    sectors: centre.sectors,
    sites: centre.sites,
    website: centre.website,
    size: centre.size,
    certificateLanguages: [...centre.certificateLanguages],
  };
}
