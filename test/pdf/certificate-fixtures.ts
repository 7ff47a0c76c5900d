import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CertificateView } from '../../src/pdf/index.js';

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `keurmerk-${prefix}-`));
}

export function buildCertificateView(overrides: Partial<CertificateView> = {}): CertificateView {
  return {
    number: 'KM-2026-00042-17',
    languages: ['nl', 'en'],
    status: 'active',
    centre: {
      legalName: 'Klantenservice Noord B.V.',
      tradeName: 'KSN Contact',
      registrationNumber: '12345678',
      country: 'NL',
      city: 'Groningen',
    },
    scope: {
      channels: ['phone', 'email', 'chat', 'messaging'],
      languages: ['nl', 'en', 'de'],
      sites: ['Groningen (Paterswoldseweg 12)', 'Leeuwarden', 'thuiswerkers'],
    },
    schemeCode: 'KM-2026.1',
    originalIssueDate: '2026-03-12',
    issuedOn: '2026-03-12',
    validFrom: '2026-03-12',
    validUntil: '2029-03-11',
    scores: {
      overall: 87.4,
      promises: [
        { id: 'R', title: { nl: 'Bereikbaar', en: 'Reachable', fr: 'Joignable' }, score: 92.5 },
        {
          id: 'F',
          title: { nl: 'In één keer opgelost', en: 'Resolved first time', fr: 'Résolu du premier coup' },
          score: 81,
        },
        { id: 'T', title: { nl: 'Transparant', en: 'Transparent', fr: 'Transparent' }, score: 88.3 },
        { id: 'P', title: { nl: 'Mensen', en: 'People', fr: 'Collaborateurs' }, score: 90 },
        {
          id: 'C',
          title: { nl: 'Klachten en privacy', en: 'Complaints and privacy', fr: 'Plaintes et vie privée' },
          score: 100,
        },
        {
          id: 'O',
          title: { nl: 'Omnichannel en talen', en: 'Omnichannel and languages', fr: 'Omnicanal et langues' },
          score: null,
        },
        {
          id: 'I',
          title: { nl: 'Continu verbeteren', en: 'Continuous improvement', fr: 'Amélioration continue' },
          score: 75,
        },
      ],
      audit: { type: 'initial', decidedOn: '2026-03-10', outcome: 'pass' },
    },
    openFindings: [],
    verifyUrl: 'https://keurmerk.example.nl/verify/KM-2026-00042-17',
    issuer: { name: 'Stichting Keurmerk Klantcontact', address: 'Herengracht 100, 1015 BS Amsterdam' },
    ...overrides,
  };
}
