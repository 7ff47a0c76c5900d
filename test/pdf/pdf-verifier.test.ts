import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderCertificatePdf, verifySignedPdf, type VerifyOutcome } from '../../src/pdf/index.js';
import { buildCertificateView } from './certificate-fixtures.js';
import { createTestSigner, type TestSigner } from './pdf-tools.js';

let registry: TestSigner;
let signed: Buffer;

beforeAll(async () => {
  registry = createTestSigner();
  signed = await renderCertificatePdf(buildCertificateView(), registry.signer);
});

function verify(bytes: Buffer): VerifyOutcome {
  return verifySignedPdf(bytes, registry.keys.trusted);
}

function expectRejected(outcome: VerifyOutcome): void {
  expect(outcome.ok).toBe(false);
  if (!outcome.ok) expect(outcome.message).toMatch(/^[A-Z].*\.$/);
}

describe('the verifier on bad input', () => {
  it.each([
    ['empty', Buffer.alloc(0)],
    ['plain text', Buffer.from('this is not a pdf')],
    ['a PNG header', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')],
    ['random bytes', randomBytes(4096)],
  ])('when given %s, then it answers not-pdf', (_name, bytes) => {
    const outcome = verify(bytes);
    expectRejected(outcome);
    expect(outcome).toMatchObject({ code: 'not-pdf' });
  });

  it('when given %PDF- followed by junk, then it answers without throwing', () => {
    expect(verify(Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2048)]))).toMatchObject({
      ok: false,
      code: 'no-signature',
    });
  });

  it('when the byte range points outside the file, then it answers byte-range', () => {
    expect(verify(Buffer.from('%PDF-1.7\n/ByteRange [0 10 99999999 5] /Contents <3082>\n%%EOF'))).toMatchObject({
      ok: false,
      code: 'byte-range',
    });
  });

  it('when the signature value is not CMS, then it answers malformed', () => {
    const prefix = '%PDF-1.7\n<< /ByteRange [0 0000000047 0000000059 0000000008] /Contents ';
    const body = `${prefix}<0102030405>\n%%EOF\n`;
    const fixed = body
      .replace('0000000047', String(prefix.length).padStart(10, '0'))
      .replace('0000000059', String(prefix.length + 12).padStart(10, '0'))
      .replace('0000000008', String(body.length - prefix.length - 12).padStart(10, '0'));
    expect(verify(Buffer.from(fixed, 'latin1'))).toMatchObject({ ok: false, code: 'malformed' });
  });

  it('when given 6 MB of random bytes, with or without a PDF header, then it answers quickly without throwing', () => {
    const huge = randomBytes(6 * 1024 * 1024);
    const started = performance.now();
    expect(verify(huge)).toMatchObject({ ok: false, code: 'not-pdf' });
    expect(verify(Buffer.concat([Buffer.from('%PDF-1.7\n'), huge])).ok).toBe(false);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('when a signed certificate is truncated anywhere, then it is rejected without throwing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: signed.length - 1 }), (length) => {
        expectRejected(verify(signed.subarray(0, length)));
      }),
      { numRuns: 200 },
    );
  });

  it('when any byte outside the signature value is replaced, then it is rejected without throwing', () => {
    const [, contentsStart, contentsEnd] = contentsGap(signed);
    const outsideGap = fc.oneof(
      fc.integer({ min: 0, max: contentsStart - 1 }),
      fc.integer({ min: contentsEnd, max: signed.length - 1 }),
    );
    fc.assert(
      fc.property(outsideGap, fc.integer({ min: 1, max: 255 }), (position, delta) => {
        const changed = Buffer.from(signed);
        changed[position] = ((changed[position] ?? 0) + delta) % 256;
        expectRejected(verify(changed));
      }),
      { numRuns: 300 },
    );
  });

  it('when a byte inside the signature value is replaced, then it never throws and an accepted file has a new hash', () => {
    // The CMS carries certificates the signature cannot cover (a copy of the root); changing
    // them leaves the signature valid, so the registry must also compare the file's hash.
    const [, contentsStart, contentsEnd] = contentsGap(signed);
    const original = verify(signed);
    fc.assert(
      fc.property(
        fc.integer({ min: contentsStart, max: contentsEnd - 1 }),
        fc.integer({ min: 1, max: 255 }),
        (position, delta) => {
          const changed = Buffer.from(signed);
          changed[position] = ((changed[position] ?? 0) + delta) % 256;
          const outcome = verify(changed);
          if (outcome.ok && original.ok) expect(outcome.sha256).not.toBe(original.sha256);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('when arbitrary bytes follow a PDF header, then it never throws', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 4096 }),
        fc.constantFrom('', '/ByteRange [0 1 2 3]', '/Encrypt 5 0 R'),
        (tail, marker) => {
          expectRejected(verify(Buffer.concat([Buffer.from(`%PDF-1.7\n${marker}`), Buffer.from(tail)])));
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** [0, first byte of the /Contents hex string, first byte after it]. */
function contentsGap(pdf: Buffer): [number, number, number] {
  const match = /\/ByteRange \[0 (\d+) (\d+) \d+\]/.exec(pdf.toString('latin1'));
  return [0, Number(match?.[1]), Number(match?.[2])];
}
