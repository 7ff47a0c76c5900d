import { readFileSync, readdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSigningKeys, renderCertificatePdf, verifySignedPdf, type SigningKeys } from '../../src/pdf/index.js';
import { buildCertificateView, tempDir } from './certificate-fixtures.js';
import { pdfsigSaysValid, requireTools, signerFor, writeTemp } from './pdf-tools.js';

const NOW = new Date('2026-01-01T00:00:00Z');

beforeAll(() => requireTools('pdfsig'));

function mode(path: string): number {
  return statSync(path).mode & 0o777;
}

function writeP12(dir: string, keyPem: string, certificates: string[], password: string): string {
  const key = forge.pki.privateKeyFromPem(keyPem);
  const p12 = forge.pkcs12.toPkcs12Asn1(
    key,
    certificates.map((pem) => forge.pki.certificateFromPem(pem)),
    password,
    { algorithm: '3des' },
  );
  const path = join(dir, 'signing.p12');
  writeFileSync(path, Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary'));
  return path;
}

describe('generated registry keys', () => {
  it('when loaded the first time, then a root CA and a signing certificate issued by it are created with private file modes', () => {
    const keysDir = join(tempDir('gen'), 'keys');
    const keys = loadSigningKeys({ keysDir, now: NOW });

    expect(mode(keysDir)).toBe(0o700);
    for (const file of ['root-ca.pem', 'root-ca.key.pem', 'signing.pem', 'signing.key.pem']) {
      expect(mode(join(keysDir, file))).toBe(0o600);
    }
    expect(keys.root.subject).toContain('CN=Keurmerk Registry Root CA');
    expect(keys.root.ca).toBe(true);
    expect(keys.certificate.subject).toContain('CN=Keurmerk Certificate Signing');
    expect(keys.certificate.ca).toBe(false);
    expect(keys.certificate.verify(keys.root.publicKey)).toBe(true);
    expect(keys.certificate.checkPrivateKey(keys.privateKey)).toBe(true);
    expect(keys.chainPem).toEqual([keys.rootPem]);
    expect(keys.trusted.map((cert) => cert.fingerprint256)).toEqual([keys.root.fingerprint256]);
  });

  it('when loaded again, then the same keys are reused', () => {
    const keysDir = join(tempDir('reuse'), 'keys');
    const first = loadSigningKeys({ keysDir, now: NOW });
    const second = loadSigningKeys({ keysDir, now: NOW });
    expect(second.certificate.fingerprint256).toBe(first.certificate.fingerprint256);
    expect(second.root.fingerprint256).toBe(first.root.fingerprint256);
  });

  it('when the signing certificate has expired, then a new one is issued under the same root and old PDFs stay verifiable', async () => {
    const keysDir = join(tempDir('rotate'), 'keys');
    const old = loadSigningKeys({ keysDir, now: NOW });
    const oldPdf = await renderCertificatePdf(buildCertificateView(), signerFor(old), {
      signingTime: new Date('2026-06-01T00:00:00Z'),
    });

    const rotated = loadSigningKeys({ keysDir, now: new Date('2031-06-01T00:00:00Z') });
    expect(rotated.certificate.fingerprint256).not.toBe(old.certificate.fingerprint256);
    expect(rotated.root.fingerprint256).toBe(old.root.fingerprint256);
    expect(readdirSync(join(keysDir, 'previous'))).toEqual([
      `signing-${old.certificate.serialNumber.toLowerCase()}.pem`,
    ]);
    expect(rotated.trusted.map((cert) => cert.fingerprint256)).toContain(old.certificate.fingerprint256);
    expect(verifySignedPdf(oldPdf, rotated.trusted).ok).toBe(true);
  });

  it('when the root certificate is missing but its key is not, then loading fails naming the file', () => {
    const keysDir = join(tempDir('broken'), 'keys');
    loadSigningKeys({ keysDir, now: NOW });
    unlinkSync(join(keysDir, 'root-ca.pem'));
    expect(() => loadSigningKeys({ keysDir, now: NOW })).toThrow(join(keysDir, 'root-ca.pem'));
  });

  it('when a key file is unreadable garbage, then loading fails naming the file', () => {
    const keysDir = join(tempDir('garbage'), 'keys');
    loadSigningKeys({ keysDir, now: NOW });
    writeFileSync(join(keysDir, 'signing.key.pem'), 'not a key');
    expect(() => loadSigningKeys({ keysDir, now: NOW })).toThrow(join(keysDir, 'signing.key.pem'));
  });
});

describe('a PKCS#12 signing file', () => {
  let registryKeys: SigningKeys;
  let registryDir: string;

  beforeAll(() => {
    registryDir = join(tempDir('p12-source'), 'keys');
    registryKeys = loadSigningKeys({ keysDir: registryDir, now: NOW });
  });

  it('when loaded with its password, then it signs PDFs that pdfsig and the verifier accept', async () => {
    const dir = tempDir('p12');
    const keyPem = readFileSync(join(registryDir, 'signing.key.pem'), 'utf8');
    const p12Path = writeP12(dir, keyPem, [registryKeys.certificatePem, registryKeys.rootPem], 'secret');

    const keys = loadSigningKeys({ p12Path, p12Password: 'secret', keysDir: join(dir, 'unused') });
    expect(keys.certificate.fingerprint256).toBe(registryKeys.certificate.fingerprint256);
    expect(keys.root.fingerprint256).toBe(registryKeys.root.fingerprint256);
    expect(keys.chainPem).toHaveLength(1);

    const pdf = await renderCertificatePdf(buildCertificateView(), signerFor(keys), {
      signingTime: new Date('2026-02-01T00:00:00Z'),
    });
    expect(pdfsigSaysValid(writeTemp(dir, 'p12.pdf', pdf))).toBe(true);
    expect(verifySignedPdf(pdf, keys.trusted).ok).toBe(true);
    expect(verifySignedPdf(pdf, registryKeys.trusted).ok).toBe(true);
  });

  it('when it holds only a self-signed certificate, then that certificate is the root', () => {
    const dir = tempDir('p12-self');
    const rootKeyPem = readFileSync(join(registryDir, 'root-ca.key.pem'), 'utf8');
    const p12Path = writeP12(dir, rootKeyPem, [registryKeys.rootPem], 'secret');
    const keys = loadSigningKeys({ p12Path, p12Password: 'secret', keysDir: join(dir, 'unused') });
    expect(keys.root.fingerprint256).toBe(registryKeys.root.fingerprint256);
    expect(keys.certificate.fingerprint256).toBe(registryKeys.root.fingerprint256);
    expect(keys.chainPem).toEqual([]);
  });

  it('when the password is wrong, then loading fails with a clear message naming the file', () => {
    const dir = tempDir('p12-wrong');
    const keyPem = readFileSync(join(registryDir, 'signing.key.pem'), 'utf8');
    const p12Path = writeP12(dir, keyPem, [registryKeys.certificatePem, registryKeys.rootPem], 'secret');
    expect(() => loadSigningKeys({ p12Path, p12Password: 'wrong', keysDir: dir })).toThrow(
      `Cannot open the PKCS#12 signing file ${p12Path}: wrong password`,
    );
  });

  it('when the chain lacks the root, then loading fails saying so', () => {
    const dir = tempDir('p12-no-root');
    const keyPem = readFileSync(join(registryDir, 'signing.key.pem'), 'utf8');
    const p12Path = writeP12(dir, keyPem, [registryKeys.certificatePem], 'secret');
    expect(() => loadSigningKeys({ p12Path, p12Password: 'secret', keysDir: dir })).toThrow(
      /whole chain up to a self-signed root/,
    );
  });

  it('when the file does not exist, then loading fails naming the file', () => {
    const missing = join(tempDir('p12-missing'), 'absent.p12');
    expect(() => loadSigningKeys({ p12Path: missing, p12Password: 'secret', keysDir: tempDir('unused') })).toThrow(
      `Cannot read the PKCS#12 signing file ${missing}`,
    );
  });

  it('when the file is not PKCS#12, then loading fails naming the file', () => {
    const path = writeTemp(tempDir('p12-garbage'), 'garbage.p12', Buffer.from('garbage'));
    expect(() => loadSigningKeys({ p12Path: path, p12Password: 'secret', keysDir: tempDir('unused') })).toThrow(
      `Cannot open the PKCS#12 signing file ${path}`,
    );
  });
});
