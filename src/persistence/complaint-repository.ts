import { and, count, desc, eq, gte } from 'drizzle-orm';
import { complaintStates, type ComplaintState } from '../domain/complaint.js';
import type { Db } from './database.js';
import { appeals, complaints } from './schema.js';

export type Complaint = typeof complaints.$inferSelect;
export type Appeal = typeof appeals.$inferSelect;

export function complaintRepository(db: Db) {
  return {
    insert: (values: typeof complaints.$inferInsert): Complaint =>
      db.insert(complaints).values(values).returning().get(),
    find: (id: number): Complaint | undefined => db.select().from(complaints).where(eq(complaints.id, id)).get(),
    findByReference: (reference: string): Complaint | undefined =>
      db.select().from(complaints).where(eq(complaints.reference, reference)).get(),
    update: (id: number, values: Partial<typeof complaints.$inferInsert>): Complaint =>
      db.update(complaints).set(values).where(eq(complaints.id, id)).returning().get(),
    list: (): Complaint[] => db.select().from(complaints).orderBy(desc(complaints.id)).all(),
    forCentre: (centreId: number): Complaint[] =>
      db.select().from(complaints).where(eq(complaints.centreId, centreId)).orderBy(desc(complaints.id)).all(),
    upheldSince: (centreId: number, since: string): Complaint[] =>
      db
        .select()
        .from(complaints)
        .where(and(eq(complaints.centreId, centreId), eq(complaints.state, 'upheld'), gte(complaints.triagedAt, since)))
        .orderBy(complaints.triagedAt)
        .all(),
    /** How many complaints about the centre are in each state (every state present, zero or more). */
    counts(centreId: number): Record<ComplaintState, number> {
      const out = Object.fromEntries(complaintStates.map((s) => [s, 0])) as Record<ComplaintState, number>;
      const rows = db
        .select({ state: complaints.state, n: count() })
        .from(complaints)
        .where(eq(complaints.centreId, centreId))
        .groupBy(complaints.state)
        .all();
      for (const row of rows) out[row.state] = row.n;
      return out;
    },
    insertAppeal: (values: typeof appeals.$inferInsert): Appeal => db.insert(appeals).values(values).returning().get(),
    findAppeal: (id: number): Appeal | undefined => db.select().from(appeals).where(eq(appeals.id, id)).get(),
    appealForAudit: (auditId: number): Appeal | undefined =>
      db.select().from(appeals).where(eq(appeals.auditId, auditId)).get(),
    updateAppeal: (id: number, values: Partial<typeof appeals.$inferInsert>): Appeal =>
      db.update(appeals).set(values).where(eq(appeals.id, id)).returning().get(),
    listAppeals: (): Appeal[] => db.select().from(appeals).orderBy(desc(appeals.id)).all(),
    appealsForCentre: (centreId: number): Appeal[] =>
      db.select().from(appeals).where(eq(appeals.centreId, centreId)).orderBy(desc(appeals.id)).all(),
  };
}
