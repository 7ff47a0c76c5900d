import type { Clock } from '../clock.js';
import type { SearchQuery } from '../contracts/register.js';
import { parseCertificateNumber } from '../domain/certificate-number.js';
import { complaintFigures, complaintWindowStart } from '../domain/complaint-figures.js';
import { type CertificateStatus, isLive } from '../domain/vocabulary.js';
import { type Centre, centreRepository } from '../persistence/centre-repository.js';
import {
  type Certificate,
  type CertificateHistoryEntry,
  certificateRepository,
} from '../persistence/certificate-repository.js';
import { complaintFiguresRepository } from '../persistence/complaint-figures-repository.js';
import { dataVersion } from '../persistence/data-version.js';
import type { Db } from '../persistence/database.js';
import { type EventRow, eventRepository } from '../persistence/event-repository.js';
import { databaseProbe } from '../persistence/health-probe.js';
import { type RegisterRow, registerRepository } from '../persistence/register-repository.js';
import { registerStatsRepository } from '../persistence/register-stats-repository.js';
import type { Scheme } from '../domain/scheme.js';
import { verifyEventLog } from './event-log.js';
import { publicRecord, type Successor, scoresOf } from './public-record.js';
import { ReadCache } from './read-cache.js';
import { registerSearcher, type SearchOutcome } from './register-searcher.js';
import type { SearchThreads } from './search-threads.js';

/** The plain objects the public register hands to the web layer, which presents them. */
export type { Centre, Certificate, CertificateHistoryEntry, EventRow, RegisterRow };
export type { RegisterCounts } from '../persistence/register-stats-repository.js';
export type { PublicAppealRow } from '../persistence/complaint-figures-repository.js';
export type { ComplaintFigures } from '../domain/complaint-figures.js';
export type {
  ClosedFinding,
  OpenFinding,
  PromiseScore,
  PublicAudit,
  PublicFindings,
  PublicScores,
  ScoresAudit,
  Successor,
} from './public-record.js';
export { scoresOf } from './public-record.js';

export const MAX_COMPARE = 4;
export const EVENTS_PAGE_SIZE = 100;

/** A certificate with its centre and its status changes, oldest first. */
export interface CertificateRecord {
  certificate: Certificate;
  centre: Centre;
  history: CertificateHistoryEntry[];
  /** The certificate that replaced it, for a superseded one. */
  successor: Successor | null;
}

export type CertificateLookup =
  | { kind: 'format' }
  | { kind: 'check-digits' }
  | { kind: 'unknown'; number: string }
  | { kind: 'found'; number: string; record: CertificateRecord };

export type SealStatus = CertificateStatus | 'unknown';

/** What the seal shows; `number` is null when the input is not a certificate number at all. */
export interface SealFacts {
  status: SealStatus;
  number: string | null;
  name: string | null;
  validUntil: string | null;
}

/**
 * `threads` answer public searches off the main thread (search-threads.ts); without them (an
 * in-memory database, SEARCH_THREADS=0) the same search runs here.
 */
