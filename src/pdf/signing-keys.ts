import { X509Certificate, createPrivateKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { OID } from './oids.js';

export interface SigningKeys {
  privateKey: KeyObject;
  /** The certificate whose key signs the PDFs. */
  certificate: X509Certificate;
  certificatePem: string;
  /** The signing certificate's issuers, nearest first, ending with the root; empty when the signing certificate is itself the root. */
  chainPem: string[];
  root: X509Certificate;
  rootPem: string;
  /** Trust anchors for verification: the root plus earlier signing certificates (keysDir/previous). */
  trusted: X509Certificate[];
}

export interface LoadSigningKeysOptions {
  p12Path?: string;
  p12Password?: string;
  keysDir: string;
  now?: Date;
}

const ROOT_CERT = 'root-ca.pem';
const ROOT_KEY = 'root-ca.key.pem';
const SIGNING_CERT = 'signing.pem';
const SIGNING_KEY = 'signing.key.pem';
const PREVIOUS_DIR = 'previous';

const ROOT_YEARS = 20;
const SIGNING_YEARS = 5;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Loads the registry's signing key and certificate chain: from a PKCS#12 file when one is
 * configured, otherwise from a registry CA kept in keysDir (generated on first call). An expired
 * generated signing certificate is replaced under the same root and kept in keysDir/previous so
 * that PDFs it signed stay verifiable.
 */
export function loadSigningKeys(options: LoadSigningKeysOptions): SigningKeys {
  const now = options.now ?? new Date();
  const keys = options.p12Path
    ? readP12(options.p12Path, options.p12Password ?? '')
    : loadOrCreateRegistryKeys(options.keysDir, now);
  return { ...keys, trusted: [keys.root, ...readPreviousCertificates(options.keysDir)] };
}

type KeysWithoutTrust = Omit<SigningKeys, 'trusted'>;

function readP12(path: string, password: string): KeysWithoutTrust {
  let der: Buffer;
  try {
    der = readFileSync(path);
  } catch (error) {
    throw new Error(`Cannot read the PKCS#12 signing file ${path}: ${describe(error)}`);
  }
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der.toString('binary')), password);
  } catch (error) {
    const reason = /MAC could not be verified|Invalid password/i.test(describe(error))
      ? 'wrong password'
      : describe(error);
    throw new Error(`Cannot open the PKCS#12 signing file ${path}: ${reason}`);
  }

  const bags = (type: string) => p12.getBags({ bagType: type })[type] ?? [];
  const keyBags = [...bags(OID.pkcs8ShroudedKeyBag), ...bags(OID.keyBag)];
  const forgeKey = keyBags.find((bag) => bag.key)?.key;
  if (!forgeKey) {
    throw new Error(`The PKCS#12 signing file ${path} holds no RSA private key`);
  }
  const privateKey = createPrivateKey(forge.pki.privateKeyToPem(forgeKey));

  const certificates = bags(OID.certBag).flatMap((bag) =>
    bag.cert ? [new X509Certificate(forge.pki.certificateToPem(bag.cert))] : [],
  );
  const certificate = certificates.find((cert) => cert.checkPrivateKey(privateKey));
  if (!certificate) {
    throw new Error(`The PKCS#12 signing file ${path} holds no certificate for its private key`);
  }

  const chain: X509Certificate[] = [];
  let current = certificate;
  while (!isSelfSigned(current)) {
    const issuer = certificates.find(
      (candidate) =>
        !chain.includes(candidate) && current.checkIssued(candidate) && current.verify(candidate.publicKey),
    );
    if (!issuer) {
      throw new Error(
        `The PKCS#12 signing file ${path} must contain the whole chain up to a self-signed root; ` +
          `the issuer of "${oneLine(current.subject)}" is missing`,
      );
    }
    chain.push(issuer);
    current = issuer;
  }
  return {
    privateKey,
    certificate,
    certificatePem: certificate.toString(),
    chainPem: chain.map((cert) => cert.toString()),
    root: current,
    rootPem: current.toString(),
  };
}

function loadOrCreateRegistryKeys(keysDir: string, now: Date): KeysWithoutTrust {
  ensurePrivateDir(keysDir);
  const path = (name: string) => join(keysDir, name);

  if (!existsSync(path(ROOT_CERT)) && !existsSync(path(ROOT_KEY))) {
    if (existsSync(path(SIGNING_CERT)) || existsSync(path(SIGNING_KEY))) {
      // A signing key without its root cannot be re-issued; refuse rather than silently replace it.
      throw new Error(`${path(SIGNING_CERT)} exists without ${path(ROOT_CERT)}; restore the root CA or remove both`);
    }
    const root = createRootCa(now);
    writePrivateFile(path(ROOT_KEY), root.keyPem);
    writePrivateFile(path(ROOT_CERT), root.certPem);
  }
  const rootPem = readTextFile(path(ROOT_CERT));
  const rootKeyPem = readTextFile(path(ROOT_KEY));
  const root = parseCertificate(rootPem, path(ROOT_CERT));
  if (new Date(root.validTo) <= now) {
    throw new Error(
      `The registry root CA ${path(ROOT_CERT)} expired on ${root.validTo}; a new root must be distributed`,
    );
  }

  if (existsSync(path(SIGNING_CERT)) !== existsSync(path(SIGNING_KEY))) {
    throw new Error(
      `Only one of ${path(SIGNING_CERT)} and ${path(SIGNING_KEY)} exists; remove the other to issue a new signing key`,
    );
  }
  if (existsSync(path(SIGNING_CERT))) {
    const current = parseCertificate(readTextFile(path(SIGNING_CERT)), path(SIGNING_CERT));
    if (new Date(current.validTo) <= now) {
      retireSigningCertificate(keysDir, current);
    }
  }
  if (!existsSync(path(SIGNING_CERT))) {
    const signing = createSigningCertificate(rootPem, rootKeyPem, now);
    writePrivateFile(path(SIGNING_KEY), signing.keyPem);
    writePrivateFile(path(SIGNING_CERT), signing.certPem);
  }

  const certificatePem = readTextFile(path(SIGNING_CERT));
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(readTextFile(path(SIGNING_KEY)));
  } catch (error) {
    throw new Error(`Cannot parse the signing key ${path(SIGNING_KEY)}: ${describe(error)}`);
  }
  const certificate = parseCertificate(certificatePem, path(SIGNING_CERT));
  if (!certificate.checkPrivateKey(privateKey)) {
    throw new Error(`${path(SIGNING_KEY)} does not belong to the certificate ${path(SIGNING_CERT)}`);
  }
  return { privateKey, certificate, certificatePem, chainPem: [rootPem], root, rootPem };
}

