import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderCertificatePdf, type CertificateStatus } from '../../src/pdf/index.js';
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
      promise: { nl: 'Bereikbaar', en: 'Reachable' },
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
      promise: { nl: 'Transparant', en: 'Transparent' },
      severity: 'minor' as const,
      dueOn: '2026-05-01',
    }));
    const path = await renderToFile('many-findings.pdf', { openFindings });
    const text = textOf(path);
    expect(text).toContain('Geldig — 9 open verbeterpunten');
    expect(text).toMatch(/en nog \d+ \/ and \d+ more/);
    expect(pageCount(path)).toBe(1);
  });
});
