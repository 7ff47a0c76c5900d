import { createHash } from 'node:crypto';
import type { Clock } from '../clock.js';
import { parseCertificateNumber } from '../domain/certificate-number.js';
import type { CertificateStatus } from '../domain/lifecycle.js';
import type { Scheme } from '../domain/scheme.js';
import type { Centre } from '../persistence/centre-repository.js';
import { centreRepository } from '../persistence/centre-repository.js';
import {
  certificateRepository,
  type Certificate,
  type CertificateHistoryEntry,
} from '../persistence/certificate-repository.js';
import type { Db } from '../persistence/database.js';
import { dataVersion } from '../persistence/data-version.js';
import { eventRepository, type EventRow } from '../persistence/event-repository.js';
import {
  REGISTER_PAGE_SIZE,
  registerRepository,
  searchTerms,
  type RegisterRow,
} from '../persistence/register-repository.js';
import type { CertificateJson, SearchQuery } from '../web/api-schemas.js';
import { translator, type Locale } from '../web/i18n.js';
import { verifyEventLog } from './event-log.js';
import { ReadCache } from './read-cache.js';
import type { SchemeService } from './scheme-service.js';

export const MAX_COMPARE = 4;
export const EVENTS_PAGE_SIZE = 100;

/**
 * The Certificate exchange shape (public contract v1). `history` runs oldest first, so the
 * first entry is the issue itself. Reused for the verification answer and the staff API.
 */
export function toCertificateJson(
  certificate: Pick<
    Certificate,
    | 'number'
    | 'status'
    | 'statusReason'
    | 'validFrom'
    | 'validUntil'
    | 'schemeCode'
    | 'scope'
    | 'overall'
    | 'promiseScores'
  >,
  centre: Pick<Centre, 'slug' | 'tradeName' | 'registrationNumber' | 'country'>,
  history: readonly Pick<CertificateHistoryEntry, 'at' | 'fromStatus' | 'toStatus' | 'reason'>[],
): CertificateJson {
  return {
    number: certificate.number,
    status: certificate.status,
    statusReason: certificate.statusReason,
    validFrom: certificate.validFrom,
    validUntil: certificate.validUntil,
    scheme: certificate.schemeCode,
    scope: {
      channels: [...certificate.scope.channels],
      languages: [...certificate.scope.languages],
      sites: [...certificate.scope.sites],
    },
    scores: {
      overall: certificate.overall,
      promises: certificate.promiseScores.map((p) => ({ id: p.id, score: p.score })),
    },
    centre: {
      slug: centre.slug,
      name: centre.tradeName,
      registrationNumber: centre.registrationNumber,
      country: centre.country,
    },
    history: history.map((h) => ({
      at: h.at,
      from: h.fromStatus as CertificateStatus | null,
      to: h.toStatus as CertificateStatus,
      reason: h.reason,
    })),
  };
}

/** One item of the Search exchange shape. */
export function toSearchItem(row: RegisterRow) {
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

export type CertificateLookup =
  | { kind: 'format' }
  | { kind: 'check-digits' }
  | { kind: 'unknown'; number: string }
  | { kind: 'found'; number: string; certificate: CertificateJson };

export type SealStatus = CertificateStatus | 'unknown';

const SEAL_COLOURS: Record<SealStatus, string> = {
  active: '#1f7a4d',
  suspended: '#8a5300',
  withdrawn: '#b3261e',
  expired: '#5b6573',
  superseded: '#5b6573',
  unknown: '#5b6573',
};

const SEAL_ICONS: Record<SealStatus, string> = {
  active:
    '<path d="M23 37l7 7 14-15" fill="none" stroke="#1f7a4d" stroke-width="4.5" stroke-linecap="round" stroke-linejoin="round"/>',
  suspended:
    '<path d="M33 25v13" stroke="#8a5300" stroke-width="4.5" stroke-linecap="round"/><circle cx="33" cy="46" r="2.8" fill="#8a5300"/>',
  withdrawn: '<path d="M25 28l16 16M41 28L25 44" stroke="#b3261e" stroke-width="4.5" stroke-linecap="round"/>',
  expired:
    '<circle cx="33" cy="36" r="11" fill="none" stroke="#5b6573" stroke-width="3"/><path d="M33 29v7l5 4" fill="none" stroke="#5b6573" stroke-width="3" stroke-linecap="round"/>',
  superseded:
    '<path d="M25 36a8 8 0 0 1 14-5.5M41 36a8 8 0 0 1-14 5.5" fill="none" stroke="#5b6573" stroke-width="3" stroke-linecap="round"/><path d="M39 25v6h-6M27 47v-6h6" fill="none" stroke="#5b6573" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/>',
  unknown:
    '<path d="M28 31a5 5 0 1 1 7 4.6c-1.3.6-2 1.6-2 3v1.4" fill="none" stroke="#5b6573" stroke-width="3.5" stroke-linecap="round"/><circle cx="33" cy="46" r="2.4" fill="#5b6573"/>',
};

export function escapeXml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

function truncate(value: string, max: number): string {
  const chars = [...value];
  return chars.length <= max
    ? value
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

// Building an Intl formatter costs far more than using one; the seal is on the hot path.
const shortDateFormats = {
  nl: new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }),
};

