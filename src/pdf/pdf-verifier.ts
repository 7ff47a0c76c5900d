import { createHash, verify as verifySignature, type X509Certificate } from 'node:crypto';
import { parseSignedData } from './cms-signed-data.js';
import { VerifyFailure } from './verify-failure.js';

export type VerifyFailureCode =
  | 'not-pdf'
  | 'encrypted'
  | 'no-signature'
  | 'byte-range'
  | 'digest-mismatch'
  | 'bad-signature'
  | 'untrusted-signer'
  | 'malformed';

export type VerifyOutcome =
  | {
      ok: true;
      /** SHA-256 of the whole file, hex: the registry compares it with the hashes it issued. */
      sha256: string;
      signedAt: string | null;
      signer: { subject: string; fingerprint256: string };
    }
  | { ok: false; code: VerifyFailureCode; message: string };

/** Chains longer than this are not ours and only cost time. */
const MAX_CHAIN_DEPTH = 5;

/**
 * Checks that bytes are exactly a PDF as the registry signed it: one signature covering the whole
 * file, a valid CMS signature by a certificate chaining to one of the trusted certificates.
 * Never throws: every problem becomes { ok: false, code, message }.
 */
export function verifySignedPdf(bytes: Buffer, trusted: X509Certificate[]): VerifyOutcome {
  try {
    return verifyOrThrow(bytes, trusted);
  } catch (error) {
    if (error instanceof VerifyFailure) return { ok: false, code: error.code, message: error.message };
    return { ok: false, code: 'malformed', message: 'The file could not be parsed as a signed PDF.' };
  }
}

function verifyOrThrow(bytes: Buffer, trusted: X509Certificate[]): VerifyOutcome {
  if (!Buffer.isBuffer(bytes) || bytes.length < 8 || bytes.toString('latin1', 0, 5) !== '%PDF-') {
    throw new VerifyFailure('not-pdf', 'The file is not a PDF.');
  }
  // latin1 maps every byte to one character, so string offsets are byte offsets.
  const text = bytes.toString('latin1');
  if (/\/Encrypt\s*(?:\d+\s+\d+\s+R|<<)/.test(text)) {
    throw new VerifyFailure('encrypted', 'The PDF is encrypted; registry certificates never are.');
  }

  const [start, contentsStart, contentsEnd] = findSignedRanges(text, bytes.length);
  const cms = decodeContents(text.slice(contentsStart + 1, contentsEnd - 1));
  const signerInfo = parseSignedData(cms);

  const digest = createHash('sha256')
    .update(bytes.subarray(start, contentsStart))
    .update(bytes.subarray(contentsEnd))
    .digest();
  if (!signerInfo.messageDigest.equals(digest)) {
    throw new VerifyFailure(
      'digest-mismatch',
      'The PDF was changed after it was signed: its contents do not match the signature.',
    );
  }

  let signatureValid = false;
  try {
    signatureValid = verifySignature(
      'sha256',
      signerInfo.signedAttributes,
      signerInfo.certificate.publicKey,
      signerInfo.signature,
    );
  } catch {
    signatureValid = false;
  }
  if (!signatureValid) {
    throw new VerifyFailure('bad-signature', 'The signature does not match the signing certificate.');
  }

  const signedAt = signerInfo.signingTime;
  checkTrust(signerInfo.certificate, signerInfo.certificates, trusted, signedAt ?? new Date());

  return {
    ok: true,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    signedAt: signedAt ? signedAt.toISOString() : null,
    signer: { subject: oneLine(signerInfo.certificate.subject), fingerprint256: signerInfo.certificate.fingerprint256 },
  };
}

/**
 * Returns [0, start of /Contents hex string, end of it] for the last signature, after checking that
 * its byte range covers the whole file except exactly that string. Bytes appended later (even a
 * well-formed incremental update) would otherwise pass as "signed".
 */
