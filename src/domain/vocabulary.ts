/**
 * The registry's closed vocabularies, defined once: the database schema, the exchange
 * contracts, the routes and the views all take their enums from here.
 */

export const roles = ['admin', 'auditor', 'centre'] as const;
export type Role = (typeof roles)[number];

export const auditTypes = ['initial', 'surveillance', 'recertification', 'special'] as const;
export type AuditType = (typeof auditTypes)[number];

export const auditStates = ['planned', 'in_progress', 'submitted', 'decided', 'cancelled'] as const;
export type AuditState = (typeof auditStates)[number];
/** An audit still on its way to a decision: a centre has at most one of these. */
export const openAuditStates = ['planned', 'in_progress', 'submitted'] as const satisfies readonly AuditState[];
/** The states in which the auditor may still change the checklist. */
export const editableAuditStates = ['planned', 'in_progress'] as const satisfies readonly AuditState[];

export const certificateStatuses = ['active', 'suspended', 'withdrawn', 'expired', 'superseded'] as const;
export type CertificateStatus = (typeof certificateStatuses)[number];
/** A live certificate still carries the mark (possibly suspended); the others are history. */
export const liveStatuses = ['active', 'suspended'] as const satisfies readonly CertificateStatus[];
export const isLive = (status: CertificateStatus): boolean => (liveStatuses as readonly string[]).includes(status);

export const itemResults = ['conform', 'minor', 'major', 'na'] as const;
export type ItemResult = (typeof itemResults)[number];
/** The results that make a finding (a non-conformity with a corrective action). */
export const findingSeverities = ['minor', 'major'] as const satisfies readonly ItemResult[];
export type FindingSeverity = (typeof findingSeverities)[number];

export const outcomes = ['pass', 'conditional', 'fail'] as const;
export type Outcome = (typeof outcomes)[number];

/** The registry's own languages: every page, e-mail and certificate text exists in each. */
export const registryLanguages = ['nl', 'en', 'fr'] as const;
export type RegistryLanguage = (typeof registryLanguages)[number];

export const countries = ['NL', 'BE'] as const;
export type Country = (typeof countries)[number];

export const isOneOf = <T extends string>(values: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (values as readonly string[]).includes(value);