export function shortDate(day: string, locale: Locale): string {
  return shortDateFormats[locale].format(new Date(`${day}T00:00:00Z`));
}

/** The seal: a compact badge drawing the live status; everything variable is XML-escaped. */
export function renderSeal(
  input: { status: SealStatus; number: string | null; name: string | null; validUntil: string | null },
  locale: Locale,
): string {
  const t = translator(locale);
  const colour = SEAL_COLOURS[input.status];
  const statusText =
    input.status === 'active' && input.validUntil
      ? t('register.seal.active', { date: shortDate(input.validUntil, locale) })
      : t(`register.seal.${input.status}`);
  const name = truncate(input.name ?? t('register.seal.notInRegister'), 34);
  const top = input.number ? `KEURMERK · ${input.number}` : 'KEURMERK';
  const label = `Keurmerk: ${input.name ?? input.number ?? ''} — ${statusText}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="72" viewBox="0 0 300 72" role="img" aria-label="${escapeXml(label)}">`,
    `<title>${escapeXml(label)}</title>`,
    `<rect x="1" y="1" width="298" height="70" rx="10" fill="#ffffff" stroke="${colour}" stroke-width="2"/>`,
    `<path d="M11 1h55v70H11A10 10 0 0 1 1 61V11A10 10 0 0 1 11 1z" fill="${colour}"/>`,
    '<circle cx="33" cy="36" r="19" fill="#ffffff"/>',
    SEAL_ICONS[input.status],
    '<g font-family="system-ui,-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif">',
    `<text x="78" y="22" font-size="9.5" font-weight="700" letter-spacing=".4" fill="#12355b">${escapeXml(top)}</text>`,
    `<text x="78" y="42" font-size="14" font-weight="700" fill="${colour}">${escapeXml(statusText)}</text>`,
    `<text x="78" y="60" font-size="11.5" fill="#1c2430">${escapeXml(name)}</text>`,
    '</g></svg>',
  ].join('');
}

/** A strong validator derived from the bytes, so any change of status or wording changes it. */
export function contentEtag(content: string): string {
  return `"${createHash('sha256').update(content).digest('base64url').slice(0, 27)}"`;
}

/** The columns of the open-data files, in order; the open-data page documents each. */
export function openDataColumns(scheme: Scheme): string[] {
  return [
    'slug',
    'trade_name',
    'legal_name',
    'registration_number',
    'country',
    'city',
    'type',
    'channels',
    'languages',
    'sectors',
    'certificate_number',
    'status',
    'status_since',
    'original_issue_date',
    'valid_from',
    'valid_until',
    'next_surveillance_due',
    'scheme',
    'overall',
    ...scheme.promises.map((p) => `score_${p.id}`),
    'profile_url',
  ];
}

function openDataRecord(
  row: RegisterRow,
  scheme: Scheme,
  baseUrl: string,
): Record<string, string | number | string[] | null> {
  const scores = new Map(row.certificate.promiseScores.map((p) => [p.id, p.score]));
  return {
    slug: row.slug,
    trade_name: row.tradeName,
    legal_name: row.legalName,
    registration_number: row.registrationNumber,
    country: row.country,
    city: row.city,
    type: row.type,
    channels: row.channels,
    languages: row.languages,
    sectors: row.sectors,
    certificate_number: row.certificate.number,
    status: row.certificate.status,
    status_since: row.certificate.statusSince,
    original_issue_date: row.certificate.originalIssueDate,
    valid_from: row.certificate.validFrom,
    valid_until: row.certificate.validUntil,
    next_surveillance_due: row.certificate.nextSurveillanceDue,
    scheme: row.certificate.schemeCode,
    overall: row.certificate.overall,
    ...Object.fromEntries(scheme.promises.map((p) => [`score_${p.id}`, scores.get(p.id) ?? null])),
    profile_url: `${baseUrl}/centres/${row.slug}`,
  };
}

/**
 * A CSV cell. Text starting with = + - @ tab or CR is prefixed with `'` so a spreadsheet shows
 * it instead of running it as a formula (CSV injection); every text cell is quoted.
 */
