import { and, asc, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { AuditState } from '../domain/lifecycle.js';
import { openAuditStates } from '../domain/vocabulary.js';
import type { AnswerInput, EvaluationResult } from '../domain/scoring.js';
import type { Db } from './database.js';
import { answers, audits, correctiveActions } from './schema.js';

export type Audit = Omit<typeof audits.$inferSelect, 'result'> & { result: EvaluationResult | null };
export type CorrectiveAction = typeof correctiveActions.$inferSelect;
export type StoredAnswer = typeof answers.$inferSelect;

const toAudit = (row: typeof audits.$inferSelect): Audit => ({
  ...row,
  result: (row.result ?? null) as EvaluationResult | null,
});

/** Stored answers in the exchange shape: only the fields that were given. */
export function toAnswerInput(a: StoredAnswer): AnswerInput {
  const out: AnswerInput = { item: a.item };
  if (a.result !== null) out.result = a.result;
  if (a.value !== null) out.value = a.value;
  if (a.sample !== null) out.sample = a.sample;
  if (a.note !== null && a.note !== '') out.note = a.note;
  return out;
}

export function auditRepository(db: Db) {
  return {
    findById(id: number): Audit | undefined {
      const row = db.select().from(audits).where(eq(audits.id, id)).get();
      return row && toAudit(row);
    },
    insert(values: typeof audits.$inferInsert): Audit {
      return toAudit(db.insert(audits).values(values).returning().get());
    },
    update(id: number, values: Partial<typeof audits.$inferInsert>): Audit {
      return toAudit(db.update(audits).set(values).where(eq(audits.id, id)).returning().get());
    },
    listForAuditor(auditorId: number): Audit[] {
      return db
        .select()
        .from(audits)
        .where(eq(audits.auditorId, auditorId))
        .orderBy(desc(audits.plannedFor))
        .all()
        .map(toAudit);
    },
    listForCentre(centreId: number): Audit[] {
      return db
        .select()
        .from(audits)
        .where(eq(audits.centreId, centreId))
        .orderBy(desc(audits.plannedFor), desc(audits.id))
        .all()
        .map(toAudit);
    },
    listByStates(states: AuditState[]): Audit[] {
      return db
        .select()
        .from(audits)
        .where(inArray(audits.state, states))
        .orderBy(asc(audits.plannedFor))
        .all()
        .map(toAudit);
    },
    listAll(): Audit[] {
      return db.select().from(audits).orderBy(desc(audits.plannedFor), desc(audits.id)).all().map(toAudit);
    },
    /** Open audits (not decided or cancelled) of a centre, to refuse planning a duplicate. */
    openForCentre(centreId: number): Audit[] {
      return db
        .select()
        .from(audits)
        .where(and(eq(audits.centreId, centreId), inArray(audits.state, [...openAuditStates])))
        .all()
        .map(toAudit);
    },
    answers(auditId: number): StoredAnswer[] {
      return db.select().from(answers).where(eq(answers.auditId, auditId)).all();
    },
    upsertAnswer(auditId: number, answer: AnswerInput, at: string): void {
      const values = {
        auditId,
        item: answer.item,
        result: answer.result ?? null,
        value: answer.value ?? null,
        sample: answer.sample ?? null,
        note: answer.note ?? null,
        updatedAt: at,
      };
      db.insert(answers)
        .values(values)
        .onConflictDoUpdate({ target: [answers.auditId, answers.item], set: values })
        .run();
    },
    deleteAnswer(auditId: number, item: string): void {
      db.delete(answers)
        .where(and(eq(answers.auditId, auditId), eq(answers.item, item)))
        .run();
    },
    insertAction(values: typeof correctiveActions.$inferInsert): CorrectiveAction {
      return db.insert(correctiveActions).values(values).returning().get();
    },
    findAction(id: number): CorrectiveAction | undefined {
      return db.select().from(correctiveActions).where(eq(correctiveActions.id, id)).get();
    },
    updateAction(id: number, values: Partial<typeof correctiveActions.$inferInsert>): CorrectiveAction {
      return db.update(correctiveActions).set(values).where(eq(correctiveActions.id, id)).returning().get();
    },
    actionsForAudit(auditId: number): CorrectiveAction[] {
      return db
        .select()
        .from(correctiveActions)
        .where(eq(correctiveActions.auditId, auditId))
        .orderBy(correctiveActions.id)
        .all();
    },
    actionsForCentre(centreId: number): CorrectiveAction[] {
      return db
        .select()
        .from(correctiveActions)
        .where(eq(correctiveActions.centreId, centreId))
        .orderBy(desc(correctiveActions.id))
        .all();
    },
    actionsAwaitingReview(): CorrectiveAction[] {
      return db
        .select()
        .from(correctiveActions)
        .where(eq(correctiveActions.state, 'submitted'))
        .orderBy(correctiveActions.dueOn)
        .all();
    },
    /**
     * Deadlines of actions not yet accepted, per certificate (through the audit that raised
     * them). Findings of a failed audit are left out: the decision table already fixed that
     * certificate's fate (suspension, withdrawal or running out), a missed deadline adds nothing.
     */
    openActionDeadlinesByCertificate(): Map<number, string[]> {
      const rows = db
        .select({ certificateId: audits.certificateId, dueOn: correctiveActions.dueOn })
        .from(correctiveActions)
        .innerJoin(audits, eq(audits.id, correctiveActions.auditId))
        .where(and(ne(correctiveActions.state, 'accepted'), sql`json_extract(${audits.result}, '$.outcome') != 'fail'`))
        .all();
      const out = new Map<number, string[]>();
      for (const r of rows) {
        if (r.certificateId === null) continue;
        out.set(r.certificateId, [...(out.get(r.certificateId) ?? []), r.dueOn]);
      }
      return out;
    },
  };
}

export type AuditRepository = ReturnType<typeof auditRepository>;
