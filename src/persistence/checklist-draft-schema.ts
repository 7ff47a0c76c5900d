import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { audits } from './schema.js';

/**
 * What the auditor typed into a measurement that could not be stored as a number ("tachtig",
 * "8O,5"): the answers table holds numbers only, so the raw text waits here, per item, and the
 * checklist shows it with its message until it is corrected or emptied. Without this the typed
 * value was gone the next time the page was opened. Rows are scratch space of an open checklist:
 * triggers of the checklist_drafts_triggers migration remove them when the audit is submitted or
 * cancelled, and an item's row when its answer is written another way (the staff API).
 */
export const checklistDrafts = sqliteTable(
  'checklist_drafts',
  {
    auditId: integer('audit_id')
      .notNull()
      .references(() => audits.id),
    item: text('item').notNull(),
    value: text('value'),
    sample: text('sample'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.auditId, t.item] })],
);
