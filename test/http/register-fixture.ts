import type { Centre } from '../../src/persistence/centre-repository.js';
import type { Certificate } from '../../src/persistence/certificate-repository.js';
import { buildCast, buildCentre, buildCertifiedCentre, runAudit } from '../support/factories.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

export const XSS_NAME = `<script>alert("x")</script> & 'Co'`;
export const FORMULA_NAME = `=cmd|' /C calc'!A0`;

export interface RegisterFixture {
  r: TestRegistry;
  active: { centre: Centre; certificate: Certificate };
  accented: { centre: Centre; certificate: Certificate };
  hostile: { centre: Centre; certificate: Certificate };
  suspended: { centre: Centre; certificate: Certificate };
  withdrawn: { centre: Centre; certificate: Certificate };
  unlisted: Centre;
  failed: Centre;
}

/**
 * A small register built only through the services: certified, suspended (failed surveillance),
 * withdrawn (failed special audit), a hostile name, an accented city, and two centres that must
 * never be public (no audit; failed initial audit).
 */
export async function buildRegisterFixture(): Promise<RegisterFixture> {
  const r = createTestRegistry({ now: '2026-11-23T10:00:00Z' });
  const cast = buildCast(r.services);
  const active = await buildCertifiedCentre(r.services, cast, {
    tradeName: 'Klantlijn Noord',
    legalName: 'Klantlijn Noord B.V.',
    city: 'Groningen',
    channels: ['phone', 'email', 'chat'],
    languages: ['nl', 'en'],
    sectors: ['energy'],
    type: 'outsourced',
  });
  const accented = await buildCertifiedCentre(r.services, cast, {
    tradeName: 'Service Genève',
    legalName: 'Contrôle Qualité B.V.',
    city: 'Genève',
    channels: ['phone'],
    languages: ['fr', 'nl'],
    sectors: ['finance'],
    type: 'inhouse',
  });
  const hostile = await buildCertifiedCentre(r.services, cast, {
    tradeName: XSS_NAME,
    legalName: FORMULA_NAME,
    city: '+31 Zwolle',
    sectors: ['retail'],
  });
  const suspendedCentre = buildCentre(r.services, {
    tradeName: 'Belservice Zuid',
    city: 'Maastricht',
    sectors: ['telecom'],
  });
  await runAudit(r.services, cast, suspendedCentre, 'initial', { R1: 'minor' });
  await runAudit(r.services, cast, suspendedCentre, 'surveillance', { F3: 'major' });
  const withdrawnCentre = buildCentre(r.services, {
    tradeName: 'Contactpunt West',
    city: 'Den Haag',
    sectors: ['government'],
  });
  await runAudit(r.services, cast, withdrawnCentre, 'initial');
  await runAudit(r.services, cast, withdrawnCentre, 'surveillance', { F3: 'major' });
  await runAudit(r.services, cast, withdrawnCentre, 'special', { C3: 'major' });
  const unlisted = buildCentre(r.services, { tradeName: 'Onzichtbaar Centrum', city: 'Utrecht' });
  const failed = buildCentre(r.services, { tradeName: 'Gezakt Centrum', city: 'Utrecht' });
  await runAudit(r.services, cast, failed, 'initial', { F3: 'major' });
  const certOf = (centre: Centre) => r.services.certificates.certificatesForCentre(centre.id)[0]!;
  return {
    r,
    active,
    accented,
    hostile,
    suspended: { centre: suspendedCentre, certificate: certOf(suspendedCentre) },
    withdrawn: { centre: withdrawnCentre, certificate: certOf(withdrawnCentre) },
    unlisted,
    failed,
  };
}

/** A valid number (right check digits) that no certificate has. */
export const UNKNOWN_NUMBER = 'KM-2026-99999-63';
