import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { audits, correctiveActions, users } from './schema.js';

/**
 * Evidence files attached to a checklist answer (`actionId` null) or to a corrective action's
 * evidence. The bytes live in the evidence store under their SHA-256 (one copy however often a
 * file is attached); a row is one attachment with the name it was sent under and the type
 * detected from its content.
 */
export const evidenceFiles = sqliteTable(
  'evidence_files',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    auditId: integer('audit_id')
      .notNull()
      .references(() => audits.id),
    item: text('item').notNull(),
    actionId: integer('action_id').references(() => correctiveActions.id),
    sha256: text('sha256').notNull(),
    name: text('name').notNull(),
    size: integer('size').notNull(),
    type: text('type').notNull(),
    // A small WebP of an image, stored the same way; null for other files (or an undecodable image).
    thumbnailSha256: text('thumbnail_sha256'),
    uploadedBy: integer('uploaded_by')
      .notNull()
      .references(() => users.id),
    uploadedAt: text('uploaded_at').notNull(),
    // When the file became part of a submission (the audit's, or the action's evidence): from
    // then on it is on record and can no longer be removed.
    lockedAt: text('locked_at'),
  },
  (t) => [
    index('evidence_files_audit_idx').on(t.auditId, t.item),
    index('evidence_files_action_idx').on(t.actionId),
    index('evidence_files_sha256_idx').on(t.sha256),
  ],
);
