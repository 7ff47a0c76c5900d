import type { CentreJson, CentreProfileJson, SearchItemJson, SearchResultJson } from '../../contracts/register.js';
import type { Centre, CentreProfile, RegisterRow, SearchOutcome } from '../../services/register-service.js';
import type { Locale, Translate } from '../i18n.js';
import { presentCertificate } from './certificate-presenter.js';
import { reasonText } from './reason-text.js';
import { escapeXml } from './seal-svg.js';

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
    page: result.page,
    pageSize: result.pageSize,
  };
}

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
    certificate: presentCertificate(profile.record),
    certificates: profile.certificates.map((c) => ({
      number: c.number,
      status: c.status,
      validFrom: c.validFrom,
      validUntil: c.validUntil,
    })),
  };
}

/** The profile page's model: the exchange shape plus every reason in the reader's language. */
export function centreProfileView(profile: CentreProfile, t: Translate, locale: Locale) {
  const json = presentCentreProfile(profile);
  const cert = json.certificate;
  return {
    row: profile.row,
    json,
    statusReasonText: reasonText(
      { code: cert.statusReasonCode, params: cert.statusReasonParams, text: cert.statusReason },
      t,
      locale,
    ),
    timeline: profile.timeline.map((entry) => ({
      ...entry,
      text: reasonText({ code: entry.reasonCode, params: entry.reasonParams, text: entry.reason }, t, locale),
    })),
  };
}

/**
 * The snippet a centre pastes into its own site. The name is escaped for that page; the view
 * escapes the whole snippet once more to show it as text.
 */
export function embedSnippet(
  baseUrl: string,
  row: Pick<RegisterRow, 'slug' | 'tradeName'> & { number: string },
): string {
  return (
    `<a href="${baseUrl}/centres/${row.slug}">` +
    `<img src="${baseUrl}/seal/${row.number}.svg" width="300" height="72" ` +
    `alt="Keurmerk: ${escapeXml(row.tradeName)}"></a>`
  );
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
  };
}
