import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LABELS, type LanguagePair } from '../../src/pdf/certificate-texts.js';
import type { CertificateView } from '../../src/pdf/certificate-view.js';
import { renderCertificatePdf, type CertificateStatus } from '../../src/pdf/index.js';
import { COLUMN_GAP, COLUMN_WIDTH, LEFT, PAGE_HEIGHT, RIGHT } from '../../src/pdf/layout-kit.js';
import { buildCertificateView, tempDir } from './certificate-fixtures.js';
import { createTestSigner, pageCount, pdftotext, requireTools, writeTemp, type TestSigner } from './pdf-tools.js';

let registry: TestSigner;
let workDir: string;

beforeAll(() => {
  requireTools('pdftoppm', 'pdftotext', 'pdfinfo', 'zbarimg');
  registry = createTestSigner();
  workDir = tempDir('layout');
});

async function renderToFile(name: string, overrides: Parameters<typeof buildCertificateView>[0] = {}): Promise<string> {
  const pdf = await renderCertificatePdf(buildCertificateView(overrides), registry.signer);
  return writeTemp(workDir, name, pdf);
}

/** Collapses whitespace: pdftotext breaks lines where the layout does. */
function textOf(path: string): string {
  return pdftotext(path).replace(/\s+/g, ' ');
}

