import type { z } from 'zod';
import type { centreInputSchema } from '../../src/domain/centre.js';
import { schemeItems, type Scheme } from '../../src/domain/scheme.js';
import type { AnswerInput } from '../../src/domain/scoring.js';
import type { AuditState, AuditType, Role } from '../../src/domain/vocabulary.js';
import type { Audit } from '../../src/persistence/audit-repository.js';
import type { Centre } from '../../src/persistence/centre-repository.js';
import type { Certificate } from '../../src/persistence/certificate-repository.js';
import type { Services, User } from '../../src/services/index.js';

let counter = 0;
const next = () => ++counter;

export const TEST_PASSWORD = 'test-password-123';

export type CentreOverrides = Partial<z.input<typeof centreInputSchema>>;
export type ItemResult = 'conform' | 'minor' | 'major' | 'na';
/** Item id → result; every item not named is conform. */
export type ResultOverrides = Record<string, ItemResult>;
export type Decision = Awaited<ReturnType<Services['decisions']['decide']>>;

/** A valid Dutch KvK number that no other factory call uses. */
export function uniqueKvk(): string {
  return String(10000000 + ((next() * 7919 + process.pid) % 89999999)).padStart(8, '0');
}

export function buildCentre(services: Services, overrides: CentreOverrides = {}): Centre {
  const n = next();
  return services.centres.create(
    {
      legalName: `Testcentrum ${n} B.V.`,
      tradeName: `Testcentrum ${n}`,
      registrationNumber: uniqueKvk(),
      country: 'NL',
      city: 'Utrecht',
      type: 'outsourced',
      channels: ['phone', 'email'],
      languages: ['nl', 'en'],
      sectors: ['energy'],
      sites: ['Utrecht'],
      website: 'https://example.org',
      size: 50,
      ...overrides,
    },
    'seed',
  );
}

/** A user with TEST_PASSWORD; a centre user without `centre` gets a new centre of their own. */
export function buildUser(
  services: Services,
  role: Role,
  overrides: { email?: string; centre?: string; name?: string } = {},
): User {
  const n = next();
  const centre = overrides.centre ?? (role === 'centre' ? buildCentre(services).slug : undefined);
  return services.users.add(
    {
      email: overrides.email ?? `${role}${n}@test.example`,
      name: overrides.name ?? `${role} ${n}`,
      role,
      centre,
      password: TEST_PASSWORD,
    },
    'seed',
  );
}

/**
 * A complete answer set: every item conform (measures at their target) unless overridden.
 * `overrides` maps an item id to a result; minor/major get a note automatically.
 */
export function buildAnswers(scheme: Scheme, overrides: ResultOverrides = {}): AnswerInput[] {
  return schemeItems(scheme).map((item) => {
    const wanted = overrides[item.id] ?? 'conform';
    const note = wanted === 'conform' ? undefined : `Finding on ${item.id}`;
    if (item.kind === 'check' || wanted === 'na') return { item: item.id, result: wanted, ...(note ? { note } : {}) };
    const value =
      wanted === 'conform'
        ? item.target
        : wanted === 'minor'
          ? item.tolerance
          : item.direction === '>='
            ? item.tolerance - 1
            : item.tolerance + 1;
    return { item: item.id, value, sample: item.minSample, ...(note ? { note } : {}) };
  });
}

/** The people of an audit: an admin who plans, a second admin who decides (four eyes), an auditor. */
export interface Cast {
  admin: User;
  decider: User;
  auditor: User;
}

export function buildCast(services: Services): Cast {
  return {
    admin: buildUser(services, 'admin'),
    decider: buildUser(services, 'admin'),
    auditor: buildUser(services, 'auditor'),
  };
}

/**
 * Runs a whole audit through the real services: plan → answers → submit → decide.
 * Returns the decision (audit and affected certificate).
 */
export async function runAudit(
  services: Services,
  cast: Cast,
  centre: Centre,
  type: AuditType,
  overrides: ResultOverrides = {},
  plannedFor = '2026-11-01',
): Promise<Decision> {
  const { decision } = await buildAudit(services, {
    state: 'decided',
    cast,
    centre,
    type,
    answers: overrides,
    plannedFor,
  });
  return decision;
}

/** A centre holding an active certificate issued through a passed initial audit. */
export async function buildCertifiedCentre(
  services: Services,
  cast: Cast = buildCast(services),
  overrides: CentreOverrides = {},
): Promise<{ centre: Centre; certificate: Certificate }> {
  const centre = buildCentre(services, overrides);
  const decision = await runAudit(services, cast, centre, 'initial');
  if (!decision.certificate) throw new Error(`The initial audit of ${centre.tradeName} issued no certificate`);
  return { centre, certificate: decision.certificate };
}

type BuiltState = Exclude<AuditState, 'cancelled'>;

export interface AuditOptions<S extends BuiltState> {
  state: S;
  /** Default 'initial'. A centre is built for it: certified first for any other type. */
  type?: AuditType;
  centre?: Centre;
  cast?: Cast;
  /** From 'in_progress' on: the answers saved (default: a complete, all-conform set). */
  answers?: AnswerInput[] | ResultOverrides;
  plannedFor?: string;
  /** Why a special audit is held. */
  reason?: string;
}

export interface BuiltAudit {
  audit: Audit;
  centre: Centre;
  cast: Cast;
}

/**
 * An audit in the wanted state, reached through the real services (plan → answers → submit →
 * decide), building whatever it needs on the way: the cast, the centre and, for audits other
 * than an initial one, the certificate they follow up.
 */
export async function buildAudit(
  services: Services,
  options: AuditOptions<'decided'>,
): Promise<BuiltAudit & { decision: Decision }>;
export async function buildAudit(
  services: Services,
  options: AuditOptions<Exclude<BuiltState, 'decided'>>,
): Promise<BuiltAudit>;
export async function buildAudit(
  services: Services,
  options: AuditOptions<BuiltState>,
): Promise<BuiltAudit & { decision?: Decision }> {
  const { state, type = 'initial', plannedFor = '2026-11-01' } = options;
  const cast = options.cast ?? buildCast(services);
  const centre =
    options.centre ??
    (type === 'initial' ? buildCentre(services) : (await buildCertifiedCentre(services, cast)).centre);
  let audit = services.audits.plan(
    {
      centre: centre.slug,
      type,
      plannedFor,
      auditor: cast.auditor.email,
      ...(options.reason ? { reason: options.reason } : {}),
    },
    cast.admin,
  );
  if (state === 'planned') return { audit, centre, cast };

  const answers = Array.isArray(options.answers)
    ? options.answers
    : buildAnswers(services.schemes.get(audit.schemeCode), options.answers);
  audit = services.audits.saveAnswers(audit.id, { answers }, cast.auditor).audit;
  if (state === 'in_progress') return { audit, centre, cast };

  audit = services.audits.submit(audit.id, cast.auditor).audit;
  if (state === 'submitted') return { audit, centre, cast };

  const decision = await services.decisions.decide(audit.id, cast.decider);
  return { audit: decision.audit, centre, cast, decision };
}
