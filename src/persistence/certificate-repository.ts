import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { CertificateStatus } from '../domain/lifecycle.js';
import { type AuditType, liveStatuses, type Outcome } from '../domain/vocabulary.js';
import type { ExplainedReason } from '../domain/reason.js';
import type { Db } from './database.js';
import { certificateDocuments, certificates, certificateStatusHistory } from './schema.js';

export type Certificate = typeof certificates.$inferSelect;
export type CertificateHistoryEntry = typeof certificateStatusHistory.$inferSelect;
export type NewCertificate = typeof certificates.$inferInsert;

export function certificateRepository(db: Db) {
  const c = db.$client;
  const maxSeq = c.prepare<[number], { seq: number | null }>('SELECT max(seq) AS seq FROM certificates WHERE year = ?');
  const firstIssue = c.prepare<[number], { d: string | null }>(
    'SELECT min(original_issue_date) AS d FROM certificates WHERE centre_id = ?',
  );
  // Public pages look certificates up on every request: prepare those queries once.
  const byId = db
    .select()
    .from(certificates)
    .where(eq(certificates.id, sql.placeholder('id')))
    .prepare();
  const byNumber = db
    .select()
    .from(certificates)
    .where(eq(certificates.number, sql.placeholder('number')))
    .prepare();
  const historyOf = db
    .select()
    .from(certificateStatusHistory)
    .where(eq(certificateStatusHistory.certificateId, sql.placeholder('id')))
    .orderBy(certificateStatusHistory.at, certificateStatusHistory.id)
    .prepare();
  // The same rule as the backfill of migration 0004: the latest decided audit linked to the
  // certificate gives its figures; without one (its deciding audit annulled on appeal and not
  // decided again) the figures stay but are no longer labelled as any audit's.
  const latestDecided = c.prepare<
    [number],
    { id: number; type: AuditType; decided_at: string; outcome: Outcome; overall: number; promises: string }
  >(
    `SELECT id, type, decided_at, json_extract(result, '$.outcome') AS outcome,
            json_extract(result, '$.overall') AS overall, json_extract(result, '$.promises') AS promises
       FROM audits WHERE certificate_id = ? AND state = 'decided' AND result IS NOT NULL
      ORDER BY decided_at DESC, id DESC LIMIT 1`,
  );
  const documentBySha = db
    .select()
    .from(certificateDocuments)
    .where(eq(certificateDocuments.sha256, sql.placeholder('sha')))
    .prepare();
  return {
    findById(id: number): Certificate | undefined {
      return byId.get({ id });
    },
    findByNumber(number: string): Certificate | undefined {
      return byNumber.get({ number });
    },
    /** The centre's certificate that still carries the mark (active or suspended), if any. */
    findLiveForCentre(centreId: number): Certificate | undefined {
      return db
        .select()
        .from(certificates)
        .where(and(eq(certificates.centreId, centreId), inArray(certificates.status, [...liveStatuses])))
        .orderBy(desc(certificates.id))
        .get();
    },
    listForCentre(centreId: number): Certificate[] {
      return db
        .select()
        .from(certificates)
        .where(eq(certificates.centreId, centreId))
        .orderBy(desc(certificates.id))
        .all();
    },
    listLive(): Certificate[] {
      return db
        .select()
        .from(certificates)
        .where(inArray(certificates.status, [...liveStatuses]))
        .all();
    },
    /** Next free sequence number of a year; call inside the issuing transaction. */
    nextSeq(year: number): number {
      return (maxSeq.get(year)?.seq ?? 0) + 1;
    },
    originalIssueDate(centreId: number): string | undefined {
      return firstIssue.get(centreId)?.d ?? undefined;
    },
    insert(values: NewCertificate): Certificate {
      return db.insert(certificates).values(values).returning().get();
    },
    /** The reason is stored as its code with params (for every language) and its English text. */
    setStatus(id: number, status: CertificateStatus, reason: ExplainedReason, since: string): void {
      db.update(certificates)
        .set({
          status,
          statusReason: reason.message,
          statusReasonCode: reason.code,
          statusReasonParams: reason.params,
          statusSince: since,
        })
        .where(eq(certificates.id, id))
        .run();
    },
    /** Takes the figures of the certificate's latest decided audit; call in the deciding transaction. */
    refreshScores(id: number): void {
      const audit = latestDecided.get(id);
      const set = audit
        ? {
            scoresAuditId: audit.id,
            scoresAuditType: audit.type,
            scoresDecidedAt: audit.decided_at,
            scoresOutcome: audit.outcome,
            overall: audit.overall,
            promiseScores: JSON.parse(audit.promises) as Certificate['promiseScores'],
          }
        : { scoresAuditId: null, scoresAuditType: null, scoresDecidedAt: null, scoresOutcome: null };
      db.update(certificates).set(set).where(eq(certificates.id, id)).run();
    },
    setNextSurveillanceDue(id: number, due: string | null): void {
      db.update(certificates).set({ nextSurveillanceDue: due }).where(eq(certificates.id, id)).run();
    },
    addHistory(
      entry: Omit<typeof certificateStatusHistory.$inferInsert, 'reason' | 'reasonCode' | 'reasonParams'>,
      reason: ExplainedReason,
    ): void {
      db.insert(certificateStatusHistory)
        .values({ ...entry, reason: reason.message, reasonCode: reason.code, reasonParams: reason.params })
        .run();
    },
    history(certificateId: number): CertificateHistoryEntry[] {
      return historyOf.all({ id: certificateId });
    },
    /** `viewSha256` fingerprints the data the PDF was drawn from (see certificate-documents). */
    recordDocument(certificateId: number, sha256: string, status: string, at: string, viewSha256?: string): void {
      db.insert(certificateDocuments)
        .values({ sha256, certificateId, status, viewSha256: viewSha256 ?? null, createdAt: at })
        .onConflictDoNothing()
        .run();
      db.update(certificates).set({ pdfSha256: sha256 }).where(eq(certificates.id, certificateId)).run();
    },
    findDocument(sha256: string) {
      return documentBySha.get({ sha: sha256 });
    },
  };
}

export type CertificateRepository = ReturnType<typeof certificateRepository>;