describe('the certificate layout', () => {
  it('when rendered, then it is exactly one A4 page with the certificate metadata', async () => {
    const path = await renderToFile('one-page.pdf');
    expect(pageCount(path)).toBe(1);
    const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
    expect(info).toMatch(/Title:\s+Keurmerk-certificaat KM-2026-00042-17/);
    expect(info).toMatch(/Author:\s+Stichting Keurmerk Klantcontact/);
    expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
  });

  it('when the scope is printed, then channels and languages are named in both languages, never as codes', async () => {
    const text = textOf(
      await renderToFile('scope-names.pdf', {
        scope: { channels: ['phone', 'sms'], languages: ['nl', 'fr'], sites: ['Gent'] },
      }),
    );
    expect(text).toContain('Telefoon, Sms / Phone, SMS');
    expect(text).toContain('Nederlands, Frans / Dutch, French');
    expect(text).not.toMatch(/\bphone, sms\b|\bnl, fr\b/);
  });

  it('when a centre is certified for all seven channels, then the certificate names every one of them', async () => {
    for (const languages of [
      ['nl', 'fr'],
      ['fr', 'en'],
    ] as const) {
      const text = textOf(
        await renderToFile(`all-channels-${languages.join('')}.pdf`, {
          languages: [...languages],
          scope: {
            channels: ['phone', 'email', 'chat', 'sms', 'video', 'social', 'messaging'],
            languages: ['nl', 'fr', 'en', 'de'],
            sites: ['Gent'],
          },
        }),
      ).replace(/\s+/g, ' ');
      const primary =
        languages[0] === 'nl'
          ? ['Telefoon', 'Sociale media', 'Berichtenapps']
          : ['Téléphone', 'Réseaux sociaux', 'Messagerie'];
      for (const name of primary) expect(text, `${languages.join('+')}: ${name}`).toContain(name);
      const scope = text.slice(
        text.indexOf(languages[0] === 'nl' ? 'Kanalen' : 'Canaux'),
        text.indexOf(languages[0] === 'nl' ? 'Locaties' : 'Sites'),
      );
      expect(scope, languages.join('+')).not.toContain('…');
    }
  });

  it('when every text is long, then it still fits on one page', async () => {
    const long = 'Zeer Lange Naam van een Klantcontactcentrum '.repeat(4);
    const path = await renderToFile('long.pdf', {
      centre: {
        legalName: long,
        tradeName: `Handelsnaam ${long}`,
        registrationNumber: '12345678',
        country: 'NL',
        city: long,
      },
      scope: {
        channels: Array(30).fill('telefoon'),
        languages: Array(30).fill('Nederlands'),
        sites: Array(40).fill('Groningen'),
      },
      issuer: { name: long, address: long },
    });
    expect(pageCount(path)).toBe(1);
  });

  it('when the QR code is scanned, then it gives the verification URL', async () => {
    const path = await renderToFile('qr.pdf');
    const prefix = join(workDir, 'qr-page');
    execFileSync('pdftoppm', ['-png', '-r', '150', '-f', '1', '-l', '1', path, prefix]);
    const decoded = execFileSync('zbarimg', ['--nodbus', '--raw', '-q', `${prefix}-1.png`], {
      encoding: 'utf8',
    }).trim();
    expect(decoded).toBe('https://keurmerk.example.nl/verify/KM-2026-00042-17');
  });

  it('when the centre name has French and Polish letters, then they are extractable text', async () => {
    const path = await renderToFile('accents.pdf', {
      centre: {
        legalName: 'Société Générale Łódź Çà',
        tradeName: 'Ŕéçü Contact',
        registrationNumber: '0123.456.789',
        country: 'BE',
        city: 'Liège',
      },
    });
    const text = textOf(path);
    expect(text).toContain('Société Générale Łódź Çà');
    expect(text).toContain('Ŕéçü Contact');
    expect(text).toContain('KBO 0123.456.789');
    expect(text).toContain('Liège, België');
  });

  it('when active, then it shows the certificate data and no status stamp', async () => {
    const text = textOf(await renderToFile('active.pdf'));
    for (const expected of [
      'Klantenservice Noord B.V.',
      'KM-2026-00042-17',
      'KM-2026.1',
      '12 maart 2026',
      '11 maart 2029',
      '87,4',
      'Bereikbaar',
      'n.v.t.',
      'Telefoon, E-mail, Chat, Berichtenapps',
      'Nederlands, Engels, Duits',
      'Stichting Keurmerk Klantcontact',
      'Verify this certificate',
    ]) {
      expect(text).toContain(expected);
    }
    for (const stamp of ['GESCHORST', 'INGETROKKEN', 'VERLOPEN', 'VERVANGEN']) expect(text).not.toContain(stamp);
  });

  const stamps: [CertificateStatus, string, string][] = [
    ['suspended', 'GESCHORST', 'SUSPENDED'],
    ['withdrawn', 'INGETROKKEN', 'WITHDRAWN'],
    ['expired', 'VERLOPEN', 'EXPIRED'],
    ['superseded', 'VERVANGEN', 'SUPERSEDED'],
  ];

  it.each(stamps)('when %s, then the page is stamped %s / %s', async (status, nl, en) => {
    const path = await renderToFile(`${status}.pdf`, { status });
    const text = textOf(path);
    expect(text).toContain(nl);
    expect(text).toContain(en);
    expect(pageCount(path)).toBe(1);
  });

  it('when the scores are those of a failed surveillance, then they are labelled with that audit and its date', async () => {
    const text = textOf(
      await renderToFile('failed-surveillance.pdf', {
        status: 'suspended',
        scores: {
          ...buildCertificateView().scores,
          overall: 94.8,
          audit: { type: 'surveillance', decidedOn: '2026-10-01', outcome: 'fail' },
        },
      }),
    );
    expect(text).toContain('94,8');
    expect(text).toContain('Controle-audit van 1 oktober 2026: niet geslaagd');
    expect(text).toContain('Surveillance audit of 1 October 2026: failed');
    expect(text).not.toContain('87,4');
  });

  it('when findings are open, then their count, items and deadlines are on the page, which stays one page', async () => {
    const finding = (item: string, dueOn: string) => ({
      item,
      promise: { nl: 'Bereikbaar', en: 'Reachable', fr: 'Joignable' },
      severity: 'major' as const,
      dueOn,
    });
    const path = await renderToFile('open-findings.pdf', {
      scores: {
        ...buildCertificateView().scores,
        audit: { type: 'initial', decidedOn: '2026-03-10', outcome: 'conditional' },
      },
      openFindings: [finding('R6', '2026-04-09'), finding('R2', '2026-06-08')],
    });
    const text = textOf(path);
    expect(text).toContain('Geldig — 2 open verbeterpunten');
    expect(text).toContain('Valid — 2 open findings');
    expect(text).toContain('R6 Bereikbaar');
    expect(text).toContain('9 april 2026');
    expect(text).toContain('8 juni 2026');
    expect(text).toContain('voorwaardelijk geslaagd');
    expect(pageCount(path)).toBe(1);
  });

  it('when more findings are open than fit, then the page says how many more and stays one page', async () => {
    const openFindings = Array.from({ length: 9 }, (_, i) => ({
      item: `T${i + 1}`,
      promise: { nl: 'Transparant', en: 'Transparent', fr: 'Transparent' },
      severity: 'minor' as const,
      dueOn: '2026-05-01',
    }));
    const path = await renderToFile('many-findings.pdf', { openFindings });
    const text = textOf(path);
    expect(text).toContain('Geldig — 9 open verbeterpunten');
    expect(text).toMatch(/en nog \d+: zie het register \/ and \d+ more: see the register/);
    expect(pageCount(path)).toBe(1);
  });
});