export function registerService(db: Db, clock: Clock, schemeOf: (code: string) => Scheme, threads?: SearchThreads) {
  const register = registerRepository(db);
  const certificates = certificateRepository(db);
  const centres = centreRepository(db);
  const events = eventRepository(db);
  const stats = registerStatsRepository(db);
  const isDatabaseReady = databaseProbe(db);
  const cache = new ReadCache(dataVersion(db));
  // Rendered pages are tens of kB each: fewer of them are kept.
  const pages = new ReadCache(dataVersion(db), 300);
  // Serialised public API answers (a search page is about 20 kB): serialising one took longer
  // than finding it in the cache.
  const answers = new ReadCache(dataVersion(db), 500);
  const searchHere = registerSearcher(db, register);
  const record = publicRecord(db, schemeOf);
  const complaintCounts = complaintFiguresRepository(db);

  function recordOf(certificate: Certificate): CertificateRecord {
    return {
      certificate,
      centre: centres.findById(certificate.centreId)!,
      history: certificates.history(certificate.id),
      successor: record.successor(certificate),
    };
  }

  // The complaint figures count back from today: a profile is kept per day as well as per data version.
  const profile = (slug: string) => {
    const today = clock.now().toISOString().slice(0, 10);
    return cache.get(`profile:${slug}:${today}`, () => loadProfile(slug, today));
  };

  function loadProfile(slug: string, today: string) {
    const row = register.findPublic(slug);
    if (!row) return undefined;
    const certificate = certificates.findById(row.certificate.id)!;
    const current = recordOf(certificate);
    const { centre } = current;
    return {
      row,
      record: current,
      /** For a superseded current certificate: the one that replaced it. */
      successor: current.successor,
      /** The figures of the current certificate's latest decided audit, labelled with it. */
      scores: scoresOf(certificate),
      /** Decided audits of the centre that belong to a certificate, newest first. */
      audits: record.audits(row.id),
      findings: record.findings(certificate.id, clock.now()),
      lastAudit: register.lastDecidedAudit(row.id) ?? null,
      nextSurveillanceDue: isLive(row.certificate.status) ? row.certificate.nextSurveillanceDue : null,
      upheldComplaints: register.upheldComplaints(row.id),
      /** Complaints received over the last 24 months, how they ended and what upheld ones led to. */
      complaints: complaintFigures(complaintCounts.countsReceived(row.id, complaintWindowStart(today), today), today),
      /** Where customers reach the centre, and which of it the centre declared itself. */
      contact: {
        website: centre.website,
        customerPhone: centre.customerPhone,
        customerEmail: centre.customerEmail,
        declarations: centre.contactDeclarations,
      },
      certificates: register.certificatesOfCentre(row.id),
      timeline: register.timeline(row.id),
      /** Appeals against its public decisions, newest first, with how they ended. */
      appeals: complaintCounts.publicAppeals(row.id),
    };
  }

  /** Check digits are checked before the database is asked anything. */
  function lookupCertificate(input: string): CertificateLookup {
    const parsed = parseCertificateNumber(input.replace(/\s+/g, ''));
    if (!parsed.ok) return { kind: parsed.reason };
    const cert = certificates.findByNumber(parsed.number);
    if (!cert) return { kind: 'unknown', number: parsed.number };
    return { kind: 'found', number: parsed.number, record: recordOf(cert) };
  }

  function sealFacts(input: string): { found: boolean; facts: SealFacts } {
    const parsed = parseCertificateNumber(input);
    const number = parsed.ok ? parsed.number : null;
    const seal = number ? register.sealFacts(number) : undefined;
    if (!seal) return { found: false, facts: { status: 'unknown', number, name: null, validUntil: null } };
    return { found: true, facts: { ...seal, number } };
  }

  return {
    /**
     * The serialised public answer to a search, shared by every caller until the data changes:
     * from a search thread, or presented here by `present` when there are none or the thread
     * fails. A thread's answer is what `present` makes of the same page
     * (test/perf/search-threads.test.ts).
     */
    searchAnswer(query: SearchQuery, present: (outcome: SearchOutcome) => string): Promise<string> {
      const here = () => present(searchHere(query));
      // A thread that cannot answer (it died, or cannot open a database file that was moved
      // away while this connection still reads it) leaves the search to this thread.
      return answers.getAsync(`centres:${JSON.stringify(query)}`, async () =>
        threads ? threads.answer(query).catch(here) : here(),
      );
    },

    profile,

    /**
     * A rendered public page, shared by every anonymous visitor until the data changes. Only
     * for pages that carry nothing personal (no sign-in state, no CSRF token).
     */
    publicPage: <T>(key: string, render: () => Promise<T>): Promise<T> => pages.getAsync(key, render),

    /** A serialised public API answer, shared by every caller until the data changes. */
    publicAnswer: (key: string, serialise: () => string): string => answers.get(key, serialise),

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

    /** The certificate with its centre and history, for answers that carry a certificate. */
    certificateRecord: (certificate: Certificate): CertificateRecord => recordOf(certificate),

    /** What the seal of a number shows; one indexed lookup, cached, because every embedding page asks. */
    seal(input: string): { found: boolean; facts: SealFacts } {
      return cache.get(`seal:${input}`, () => sealFacts(input));
    },

    slugOfCertificate: (number: string) => register.slugOfCertificate(number),

    /** The whole public register in centre order, read in chunks (open-data downloads). */
    publicRows: (): Generator<RegisterRow> => register.iteratePublic(),

    eventsAfter(after: number): { events: EventRow[]; next: number | null } {
      const page = events.listPublic(after, EVENTS_PAGE_SIZE);
      return { events: page, next: page.length === EVENTS_PAGE_SIZE ? page[page.length - 1]!.seq : null };
    },

    verifyLog: () => verifyEventLog(db),

    /** The figures on the home page: counted once per day and data version, not per request. */
    homeCounts: () => {
      const now = clock.now();
      return cache.get(`home-counts:${now.toISOString().slice(0, 10)}`, () => stats.counts(now));
    },

    /** Readiness: can the register be read at all? */
    isDatabaseReady,

    /** Starts the search threads before the first search needs them (the server's start). */
    start: (): Promise<void> => threads?.start() ?? Promise.resolve(),

    /** Stops the search threads (the server's shutdown, a test registry's close). */
    close: (): Promise<void> => threads?.close() ?? Promise.resolve(),
  };
}

export type RegisterService = ReturnType<typeof registerService>;
export type CentreProfile = NonNullable<ReturnType<RegisterService['profile']>>;
export type { SearchOutcome } from './register-searcher.js';
