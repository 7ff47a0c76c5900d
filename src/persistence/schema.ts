import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { ContactDeclarations } from '../domain/centre-contact.js';
import { complaintConsequences } from '../domain/complaint-figures.js';
import type { CertificateLanguages } from '../domain/certificate-languages.js';
import type { Params } from '../domain/reason.js';
import {
  auditStates,
  auditTypes,
  certificateStatuses,
  countries,
  findingSeverities,
  itemResults,
  outcomes,
  roles,
} from '../domain/vocabulary.js';

// Times are ISO-8601 UTC strings, calendar dates 'YYYY-MM-DD': readable in the open data and
// comparable as text. Lists (channels, languages, …) are JSON arrays in text columns.
const createdAt = (name = 'created_at') => text(name).notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`);

export const centres = sqliteTable(
  'centres',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull().unique(),
    legalName: text('legal_name').notNull(),
    tradeName: text('trade_name').notNull(),
    registrationNumber: text('registration_number').notNull(),
    country: text('country', { enum: countries }).notNull(),
    city: text('city').notNull(),
    type: text('type', { enum: ['inhouse', 'outsourced'] }).notNull(),
    channels: text('channels', { mode: 'json' }).$type<string[]>().notNull(),
    languages: text('languages', { mode: 'json' }).$type<string[]>().notNull(),
    sectors: text('sectors', { mode: 'json' }).$type<string[]>().notNull(),
    sites: text('sites', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    website: text('website'),
    size: integer('size'),
    // Where customers reach the centre; kept current by the centre itself (centre-contact.ts).
    customerPhone: text('customer_phone'),
    customerEmail: text('customer_email'),
    // Contact field → when the centre declared it: the profile marks those as the centre's word.
    contactDeclarations: text('contact_declarations', { mode: 'json' })
      .$type<ContactDeclarations>()
      .notNull()
      .default(sql`'{}'`),
    // The two languages of the certificate PDF, primary first; existing rows are backfilled by
    // country in the certificate_languages custom migration (nl+fr for Belgian centres).
    certificateLanguages: text('certificate_languages', { mode: 'json' })
      .$type<CertificateLanguages>()
      .notNull()
      .default(sql`'["nl","en"]'`),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('centres_registration_uq').on(t.country, t.registrationNumber)],
);

export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  role: text('role', { enum: roles }).notNull(),
  centreId: integer('centre_id').references(() => centres.id),
  passwordHash: text('password_hash').notNull(),
  disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
  // Centres this person worked for or is otherwise linked to: they may never audit them.
  conflictCentreIds: text('conflict_centre_ids', { mode: 'json' }).$type<number[]>().notNull().default(sql`'[]'`),
  createdAt: createdAt(),
});

export const apiTokens = sqliteTable('api_tokens', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  userId: integer('user_id')
    .notNull()
    .references(() => users.id),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  lastUsedAt: text('last_used_at'),
  revokedAt: text('revoked_at'),
  createdAt: createdAt(),
});

export const sessions = sqliteTable('sessions', {
  sid: text('sid').primaryKey(),
  data: text('data').notNull(),
  expiresAt: integer('expires_at').notNull(),
});

export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export const schemeVersions = sqliteTable('scheme_versions', {
  code: text('code').primaryKey(),
  // The validated scheme exactly as published; never updated.
  content: text('content').notNull(),
  contentHash: text('content_hash').notNull(),
  publishedAt: createdAt('published_at'),
});

export const certificates = sqliteTable(
  'certificates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    number: text('number').notNull().unique(),
    year: integer('year').notNull(),
    seq: integer('seq').notNull(),
    centreId: integer('centre_id')
      .notNull()
      .references(() => centres.id),
    auditId: integer('audit_id').notNull(),
    schemeCode: text('scheme_code')
      .notNull()
      .references(() => schemeVersions.code),
    status: text('status', {
      enum: certificateStatuses,
    }).notNull(),
    statusReason: text('status_reason').notNull(),
    // The reason as a code with params (rendered per language); statusReason is its English text.
    statusReasonCode: text('status_reason_code'),
    statusReasonParams: text('status_reason_params', { mode: 'json' }).$type<Params>(),
    statusSince: text('status_since').notNull(),
    originalIssueDate: text('original_issue_date').notNull(),
    issuedOn: text('issued_on').notNull(),
    validFrom: text('valid_from').notNull(),
    validUntil: text('valid_until').notNull(),
    nextSurveillanceDue: text('next_surveillance_due'),
    scope: text('scope', { mode: 'json' })
      .$type<{ channels: string[]; languages: string[]; sites: string[] }>()
      .notNull(),
    // The figures of the latest decided audit linked to the certificate (issue, surveillance,
    // special, a failed recertification), kept in the deciding transaction: a failed
    // surveillance replaces the pass it followed. The audit columns label them.
    overall: real('overall').notNull(),
    promiseScores: text('promise_scores', { mode: 'json' }).$type<{ id: string; score: number | null }[]>().notNull(),
    scoresAuditId: integer('scores_audit_id'),
    scoresAuditType: text('scores_audit_type', { enum: auditTypes }),
    scoresDecidedAt: text('scores_decided_at'),
    scoresOutcome: text('scores_outcome', { enum: outcomes }),
    pdfSha256: text('pdf_sha256'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('certificates_year_seq_uq').on(t.year, t.seq),
    index('certificates_centre_idx').on(t.centreId),
    index('certificates_status_idx').on(t.status),
  ],
);

export const certificateStatusHistory = sqliteTable(
  'certificate_status_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    certificateId: integer('certificate_id')
      .notNull()
      .references(() => certificates.id),
    at: text('at').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    reason: text('reason').notNull(),
    reasonCode: text('reason_code'),
    reasonParams: text('reason_params', { mode: 'json' }).$type<Params>(),
    actor: text('actor').notNull(),
  },
  (t) => [index('certificate_history_cert_idx').on(t.certificateId)],
);

// Every PDF ever issued for a certificate, so an older genuine copy is still recognised.
export const certificateDocuments = sqliteTable('certificate_documents', {
  sha256: text('sha256').primaryKey(),
  certificateId: integer('certificate_id')
    .notNull()
    .references(() => certificates.id),
  status: text('status').notNull(),
  // SHA-256 of the data the PDF was drawn from (scores, findings, status…): a PDF whose data
  // changed since is re-issued on download. Null for PDFs issued before it was kept.
  viewSha256: text('view_sha256'),
  createdAt: createdAt(),
});

export const audits = sqliteTable(
  'audits',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    centreId: integer('centre_id')
      .notNull()
      .references(() => centres.id),
    certificateId: integer('certificate_id').references(() => certificates.id),
    schemeCode: text('scheme_code')
      .notNull()
      .references(() => schemeVersions.code),
    type: text('type', {
      enum: auditTypes,
    }).notNull(),
    state: text('state', {
      enum: auditStates,
    }).notNull(),
    plannedFor: text('planned_for').notNull(),
    auditorId: integer('auditor_id')
      .notNull()
      .references(() => users.id),
    plannedBy: integer('planned_by').references(() => users.id),
    reasonForAudit: text('reason_for_audit'),
    submittedAt: text('submitted_at'),
    // Snapshot of the engine's result at submission (the Result exchange shape).
    result: text('result', { mode: 'json' }).$type<unknown>(),
    returnReason: text('return_reason'),
    decidedAt: text('decided_at'),
    decidedBy: integer('decided_by').references(() => users.id),
    decisionNote: text('decision_note'),
    // What the decision did to the certificate, so an upheld appeal can revert exactly that.
    consequence: text('consequence'),
    certificateStatusBefore: text('certificate_status_before'),
    certificateStatusAfter: text('certificate_status_after'),
    createdAt: createdAt(),
  },
  (t) => [
    index('audits_centre_idx').on(t.centreId),
    index('audits_auditor_idx').on(t.auditorId),
    index('audits_state_idx').on(t.state),
  ],
);

export const answers = sqliteTable(
  'answers',
  {
    auditId: integer('audit_id')
      .notNull()
      .references(() => audits.id),
    item: text('item').notNull(),
    result: text('result', { enum: itemResults }),
    value: real('value'),
    sample: integer('sample'),
    note: text('note'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.auditId, t.item] })],
);

export const correctiveActions = sqliteTable(
  'corrective_actions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    auditId: integer('audit_id')
      .notNull()
      .references(() => audits.id),
    centreId: integer('centre_id')
      .notNull()
      .references(() => centres.id),
    item: text('item').notNull(),
    severity: text('severity', { enum: findingSeverities }).notNull(),
    finding: text('finding').notNull(),
    dueOn: text('due_on').notNull(),
    state: text('state', { enum: ['open', 'submitted', 'accepted'] }).notNull(),
    evidence: text('evidence'),
    submittedAt: text('submitted_at'),
    reviewedBy: integer('reviewed_by').references(() => users.id),
    reviewedAt: text('reviewed_at'),
    reviewNote: text('review_note'),
    createdAt: createdAt(),
  },
  (t) => [index('corrective_actions_centre_idx').on(t.centreId, t.state)],
);

export const complaints = sqliteTable(
  'complaints',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    // K-2026-XXXX-XXXX; null only for complaints filed before references existed.
    reference: text('reference').unique(),
    // SHA-256 of the status link's secret: the secret itself is only ever in the complainant's link.
    tokenHash: text('token_hash'),
    centreId: integer('centre_id')
      .notNull()
      .references(() => centres.id),
    // The brand the complainant called, as they named it.
    brand: text('brand'),
    // Optional: required only when the complainant wants answers. Never public.
    reporterName: text('reporter_name'),
    reporterEmail: text('reporter_email'),
    wantsReplies: integer('wants_replies', { mode: 'boolean' }).notNull().default(false),
    // The complainant agreed that the centre may learn who they are.
    shareIdentity: integer('share_identity', { mode: 'boolean' }).notNull().default(false),
    // The language of the form: the one their e-mails are written in.
    locale: text('locale', { enum: ['nl', 'en', 'fr'] })
      .notNull()
      .default('nl'),
    body: text('body').notNull(),
    contactedOn: text('contacted_on'),
    channel: text('channel'),
    state: text('state', {
      enum: ['received', 'under_review', 'upheld', 'dismissed', 'withdrawn'],
    }).notNull(),
    severity: text('severity', { enum: ['minor', 'major', 'critical'] }),
    dismissalReason: text('dismissal_reason'),
    resolution: text('resolution'),
    // The last day of the procedure's response time, fixed when the complaint is received.
    dueOn: text('due_on'),
    reviewStartedAt: text('review_started_at'),
    triagedBy: integer('triaged_by').references(() => users.id),
    triagedAt: text('triaged_at'),
    // What upholding it led to (complaint-figures.ts), recorded in the triage transaction.
    consequence: text('consequence', { enum: complaintConsequences }),
    createdAt: createdAt(),
  },
  (t) => [
    index('complaints_centre_idx').on(t.centreId, t.state),
    // The profile counts a centre's complaints of the last 24 months: one range scan.
    index('complaints_centre_created_idx').on(t.centreId, t.createdAt),
    // The overdue count: open complaints by due day.
    index('complaints_state_due_idx').on(t.state, t.dueOn),
  ],
);

export const appeals = sqliteTable(
  'appeals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    // One appeal per decision.
    auditId: integer('audit_id')
      .notNull()
      .unique()
      .references(() => audits.id),
    centreId: integer('centre_id')
      .notNull()
      .references(() => centres.id),
    filedBy: integer('filed_by')
      .notNull()
      .references(() => users.id),
    grounds: text('grounds').notNull(),
    state: text('state', { enum: ['open', 'upheld', 'rejected'] }).notNull(),
    resolution: text('resolution'),
    resolvedBy: integer('resolved_by').references(() => users.id),
    resolvedAt: text('resolved_at'),
    // When the decision appealed against was taken: the audit row's own date changes when an
    // upheld appeal leads to a new decision.
    decisionAt: text('decision_at'),
    createdAt: createdAt(),
  },
  (t) => [index('appeals_centre_idx').on(t.centreId)],
);

// Append-only: the migration adds triggers that refuse UPDATE and DELETE.
export const events = sqliteTable(
  'events',
  {
    seq: integer('seq').primaryKey(),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    subject: text('subject').notNull(),
    payload: text('payload').notNull(),
    isPublic: integer('is_public', { mode: 'boolean' }).notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('events_public_idx').on(t.isPublic, t.seq)],
);

export * from './search-schema.js';
export * from './evidence-schema.js';
export * from './mail-schema.js';
export * from './watch-schema.js';
export * from './checklist-draft-schema.js';
export * from './webhook-schema.js';
export * from './brand-schema.js';