interface WordBox {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Every word on the page with its box, as poppler extracts it. */
function wordBoxes(path: string): WordBox[] {
  const xhtml = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
  const pattern = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g;
  return [...xhtml.matchAll(pattern)].map((m) => ({
    xMin: Number(m[1]),
    yMin: Number(m[2]),
    xMax: Number(m[3]),
    yMax: Number(m[4]),
    text: m[5]!,
  }));
}

/** Where the layout draws: the two columns of the body end above the verification block's rule. */
const BODY_TOP = 392;
const BODY_BOTTOM = 654;
const LEFT_COLUMN_END = LEFT + COLUMN_WIDTH;
const RIGHT_COLUMN_START = LEFT + COLUMN_WIDTH + COLUMN_GAP;
/** Poppler's boxes are font boxes: touching lines may share a fraction of a point. */
const SLACK = 0.6;

/** What is wrong with the page's words: outside the content area, across a column, on top of each other. */
function layoutProblems(words: WordBox[]): string[] {
  const problems: string[] = [];
  const describe = (w: WordBox) => `"${w.text}" (${w.xMin.toFixed(1)},${w.yMin.toFixed(1)})`;
  for (const w of words) {
    if (w.xMin < LEFT - SLACK || w.xMax > RIGHT + SLACK || w.yMin < 40 || w.yMax > PAGE_HEIGHT - 40) {
      problems.push(`${describe(w)} is outside the content area`);
    }
    const inBody = w.yMin >= BODY_TOP && w.yMin < BODY_BOTTOM;
    if (inBody && w.yMax > BODY_BOTTOM + SLACK) problems.push(`${describe(w)} runs into the verification block`);
    if (inBody && w.xMin < LEFT_COLUMN_END && w.xMax > LEFT_COLUMN_END + SLACK) {
      problems.push(`${describe(w)} runs out of the left column`);
    }
    if (inBody && w.xMin >= LEFT_COLUMN_END && w.xMin < RIGHT_COLUMN_START - SLACK) {
      problems.push(`${describe(w)} starts between the columns`);
    }
  }
  for (let i = 0; i < words.length; i++) {
    for (let j = i + 1; j < words.length; j++) {
      const a = words[i]!;
      const b = words[j]!;
      const across = Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin);
      const down = Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin);
      if (across > SLACK && down > SLACK) problems.push(`${describe(a)} overlaps ${describe(b)}`);
    }
  }
  return problems;
}

const languages = ['nl', 'en', 'fr'] as const;
const pairs: LanguagePair[] = languages.flatMap((first) =>
  languages.filter((second) => second !== first).map((second) => [first, second] as const),
);

/** The longest texts a real certificate can carry: a Belgian centre, every channel, a conditional recertification, open findings. */
function longestView(pair: LanguagePair): CertificateView {
  const base = buildCertificateView();
  const promise = base.scores.promises.find((p) => p.id === 'O')!.title;
  return buildCertificateView({
    languages: pair,
    centre: {
      legalName: 'Centre de Contact Wallonie-Bruxelles Société Anonyme',
      tradeName: 'Contact Wallonie-Bruxelles',
      registrationNumber: '0403.170.701',
      country: 'BE',
      city: 'Ottignies-Louvain-la-Neuve',
    },
    scope: {
      channels: ['phone', 'email', 'chat', 'sms', 'video', 'social', 'messaging'],
      languages: ['fr', 'nl', 'en', 'de'],
      sites: ['Ottignies-Louvain-la-Neuve (Rue de la Station 12)', 'Bruxelles', 'Liège', 'télétravailleurs'],
    },
    scores: { ...base.scores, audit: { type: 'recertification', decidedOn: '2026-12-31', outcome: 'conditional' } },
    openFindings: ['O3', 'R2', 'C4', 'P1', 'T2'].map((item) => ({
      item,
      promise,
      severity: 'major' as const,
      dueOn: '2026-12-31',
    })),
  });
}

