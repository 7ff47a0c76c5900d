import { channelCodes, centreInputSchema, sectorCodes } from '../domain/centre.js';
import { formatCertificateNumber } from '../domain/certificate-number.js';
import { addMonths, type CertificateStatus } from '../domain/lifecycle.js';
import { explained } from '../domain/reason.js';
import { kboCheckDigits } from '../domain/registration-number.js';
import { centreRepository } from '../persistence/centre-repository.js';
import { certificateRepository } from '../persistence/certificate-repository.js';
import { inTransaction, type Db } from '../persistence/database.js';
import { dayOf } from './actor.js';
import { appendEvent } from './event-log.js';
import type { Services } from './index.js';

const cities = [
  'Amsterdam',
  'Rotterdam',
  'Utrecht',
  'Den Haag',
  'Eindhoven',
  'Groningen',
  'Zwolle',
  'Breda',
  'Antwerpen',
  'Gent',
  'Brussel',
  'Liège',
  'Namur',
  'Leuven',
  'Brugge',
  'Genève-lez-Mons',
];
const words = [
  'Klant',
  'Service',
  'Contact',
  'Dialoog',
  'Lijn',
  'Connect',
  'Direct',
  'Hulp',
  'Zorg',
  'Stem',
  'Bel',
  'Chat',
  'Noord',
  'Zuid',
  'Oost',
  'West',
  'Centrum',
  'Punt',
];

/** Deterministic pseudo-random numbers so two benchmark runs see the same register. */
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Adds `count` synthetic centres, each with a certificate, for load tests: validated like real
 * input and logged like real issues, but without running a full audit per centre (that would
 * make a 10 000-centre register take minutes).
 */
export function seedLarge(db: Db, services: Services, count: number, now: Date): number {
  const random = mulberry32(count);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const centres = centreRepository(db);
  const certificates = certificateRepository(db);
  const scheme = services.schemes.current();
  const offset = centres.count();
  const today = dayOf(now);
  return inTransaction(db, () => {
    for (let i = 0; i < count; i++) {
      const n = offset + i + 1;
      const country = random() < 0.6 ? 'NL' : 'BE';
      const base = String(20000000 + n).slice(-8);
      const trade = `${pick(words)}${pick(words).toLowerCase()} ${n}`;
      const input = centreInputSchema.parse({
        legalName: `${trade} ${country === 'NL' ? 'B.V.' : 'BV'}`,
        tradeName: trade,
        registrationNumber: country === 'NL' ? base : `0${base.slice(1)}${kboCheckDigits(`0${base.slice(1)}`)}`,
        country,
        city: pick(cities),
        type: random() < 0.5 ? 'inhouse' : 'outsourced',
        channels: [...new Set([pick(channelCodes), pick(channelCodes), 'phone'])],
        languages: country === 'NL' ? ['nl', 'en'] : ['nl', 'fr'],
        sectors: [pick(sectorCodes)],
        sites: [],
        size: 20 + Math.floor(random() * 500),
      });
      const centre = centres.insert(`synthetic-${n}`, input);
      const roll = random();
      const status: CertificateStatus =
        roll < 0.8 ? 'active' : roll < 0.9 ? 'suspended' : roll < 0.95 ? 'withdrawn' : 'expired';
      const synthetic = explained('synthetic_certificate', { status }, `Synthetic certificate (${status})`);
      const promiseScores = scheme.promises.map((p) => ({ id: p.id, score: Math.round(600 + random() * 400) / 10 }));
      const overall = Math.round((promiseScores.reduce((sum, p) => sum + p.score, 0) / promiseScores.length) * 10) / 10;
      // Issues spread over the last three years, as in a real register (and each year's
      // five-digit sequence stays far below its limit of 99 999).
      const issued = addMonths(today, -(i % 36));
      const year = Number(issued.slice(0, 4));
      const seq = certificates.nextSeq(year);
      const number = formatCertificateNumber(year, seq);
      const cert = certificates.insert({
        number,
        year,
        seq,
        centreId: centre.id,
        auditId: 0,
        schemeCode: scheme.code,
        status,
        statusReason: synthetic.message,
        statusReasonCode: synthetic.code,
        statusReasonParams: synthetic.params,
        statusSince: now.toISOString(),
        originalIssueDate: issued,
        issuedOn: issued,
        validFrom: issued,
        validUntil: addMonths(issued, scheme.validityMonths),
        nextSurveillanceDue: addMonths(issued, scheme.surveillanceIntervalMonths * (1 + Math.floor((i % 36) / 12))),
        scope: { channels: input.channels, languages: input.languages, sites: [input.city] },
        overall,
        promiseScores,
        createdAt: now.toISOString(),
      });
      certificates.addHistory(
        { certificateId: cert.id, at: now.toISOString(), fromStatus: null, toStatus: status, actor: 'seed' },
        synthetic,
      );
      appendEvent(db, {
        at: now,
        actor: 'seed',
        action: `certificate.${status === 'active' ? 'issued' : status}`,
        subject: `certificate:${number}`,
        payload: { number, synthetic: true },
        isPublic: true,
      });
    }
    return count;
  });
}