function findSignedRanges(text: string, fileLength: number): [number, number, number] {
  const lastByteRange = text.lastIndexOf('/ByteRange');
  if (lastByteRange === -1) {
    throw new VerifyFailure('no-signature', 'The PDF carries no digital signature.');
  }
  const match = /^\/ByteRange\s*\[\s*(\d{1,15})\s+(\d{1,15})\s+(\d{1,15})\s+(\d{1,15})\s*\]/.exec(
    text.slice(lastByteRange, lastByteRange + 200),
  );
  if (!match) {
    throw new VerifyFailure('byte-range', "The signature's byte range cannot be read.");
  }
  const [a, b, c, d] = match.slice(1).map(Number) as [number, number, number, number];
  if (a !== 0 || b <= 0 || c <= b + 1 || c + d !== fileLength) {
    throw new VerifyFailure(
      'byte-range',
      'The signature does not cover the whole file; bytes were added or removed after signing.',
    );
  }
  const hex = text.slice(b, c);
  if (!/^<[0-9A-Fa-f]*>$/.test(hex) || !/\/Contents\s*$/.test(text.slice(Math.max(0, b - 32), b))) {
    throw new VerifyFailure('byte-range', "The gap in the signature's byte range is not exactly the signature value.");
  }
  return [a, b, c];
}

function decodeContents(hex: string): Buffer {
  if (hex.length % 2 !== 0) {
    throw new VerifyFailure('malformed', 'The signature value is not valid hexadecimal.');
  }
  const padded = Buffer.from(hex, 'hex');
  if (padded.length < 2 || padded[0] !== 0x30) {
    throw new VerifyFailure('malformed', 'The signature value is not a CMS structure.');
  }
  // The placeholder is zero-padded: cut at the DER length, never by stripping zeros, because a
  // signature may itself end in 0x00.
  const length = derLength(padded);
  if (length === null || length > padded.length) {
    throw new VerifyFailure('malformed', 'The signature value is truncated.');
  }
  // Anything but zeros after the CMS would be bytes outside the signature that no one checks.
  if (padded.subarray(length).some((byte) => byte !== 0)) {
    throw new VerifyFailure('malformed', 'The signature value carries data after the CMS structure.');
  }
  return padded.subarray(0, length);
}

/** Total length (header included) of the DER element at the start of bytes. */
function derLength(bytes: Buffer): number | null {
  const first = bytes[1];
  if (first === undefined) return null;
  if (first < 0x80) return 2 + first;
  const count = first & 0x7f;
  if (count === 0 || count > 4 || bytes.length < 2 + count) return null;
  let length = 0;
  for (let i = 0; i < count; i += 1) length = length * 256 + (bytes[2 + i] ?? 0);
  return 2 + count + length;
}

function checkTrust(signer: X509Certificate, included: X509Certificate[], trusted: X509Certificate[], at: Date): void {
  const untrusted = (message: string) => new VerifyFailure('untrusted-signer', message);
  if (!isValidAt(signer, at)) {
    throw untrusted(`The signing certificate was not valid at the signing time (${at.toISOString()}).`);
  }
  let current = signer;
  for (let depth = 0; depth < MAX_CHAIN_DEPTH; depth += 1) {
    // An earlier signing certificate (kept after rotation) or a self-signed root used as leaf.
    if (trusted.some((anchor) => anchor.fingerprint256 === current.fingerprint256)) return;
    const anchor = trusted.find((candidate) => issued(candidate, current));
    if (anchor) {
      if (!isValidAt(anchor, at))
        throw untrusted('The registry certificate that issued the signer was not valid at the signing time.');
      return;
    }
    const intermediate = included.find((candidate) => candidate !== current && issued(candidate, current));
    if (!intermediate || !isValidAt(intermediate, at)) break;
    current = intermediate;
  }
  throw untrusted(`The PDF was signed by "${oneLine(signer.subject)}", which is not a Keurmerk registry certificate.`);
}

function issued(issuer: X509Certificate, subject: X509Certificate): boolean {
  return issuer.ca && subject.checkIssued(issuer) && subject.verify(issuer.publicKey);
}

function isValidAt(cert: X509Certificate, at: Date): boolean {
  return new Date(cert.validFrom) <= at && at <= new Date(cert.validTo);
}

function oneLine(distinguishedName: string): string {
  return distinguishedName.split('\n').join(', ');
}