describe.each(pairs)('the certificate in %s and %s', (first, second) => {
  const pair = [first, second] as const;
  const third = languages.find((lang) => !pair.includes(lang))!;

  it('when its texts are the longest, then nothing leaves its place or overlaps, and it stays one page', async () => {
    const path = await renderToFile(`longest-${first}-${second}.pdf`, longestView(pair));
    expect(pageCount(path)).toBe(1);
    expect(layoutProblems(wordBoxes(path))).toEqual([]);
  });

  it('when every text is too long, then the cut texts still stay in their place', async () => {
    const long = 'Très Longue Dénomination d’un Centre de Contact '.repeat(4);
    const path = await renderToFile(`too-long-${first}-${second}.pdf`, {
      languages: pair,
      centre: { legalName: long, tradeName: long, registrationNumber: '12345678', country: 'NL', city: long },
      scope: { channels: Array(30).fill('messaging'), languages: Array(30).fill('fr'), sites: Array(40).fill(long) },
      issuer: { name: long, address: long },
    });
    expect(pageCount(path)).toBe(1);
    expect(layoutProblems(wordBoxes(path))).toEqual([]);
  });

  it('when rendered, then its labels are in both languages, primary first, and none in the third', async () => {
    const path = await renderToFile(`labels-${first}-${second}.pdf`, { languages: pair });
    const text = textOf(path);
    for (const label of ['certificateNumber', 'currentStatus', 'issuedBy', 'overall'] as const) {
      expect(text).toContain(LABELS[label][first]);
      expect(text).toContain(LABELS[label][second]);
      expect(text).not.toContain(LABELS[label][third]);
    }
    expect(text.indexOf(LABELS.certifies[first])).toBeLessThan(text.indexOf(LABELS.certifies[second]));
  });
});

describe('the certificate in French', () => {
  it('when printed nl+fr, then French texts use French words, dates and typography', async () => {
    const path = await renderToFile('french.pdf', {
      languages: ['nl', 'fr'],
      status: 'suspended',
      scope: { channels: ['phone', 'sms'], languages: ['nl', 'fr'], sites: ['Gent'] },
      scores: {
        ...buildCertificateView().scores,
        audit: { type: 'surveillance', decidedOn: '2026-10-01', outcome: 'fail' },
      },
    });
    const text = textOf(path);
    // (poppler extracts the narrow no-break space before the colon as a space)
    expect(text).toContain('Audit de surveillance du 1 octobre 2026 : échoué');
    expect(text).toContain('Controle-audit van 1 oktober 2026: niet geslaagd');
    expect(text).toContain('Certificat');
    expect(text).toContain('GESCHORST');
    expect(text).toContain('SUSPENDU');
    expect(text).toContain('Telefoon, Sms / Téléphone, SMS');
    expect(text).toContain('Nederlands, Frans / Néerlandais, Français');
    expect(text).toContain('Première délivrance');
    expect(text).not.toMatch(/Surveillance audit|Current status|SUSPENDED/);
  });

  it('when French is the primary language, then dates, scores and the registration line are French', async () => {
    const path = await renderToFile('french-primary.pdf', {
      languages: ['fr', 'en'],
      centre: {
        legalName: 'Centre Liégeois SA',
        tradeName: 'CLSA',
        registrationNumber: '0403.170.701',
        country: 'BE',
        city: 'Liège',
      },
    });
    const text = textOf(path);
    expect(text).toContain('BCE 0403.170.701');
    expect(text).toContain('Liège, Belgique');
    expect(text).toContain('12 mars 2026 – 11 mars 2029');
    expect(text).toContain('87,4');
    expect(execFileSync('pdfinfo', [path], { encoding: 'utf8' })).toMatch(
      /Title:\s+Certificat Keurmerk KM-2026-00042-17/,
    );
  });
});
