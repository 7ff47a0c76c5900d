import { and, eq } from 'drizzle-orm';
import type { RawDraft } from '../domain/checklist-revision.js';
import type { Db } from './database.js';
import { checklistDrafts } from './schema.js';

/** The raw typed values of one audit's checklist that could not be stored as answers. */
export function checklistDraftRepository(db: Db) {
  return {
    forAudit(auditId: number): Map<string, RawDraft> {
      const rows = db.select().from(checklistDrafts).where(eq(checklistDrafts.auditId, auditId)).all();
      return new Map(
        rows.map((r) => [
          r.item,
          { ...(r.value !== null ? { value: r.value } : {}), ...(r.sample !== null ? { sample: r.sample } : {}) },
        ]),
      );
    },
    /** Keeps the item's raw values, or removes them when nothing is left to keep. */
    put(auditId: number, item: string, draft: RawDraft, at: string): void {
      if (draft.value === undefined && draft.sample === undefined) {
        db.delete(checklistDrafts)
          .where(and(eq(checklistDrafts.auditId, auditId), eq(checklistDrafts.item, item)))
          .run();
        return;
      }
      const values = { value: draft.value ?? null, sample: draft.sample ?? null, updatedAt: at };
      db.insert(checklistDrafts)
        .values({ auditId, item, ...values })
        .onConflictDoUpdate({ target: [checklistDrafts.auditId, checklistDrafts.item], set: values })
        .run();
    },
  };
}