function retireSigningCertificate(keysDir: string, expired: X509Certificate): void {
  const previousDir = join(keysDir, PREVIOUS_DIR);
  ensurePrivateDir(previousDir);
  renameSync(join(keysDir, SIGNING_CERT), join(previousDir, `signing-${expired.serialNumber.toLowerCase()}.pem`));
  // The key of an expired certificate must never sign again; only its certificate is kept.
  unlinkSync(join(keysDir, SIGNING_KEY));
}

function readPreviousCertificates(keysDir: string): X509Certificate[] {
  const previousDir = join(keysDir, PREVIOUS_DIR);
  if (!existsSync(previousDir)) return [];
  return readdirSync(previousDir)
    .filter((name) => name.endsWith('.pem'))
    .sort()
    .flatMap((name) =>
      splitPem(readTextFile(join(previousDir, name))).map((pem) => parseCertificate(pem, join(previousDir, name))),
    );
}

interface GeneratedPair {
  keyPem: string;
  certPem: string;
}

function createRootCa(now: Date): GeneratedPair {
  const { publicKey, privateKey } = generateRsaPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = randomSerial();
  setValidity(cert, now, ROOT_YEARS);
  const name = [
    { name: 'commonName', value: 'Keurmerk Registry Root CA' },
    { name: 'organizationName', value: 'Keurmerk' },
    { name: 'countryName', value: 'NL' },
  ];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(privateKey, forge.md.sha256.create());
  return { keyPem: forge.pki.privateKeyToPem(privateKey), certPem: forge.pki.certificateToPem(cert) };
}

function createSigningCertificate(rootPem: string, rootKeyPem: string, now: Date): GeneratedPair {
  const rootCert = forge.pki.certificateFromPem(rootPem);
  const rootKey = forge.pki.privateKeyFromPem(rootKeyPem);
  const { publicKey, privateKey } = generateRsaPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = randomSerial();
  setValidity(cert, now, SIGNING_YEARS);
  cert.setSubject([
    { name: 'commonName', value: 'Keurmerk Certificate Signing' },
    { name: 'organizationName', value: 'Keurmerk' },
    { name: 'countryName', value: 'NL' },
  ]);
  cert.setIssuer(rootCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'extKeyUsage', emailProtection: true },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: rootCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(rootKey, forge.md.sha256.create());
  return { keyPem: forge.pki.privateKeyToPem(privateKey), certPem: forge.pki.certificateToPem(cert) };
}

/** node:crypto generates the key in milliseconds where forge's pure-JS prime search takes seconds. */
function generateRsaPair(): { publicKey: forge.pki.rsa.PublicKey; privateKey: forge.pki.rsa.PrivateKey } {
  const pair = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return {
    publicKey: forge.pki.publicKeyFromPem(pair.publicKey),
    privateKey: forge.pki.privateKeyFromPem(pair.privateKey),
  };
}

function setValidity(cert: forge.pki.Certificate, now: Date, years: number): void {
  // Backdated a day so that a signer whose clock runs slightly behind still sees a valid certificate.
  cert.validity.notBefore = new Date(now.getTime() - DAY_MS);
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + years);
  cert.validity.notAfter = notAfter;
}

/** A positive 16-byte serial: the top bit is cleared so DER does not read it as negative. */
function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}

function ensurePrivateDir(dir: string): void {
  if (mkdirSync(dir, { recursive: true, mode: 0o700 }) !== undefined) {
    // mkdir's mode is filtered by the umask; the keys directory must be private regardless.
    chmodSync(dir, 0o700);
  }
}

function writePrivateFile(path: string, content: string): void {
  // 'wx' so that two processes starting at once never overwrite each other's key.
  writeFileSync(path, content, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
}

function readTextFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read ${path}: ${describe(error)}`);
  }
}

function parseCertificate(pem: string, path: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch (error) {
    throw new Error(`Cannot parse the certificate in ${path}: ${describe(error)}`);
  }
}

function splitPem(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

function isSelfSigned(cert: X509Certificate): boolean {
  return cert.checkIssued(cert) && cert.verify(cert.publicKey);
}

function oneLine(distinguishedName: string): string {
  return distinguishedName.split('\n').join(', ');
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
