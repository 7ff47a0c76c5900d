import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderCertificatePdf, verifySignedPdf } from '../../src/pdf/index.js';
import { buildCertificateView, tempDir } from './certificate-fixtures.js';
import { createTestSigner, pdfsig, pdfsigSaysValid, requireTools, writeTemp, type TestSigner } from './pdf-tools.js';

const SIGNING_TIME = new Date('2026-03-12T09:30:00Z');

let registry: TestSigner;
let signed: Buffer;
let workDir: string;

beforeAll(async () => {
  requireTools('pdfsig', 'pdftocairo');
  registry = createTestSigner(new Date('2026-01-01T00:00:00Z'));
  signed = await renderCertificatePdf(buildCertificateView(), registry.signer, { signingTime: SIGNING_TIME });
  workDir = tempDir('signature');
});

function flipByte(bytes: Buffer, position: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[position] = (copy[position] ?? 0) ^ 0x01;
  return copy;
}

/** Offset of a byte inside the page's content stream, where the centre's name is drawn. */
function pageContentOffset(pdf: Buffer): number {
  const text = pdf.toString('latin1');
  const contentsRef = /\/Type \/Page\b[\s\S]*?\/Contents (\d+) 0 R/.exec(text)?.[1];
  const objectStart = text.indexOf(`\n${contentsRef} 0 obj`);
  const streamStart = text.indexOf('stream\n', objectStart) + 'stream\n'.length;
  expect(objectStart).toBeGreaterThan(0);
  return streamStart + 40;
}

function byteRangeOf(pdf: Buffer): number[] {
  const match = /\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\]/.exec(pdf.toString('latin1'));
  return match ? match.slice(1).map(Number) : [];
}

describe('a generated certificate', () => {
  it('when checked with pdfsig, then its signature is valid over the whole document', () => {
    const report = pdfsig(writeTemp(workDir, 'valid.pdf', signed));
    expect(report).toContain('Signature Validation: Signature is Valid.');
    expect(report).toContain('Total document signed');
    expect(report).toContain('Signer Certificate Common Name: Keurmerk Certificate Signing');
    expect(report).toContain('SHA-256');
  });

  it('when verified by the registry, then it is valid, trusted and names its signer and signing time', () => {
    const outcome = verifySignedPdf(signed, registry.keys.trusted);
    expect(outcome).toEqual({
      ok: true,
      sha256: createHash('sha256').update(signed).digest('hex'),
      signedAt: SIGNING_TIME.toISOString(),
      signer: {
        subject: 'CN=Keurmerk Certificate Signing, O=Keurmerk, C=NL',
        fingerprint256: registry.keys.certificate.fingerprint256,
      },
    });
  });

  it('when rendered twice from the same view and signing time, then the bytes are identical', async () => {
    const again = await renderCertificatePdf(buildCertificateView(), registry.signer, { signingTime: SIGNING_TIME });
    expect(again.equals(signed)).toBe(true);
  });
});

