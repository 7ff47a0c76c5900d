import { schemeItems, type Scheme } from '../../src/domain/scheme.js';
import type { AnswerInput } from '../../src/domain/scoring.js';
import type { Centre } from '../../src/persistence/centre-repository.js';
import type { Role, User } from '../../src/persistence/user-repository.js';
import type { Services } from '../../src/services/index.js';

let counter = 0;
const next = () => ++counter;

export const TEST_PASSWORD = 'test-password-123';

/** A valid Dutch KvK number that no other factory call uses. */
export function uniqueKvk(): string {
  return String(10000000 + ((next() * 7919 + process.pid) % 89999999)).padStart(8, '0');
}

export function buildCentre(services: Services, overrides: Record<string, unknown> = {}): Centre {
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

export function buildUser(
  services: Services,
  role: Role,
  overrides: { email?: string; centre?: string; name?: string } = {},
): User {
  const n = next();
  return services.users.add(
    {
      email: overrides.email ?? `${role}${n}@test.example`,
      name: overrides.name ?? `${role} ${n}`,
      role,
      centre: overrides.centre,
      password: TEST_PASSWORD,
    },
    'seed',
  );
}

/**
 * A complete answer set: every item conform (measures at their target) unless overridden.
 * `overrides` maps an item id to a result; minor/major get a note automatically.
 */
export function buildAnswers(
  scheme: Scheme,
  overrides: Record<string, 'conform' | 'minor' | 'major' | 'na'> = {},
): AnswerInput[] {
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
  type: 'initial' | 'surveillance' | 'recertification' | 'special',
  overrides: Record<string, 'conform' | 'minor' | 'major' | 'na'> = {},
  plannedFor = '2026-11-01',
) {
  const scheme = services.schemes.current();
  const audit = services.certification.plan(
    { centre: centre.slug, type, plannedFor, auditor: cast.auditor.email },
    cast.admin,
  );
  services.certification.saveAnswers(audit.id, { answers: buildAnswers(scheme, overrides) }, cast.auditor);
  services.certification.submit(audit.id, cast.auditor);
  return services.certification.decide(audit.id, cast.decider);
}

/** A centre holding an active certificate issued through a passed initial audit. */
export async function buildCertifiedCentre(services: Services, cast: Cast, overrides: Record<string, unknown> = {}) {
  const centre = buildCentre(services, overrides);
  const decision = await runAudit(services, cast, centre, 'initial');
  return { centre, certificate: decision.certificate! };
}
