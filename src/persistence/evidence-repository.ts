import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db } from './database.js';
import { evidenceFiles } from './evidence-schema.js';

export type EvidenceFile = typeof evidenceFiles.$inferSelect;

/** The attachments of checklist answers and corrective actions (the bytes are in the evidence store). */
export function evidenceRepository(db: Db) {
  const checklistOf = (auditId: number) => and(eq(evidenceFiles.auditId, auditId), isNull(evidenceFiles.actionId));
  return {
    insert(values: typeof evidenceFiles.$inferInsert): EvidenceFile {
      return db.insert(evidenceFiles).values(values).returning().get();
    },
    findById(id: number): EvidenceFile | undefined {
      return db.select().from(evidenceFiles).where(eq(evidenceFiles.id, id)).get();
    },
    delete(id: number): void {
      db.delete(evidenceFiles).where(eq(evidenceFiles.id, id)).run();
    },
    /** The checklist's files, by item then upload order. */
    forChecklist(auditId: number): EvidenceFile[] {
      return db
        .select()
        .from(evidenceFiles)
        .where(checklistOf(auditId))
        .orderBy(asc(evidenceFiles.item), asc(evidenceFiles.id))
        .all();
    },
    forActions(actionIds: number[]): EvidenceFile[] {
      if (actionIds.length === 0) return [];
      return db
        .select()
        .from(evidenceFiles)
        .where(inArray(evidenceFiles.actionId, actionIds))
        .orderBy(asc(evidenceFiles.id))
        .all();
    },
    /** The files a new one would join: the same checklist item, or the same corrective action. */
    siblings(auditId: number, item: string, actionId: number | null): EvidenceFile[] {
      const where =
        actionId === null
          ? and(checklistOf(auditId), eq(evidenceFiles.item, item))
          : eq(evidenceFiles.actionId, actionId);
      return db.select().from(evidenceFiles).where(where).all();
    },
    /** Bytes attached to the audit so far: its checklist and its corrective actions. */
    bytesForAudit(auditId: number): number {
      const row = db
        .select({ total: sql<number>`coalesce(sum(${evidenceFiles.size}), 0)` })
        .from(evidenceFiles)
        .where(eq(evidenceFiles.auditId, auditId))
        .get();
      return row?.total ?? 0;
    },
    /** Marks the checklist's files as submitted (files locked at an earlier submission stay as they are). */
    lockChecklist(auditId: number, at: string): void {
      db.update(evidenceFiles)
        .set({ lockedAt: at })
        .where(and(checklistOf(auditId), isNull(evidenceFiles.lockedAt)))
        .run();
    },
    lockAction(actionId: number, at: string): void {
      db.update(evidenceFiles)
        .set({ lockedAt: at })
        .where(and(eq(evidenceFiles.actionId, actionId), isNull(evidenceFiles.lockedAt)))
        .run();
    },
    /** Whether any attachment still uses these bytes, as the file or as its thumbnail. */
    isReferenced(sha256: string): boolean {
      return (
        db
          .select({ id: evidenceFiles.id })
          .from(evidenceFiles)
          .where(or(eq(evidenceFiles.sha256, sha256), eq(evidenceFiles.thumbnailSha256, sha256)))
          .limit(1)
          .get() !== undefined
      );
    },
    /** Every digest the rows refer to (files and thumbnails): what a backup must carry. */
    allDigests(): string[] {
      const rows = db
        .select({ sha256: evidenceFiles.sha256, thumbnail: evidenceFiles.thumbnailSha256 })
        .from(evidenceFiles)
        .all();
      return [...new Set(rows.flatMap((r) => (r.thumbnail ? [r.sha256, r.thumbnail] : [r.sha256])))].sort();
    },
  };
}

export type EvidenceRepository = ReturnType<typeof evidenceRepository>;