describe('a changed certificate', () => {
  const positions: [string, (pdf: Buffer) => number][] = [
    ['the header', () => 10],
    ['the middle of the first signed range', (pdf) => Math.floor((byteRangeOf(pdf)[1] ?? 0) / 2)],
    [
      'the middle of the second signed range',
      (pdf) => (byteRangeOf(pdf)[2] ?? 0) + Math.floor((byteRangeOf(pdf)[3] ?? 0) / 2),
    ],
    ['near the end', (pdf) => pdf.length - 12],
    ['the page content stream with the centre name', pageContentOffset],
  ];

  it.each(positions)('when one byte in %s is flipped, then pdfsig and the verifier both reject it', (_name, at) => {
    const position = at(signed);
    const range = byteRangeOf(signed);
    expect(position < (range[1] ?? 0) || position >= (range[2] ?? 0)).toBe(true);
    const tampered = flipByte(signed, position);

    const report = pdfsig(writeTemp(workDir, `flipped-${position}.pdf`, tampered));
    expect(report).not.toContain('Signature is Valid');
    expect(verifySignedPdf(tampered, registry.keys.trusted)).toMatchObject({ ok: false, code: 'digest-mismatch' });
  });

  it('when bytes are appended after signing, then the verifier rejects the byte range although pdfsig still calls it valid', () => {
    const appended = Buffer.concat([signed, Buffer.from('\n% appended after signing\n')]);
    const report = pdfsig(writeTemp(workDir, 'appended.pdf', appended));
    // The reason for the verifier's own check: pdfsig only notes that not all of it is signed.
    expect(report).toContain('Not total document signed');
    expect(verifySignedPdf(appended, registry.keys.trusted)).toMatchObject({ ok: false, code: 'byte-range' });
  });

  it('when an incremental update is appended, then the verifier rejects it', () => {
    const text = signed.toString('latin1');
    const startxref = /startxref\s+(\d+)/.exec(text.slice(text.lastIndexOf('startxref')))?.[1];
    const update = `\n5000 0 obj\n(changed)\nendobj\nxref\n5000 1\n${String(signed.length + 1).padStart(10, '0')} 00000 n \ntrailer\n<< /Prev ${startxref} >>\nstartxref\n${signed.length + 30}\n%%EOF\n`;
    const updated = Buffer.concat([signed, Buffer.from(update, 'latin1')]);
    expect(verifySignedPdf(updated, registry.keys.trusted)).toMatchObject({ ok: false, code: 'byte-range' });
  });

  it('when the signature value itself is altered, then the verifier rejects it', () => {
    const [, contentsStart] = byteRangeOf(signed);
    // Deep inside the CMS: the RSA signature sits just before the zero padding.
    const hex = signed.toString('latin1', (contentsStart ?? 0) + 1, (byteRangeOf(signed)[2] ?? 0) - 1);
    const lastSignatureHex = hex.replace(/(00)+$/, '').length - 4;
    const tampered = Buffer.from(signed);
    const at = (contentsStart ?? 0) + 1 + lastSignatureHex;
    tampered[at] = tampered[at] === 0x30 ? 0x31 : 0x30;
    expect(verifySignedPdf(tampered, registry.keys.trusted)).toMatchObject({ ok: false, code: 'bad-signature' });
  });

  it('when the file was re-saved by another tool (pdftocairo), then it has no signature', () => {
    const input = writeTemp(workDir, 'resave-in.pdf', signed);
    const output = join(workDir, 'resave-out.pdf');
    execFileSync('pdftocairo', ['-pdf', input, output]);
    expect(verifySignedPdf(readFileSync(output), registry.keys.trusted)).toMatchObject({
      ok: false,
      code: 'no-signature',
    });
  });

  it('when an unsigned pdfkit PDF is offered, then it has no signature', async () => {
    const doc = new PDFDocument();
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    const ended = new Promise((resolve) => doc.on('end', resolve));
    doc.text('Certificaat KM-2026-00042-17').end();
    await ended;
    expect(verifySignedPdf(Buffer.concat(chunks), registry.keys.trusted)).toMatchObject({
      ok: false,
      code: 'no-signature',
    });
  });

  it('when the PDF is encrypted, then the verifier says so', async () => {
    const doc = new PDFDocument({ userPassword: 'secret' });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    const ended = new Promise((resolve) => doc.on('end', resolve));
    doc.text('Certificaat').end();
    await ended;
    expect(verifySignedPdf(Buffer.concat(chunks), registry.keys.trusted)).toMatchObject({
      ok: false,
      code: 'encrypted',
    });
  });
});

describe('a certificate signed by someone else', () => {
  it('when the signing key belongs to another CA, then the signer is untrusted although pdfsig finds the signature intact', async () => {
    const stranger = createTestSigner(new Date('2026-01-01T00:00:00Z'));
    const forged = await renderCertificatePdf(buildCertificateView(), stranger.signer, { signingTime: SIGNING_TIME });
    expect(pdfsigSaysValid(writeTemp(workDir, 'stranger.pdf', forged))).toBe(true);
    const outcome = verifySignedPdf(forged, registry.keys.trusted);
    expect(outcome).toMatchObject({ ok: false, code: 'untrusted-signer' });
    expect(verifySignedPdf(forged, stranger.keys.trusted).ok).toBe(true);
  });

  it('when the signing time lies before the signing certificate was valid, then the signer is untrusted', async () => {
    const early = await renderCertificatePdf(buildCertificateView(), registry.signer, {
      signingTime: new Date('2020-01-01T00:00:00Z'),
    });
    expect(verifySignedPdf(early, registry.keys.trusted)).toMatchObject({ ok: false, code: 'untrusted-signer' });
  });

  it('when no certificate is trusted, then the signer is untrusted', () => {
    expect(verifySignedPdf(signed, [])).toMatchObject({ ok: false, code: 'untrusted-signer' });
  });
});
