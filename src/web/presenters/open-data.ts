import type { Scheme } from '../../domain/scheme.js';
import type { RegisterRow } from '../../services/register-service.js';

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
    'scores_audit_type',
    'scores_decided_at',
    'scores_outcome',
    'overall',
    ...scheme.promises.map((p) => `score_${p.id}`),
    'open_findings',
    'profile_url',
  ];
}

type Cell = string | number | string[] | null;

function openDataRecord(row: RegisterRow, scheme: Scheme, baseUrl: string): Record<string, Cell> {
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
    scores_audit_type: row.scoresAuditType,
    scores_decided_at: row.scoresDecidedAt,
    scores_outcome: row.scoresOutcome,
    overall: row.certificate.overall,
    ...Object.fromEntries(scheme.promises.map((p) => [`score_${p.id}`, scores.get(p.id) ?? null])),
    open_findings: row.openFindings,
    profile_url: `${baseUrl}/centres/${row.slug}`,
  };
}

/**
 * A CSV cell. Text starting with = + - @ tab or CR is prefixed with `'` so a spreadsheet shows
 * it instead of running it as a formula (CSV injection); every text cell is quoted.
 */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  let text = Array.isArray(value) ? value.join(';') : value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/** The register as CSV, one line at a time (header first). */
export function* openDataCsv(rows: Iterable<RegisterRow>, scheme: Scheme, baseUrl: string): Generator<string> {
  const columns = openDataColumns(scheme);
  yield `${columns.join(',')}\r\n`;
  for (const row of rows) {
    const record = openDataRecord(row, scheme, baseUrl);
    yield `${columns.map((c) => csvCell(record[c] ?? null)).join(',')}\r\n`;
  }
}

/** The register as a JSON array, one record at a time. */
export function* openDataJson(rows: Iterable<RegisterRow>, scheme: Scheme, baseUrl: string): Generator<string> {
  let first = true;
  yield '[';
  for (const row of rows) {
    yield `${first ? '\n' : ',\n'}${JSON.stringify(openDataRecord(row, scheme, baseUrl))}`;
    first = false;
  }
  yield '\n]\n';
}
