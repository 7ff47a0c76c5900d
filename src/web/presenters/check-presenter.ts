import type { CheckLineJson, CheckResultJson } from '../../contracts/check.js';
import type { CheckLine, CheckReport, CheckRow } from '../../services/check-service.js';
import type { Locale, Translate } from '../i18n.js';
import { viewHelpers as h } from '../view-helpers.js';
import { csvCell } from './open-data.js';
import { scoresAreHistory } from './profile-view.js';

/** The bulk check as the API answers it, as the page shows it and as the CSV download holds it. */

const profileUrl = (baseUrl: string, row: CheckRow) => `${baseUrl}/centres/${row.slug}`;

const candidateJson = (row: CheckRow, baseUrl: string) => ({
  centre: { slug: row.slug, name: row.tradeName },
  certificate: { ...row.certificate },
  overall: row.overall,
  profileUrl: profileUrl(baseUrl, row),
});

function lineJson(line: CheckLine, baseUrl: string): CheckLineJson {
  const found = line.found;
  return {
    input: line.input,
    match: line.match,
    centre: found ? { slug: found.slug, name: found.tradeName } : null,
    certificate: found ? { ...found.certificate } : null,
    candidates: line.candidates.map((row) => candidateJson(row, baseUrl)),
    reason: line.reason,
    overall: found ? found.overall : null,
    profileUrl: found ? profileUrl(baseUrl, found) : null,
  };
}

export function presentCheckReport(report: CheckReport, baseUrl: string): CheckResultJson {
  return {
    checkedAt: report.checkedAt.toISOString(),
    results: report.lines.map((line) => lineJson(line, baseUrl)),
  };
}

export interface CheckRowView {
  input: string;
  match: CheckLine['match'];
  matchText: string;
  found: CheckRow | null;
  reasonText: string | null;
  /** Set when the certificate is not active: its score is history, as the profile says. */
  scoreNote: string | null;
  candidates: CheckRow[];
}

/** The result table of the page, in the reader's language. */
export function checkRowsView(report: CheckReport, t: Translate): CheckRowView[] {
  return report.lines.map((line) => ({
    input: line.input,
    match: line.match,
    matchText: t(`check.match.${line.match}`),
    found: line.found,
    reasonText: line.reason ? t(`check.reason.${line.reason}`) : null,
    scoreNote: line.found && scoresAreHistory(line.found.certificate.status) ? t('check.scoreHistory') : null,
    candidates: line.candidates,
  }));
}

/**
 * The result table as CSV for a spreadsheet: a byte-order mark (Excel then reads UTF-8),
 * column titles in the reader's language, every cell quoted and formula-safe (csvCell).
 */
export function checkCsv(report: CheckReport, t: Translate, locale: Locale, baseUrl: string): string {
  const header = ['input', 'match', 'centre', 'certificate', 'status', 'validUntil', 'overall', 'profile', 'note'].map(
    (column) => csvCell(t(`check.csv.${column}`)),
  );
  const rows = report.lines.map((line) => {
    const found = line.found;
    const note = [
      line.reason ? t(`check.reason.${line.reason}`) : '',
      found && scoresAreHistory(found.certificate.status) ? t('check.scoreHistory') : '',
      ...line.candidates.map((row) => `${row.tradeName} (${row.certificate.number}, ${profileUrl(baseUrl, row)})`),
    ]
      .filter(Boolean)
      .join('; ');
    return [
      csvCell(line.input),
      csvCell(t(`check.match.${line.match}`)),
      csvCell(found?.tradeName ?? null),
      csvCell(found?.certificate.number ?? null),
      csvCell(found ? t(`register.status.${found.certificate.status}`) : null),
      csvCell(found ? found.certificate.validUntil : null),
      found ? csvCell(h.score(found.overall, locale)) : '',
      csvCell(found ? profileUrl(baseUrl, found) : null),
      csvCell(note || null),
    ];
  });
  return `\uFEFF${[header, ...rows].map((cells) => `${cells.join(',')}\r\n`).join('')}`;
}