export function csvCell(value: string | number | string[] | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  let text = Array.isArray(value) ? value.join(';') : value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function registerService(db: Db, clock: Clock, schemes: SchemeService, baseUrl: string) {
  const register = registerRepository(db);
  const certificates = certificateRepository(db);
  const centres = centreRepository(db);
  const events = eventRepository(db);
  const cache = new ReadCache(dataVersion(db));

  function certificateJson(cert: Certificate, centre?: Centre): CertificateJson {
    return toCertificateJson(cert, centre ?? centres.findById(cert.centreId)!, certificates.history(cert.id));
  }

  const profile = (slug: string) => cache.get(`profile:${slug}`, () => loadProfile(slug));

  function loadProfile(slug: string) {
    const row = register.findPublic(slug);
    if (!row) return undefined;
    const cert = certificates.findById(row.certificate.id)!;
    const certificate = certificateJson(cert, centres.findById(row.id));
    const lastAudit = register.lastDecidedAudit(row.id) ?? null;
    const all = register.certificatesOfCentre(row.id);
    const live = row.certificate.status === 'active' || row.certificate.status === 'suspended';
    return {
      row,
      timeline: register.timeline(row.id),
      json: {
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
        lastAudit,
        nextSurveillanceDue: live ? row.certificate.nextSurveillanceDue : null,
        upheldComplaints: register.upheldComplaints(row.id),
        certificate,
        certificates: all.map((c) => ({
          number: c.number,
          status: c.status,
          validFrom: c.validFrom,
          validUntil: c.validUntil,
        })),
      },
    };
  }

  function runSearch(query: SearchQuery) {
    const { rows, total } = register.search({
      terms: searchTerms(query.q),
      channel: query.channel,
      language: query.language,
      sector: query.sector,
      type: query.type,
      status: query.status,
      minScore: query.minScore,
      sort: query.sort,
      page: query.page,
    });
    return { items: rows.map(toSearchItem), total, page: query.page, pageSize: REGISTER_PAGE_SIZE };
  }

  /** Check digits are checked before the database is asked anything. */
  function lookupCertificate(input: string): CertificateLookup {
    const parsed = parseCertificateNumber(input);
    if (!parsed.ok) return { kind: parsed.reason };
    const cert = certificates.findByNumber(parsed.number);
    if (!cert) return { kind: 'unknown', number: parsed.number };
    return { kind: 'found', number: parsed.number, certificate: certificateJson(cert) };
  }

  function drawSeal(input: string, locale: Locale): { found: boolean; svg: string } {
    const parsed = parseCertificateNumber(input);
    const seal = parsed.ok ? register.sealFacts(parsed.number) : undefined;
    if (!seal) {
      return {
        found: false,
        svg: renderSeal(
          { status: 'unknown', number: parsed.ok ? parsed.number : null, name: null, validUntil: null },
          locale,
        ),
      };
    }
    return { found: true, svg: renderSeal({ ...seal, number: parsed.ok ? parsed.number : null }, locale) };
  }

  return {
    search(query: SearchQuery) {
      return cache.get(`search:${JSON.stringify(query)}`, () => runSearch(query));
    },

    profile,

    /**
     * A rendered public page, shared by every anonymous visitor until the data changes. Only
     * for pages that carry nothing personal (no sign-in state, no CSRF token).
     */
    publicPage: (key: string, render: () => Promise<string>) => cache.getAsync(`page:${key}`, render),

    /** Up to four public centres in the order asked; slugs that are not public are reported back. */
    compare(slugs: readonly string[]) {
      const found: NonNullable<ReturnType<typeof profile>>[] = [];
      const missing: string[] = [];
      for (const slug of slugs) {
        const p = profile(slug);
        if (p) found.push(p);
        else missing.push(slug);
      }
      return { centres: found, missing };
    },

    lookupCertificate(input: string): CertificateLookup {
      return cache.get(`certificate:${input}`, () => lookupCertificate(input));
    },

    seal(input: string, locale: Locale): { found: boolean; svg: string } {
      return cache.get(`seal:${locale}:${input}`, () => drawSeal(input, locale));
    },
    slugOfCertificate: (number: string) => register.slugOfCertificate(number),

    openDataColumns: () => openDataColumns(schemes.current()),

    *csvLines(): Generator<string> {
      const scheme = schemes.current();
      const columns = openDataColumns(scheme);
      yield `${columns.join(',')}\r\n`;
      for (const row of register.iteratePublic()) {
        const record = openDataRecord(row, scheme, baseUrl);
        yield `${columns.map((c) => csvCell(record[c] ?? null)).join(',')}\r\n`;
      }
    },

    *jsonChunks(): Generator<string> {
      const scheme = schemes.current();
      let first = true;
      yield '[';
      for (const row of register.iteratePublic()) {
        yield `${first ? '\n' : ',\n'}${JSON.stringify(openDataRecord(row, scheme, baseUrl))}`;
        first = false;
      }
      yield '\n]\n';
    },

    eventsAfter(after: number) {
      const items = events.listPublic(after, EVENTS_PAGE_SIZE).map(toPublicEvent);
      return { items, next: items.length === EVENTS_PAGE_SIZE ? items[items.length - 1]!.seq : null };
    },

    latestEvents: (limit: number) => events.latestPublic(limit).map(toPublicEvent),

    verifyLog: () => verifyEventLog(db),

    now: () => clock.now(),
  };
}

function toPublicEvent(e: EventRow) {
  return {
    seq: e.seq,
    at: e.at,
    actor: e.actor,
    action: e.action,
    subject: e.subject,
    payload: (e.payload ?? {}) as Record<string, unknown>,
    prevHash: e.prevHash,
    hash: e.hash,
  };
}

export type RegisterService = ReturnType<typeof registerService>;
