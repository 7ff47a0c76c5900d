import type { Clock } from '../clock.js';
import type { Params, ParamValue } from '../domain/reason.js';
import { lastTwelveMonths, type TransparencyFigures, transparencyFigures } from '../domain/transparency-figures.js';
import { dataVersion } from '../persistence/data-version.js';
import type { Db } from '../persistence/database.js';
import { type PublicLogEntry, transparencyRepository } from '../persistence/transparency-repository.js';
import { ReadCache } from './read-cache.js';

export type { TransparencyFigures };

/**
 * A public log entry as the transparency page may show it: what happened, as an action and
 * vocabulary params, and what it is about by public names only (certificate number, centre in
 * the register). Internal ids and staff's free text stay in the log and its API.
 */
export interface TransparencyEntry {
  seq: number;
  at: string;
  action: string;
  hash: string;
  certificateNumber: string | null;
  centre: { slug: string; name: string } | null;
  params: Params;
  /** The coded reason of a status change. */
  reason: { code: string | null; params: Params; text: string } | null;
}

const CERTIFICATE_SUBJECT = 'certificate:';

const isStatusChange = (action: string) => action.startsWith('certificate.') && action !== 'certificate.issued';
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const scalar = (value: unknown): ParamValue | undefined =>
  typeof value === 'string' || typeof value === 'number' ? value : undefined;

/** The vocabulary facts of an entry's payload, under the param names the web layer renders as names. */
function paramsOf(entry: PublicLogEntry): Params {
  const p = entry.payload;
  const picked: Record<string, ParamValue | undefined> = {
    from: scalar(p.from),
    // A status change names its new status in the action too (`certificate.suspended`).
    to: scalar(p.to) ?? (isStatusChange(entry.action) ? entry.action.slice('certificate.'.length) : undefined),
    auditType: scalar(p.type),
    outcome: scalar(p.outcome),
    overall: scalar(p.overall),
    severity: scalar(p.severity),
    validUntil: scalar(p.validUntil),
    scheme: entry.action.startsWith('scheme.') ? scalar(p.code) : undefined,
  };
  return Object.fromEntries(Object.entries(picked).filter(([, v]) => v !== undefined)) as Params;
}

function toEntry(entry: PublicLogEntry): TransparencyEntry {
  const p = entry.payload;
  const reasonText = text(p.reason);
  return {
    seq: entry.seq,
    at: entry.at,
    action: entry.action,
    hash: entry.hash,
    certificateNumber: entry.subject.startsWith(CERTIFICATE_SUBJECT)
      ? entry.subject.slice(CERTIFICATE_SUBJECT.length)
      : text(p.certificate),
    // A centre that never held a certificate is not in the register, so it is not named here either.
    centre: entry.centre?.isPublic ? { slug: entry.centre.slug, name: entry.centre.name } : null,
    params: paramsOf(entry),
    reason:
      isStatusChange(entry.action) && reasonText
        ? { code: text(p.reasonCode), params: (p.reasonParams ?? {}) as Params, text: reasonText }
        : null,
  };
}

/** The certification body measured: its figures over the last twelve months and the latest public log entries. */
export function transparencyService(db: Db, clock: Clock) {
  const repo = transparencyRepository(db);
  const cache = new ReadCache(dataVersion(db), 16);

  function computeFigures(now: Date): TransparencyFigures {
    const period = lastTwelveMonths(now);
    return transparencyFigures({
      period,
      steps: repo.auditSteps(),
      complaints: repo.complaintsReceived(period),
      appeals: repo.appealsFiled(period),
    });
  }

  return {
    /** Recomputed when the data changes, and at least every hour as the period moves on. */
    figures(): TransparencyFigures {
      const now = clock.now();
      return cache.get(`figures:${now.toISOString().slice(0, 13)}`, () => computeFigures(now));
    },
    latestEntries: (limit: number): TransparencyEntry[] =>
      cache.get(`entries:${limit}`, () => repo.latestPublic(limit).map(toEntry)),
  };
}

export type TransparencyService = ReturnType<typeof transparencyService>;
