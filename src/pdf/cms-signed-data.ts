import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { OID } from './oids.js';
import { VerifyFailure } from './verify-failure.js';

/** Reading the CMS SignedData of a PDF signature with forge's ASN.1 parser (forge's p7.verify is not implemented). */

const { asn1 } = forge;

export interface SignerInfo {
  certificate: X509Certificate;
  certificates: X509Certificate[];
  signedAttributes: Buffer;
  signature: Buffer;
  messageDigest: Buffer;
  signingTime: Date | null;
}

export function parseSignedData(cms: Buffer): SignerInfo {
  let contentInfo: forge.asn1.Asn1;
  try {
    contentInfo = asn1.fromDer(cms.toString('binary'));
  } catch {
    throw new VerifyFailure('malformed', 'The signature value is not valid DER.');
  }
  // Structure checked field by field: the parts outside the signed attributes are not covered by
  // the signature, so a lax parser would accept altered files that other validators reject.
  const malformed = (what: string) =>
    new VerifyFailure('malformed', `The signature is not a well-formed CMS SignedData: ${what}.`);
  const [contentType, explicitContent, ...extra] = children(contentInfo);
  if (!isUniversal(contentInfo, asn1.Type.SEQUENCE) || oidOf(contentType) !== OID.signedData || extra.length > 0) {
    throw malformed('wrong content type');
  }
  if (!isContext(explicitContent, 0) || children(explicitContent).length !== 1)
    throw malformed('wrong content wrapper');
  const signedData = children(explicitContent)[0];
  const parts = children(signedData);
  const [version, digestAlgorithms, encapContent] = parts;
  const signerInfos = parts.at(-1);
  const optional = parts.slice(3, -1);
  if (
    !isUniversal(signedData, asn1.Type.SEQUENCE) ||
    integerOf(version) !== 1 ||
    !isUniversal(digestAlgorithms, asn1.Type.SET) ||
    !children(digestAlgorithms).some((algorithm) => algorithmOf(algorithm) === OID.sha256) ||
    !isUniversal(encapContent, asn1.Type.SEQUENCE) ||
    children(encapContent).length !== 1 ||
    oidOf(children(encapContent)[0]) !== OID.data ||
    !isUniversal(signerInfos, asn1.Type.SET) ||
    optional.length > 1 ||
    (optional.length === 1 && !isContext(optional[0], 0))
  ) {
    throw malformed('unexpected SignedData fields');
  }
  const signerInfoList = children(signerInfos);
  if (signerInfoList.length !== 1) {
    throw new VerifyFailure('malformed', 'The signature must have exactly one signer.');
  }
  const certificateNodes = children(optional[0]);
  const certificates = certificateNodes.map(
    (node) => new X509Certificate(Buffer.from(asn1.toDer(node).getBytes(), 'binary')),
  );

  const fields = children(signerInfoList[0]);
  const [signerVersion, signerId, digestAlgorithm, signedAttrs, signatureAlgorithm, signatureNode, ...unsigned] =
    fields;
  if (
    !isUniversal(signerInfoList[0], asn1.Type.SEQUENCE) ||
    integerOf(signerVersion) !== 1 ||
    !signerId ||
    !isUniversal(signerId, asn1.Type.SEQUENCE) ||
    !signedAttrs ||
    !isContext(signedAttrs, 0) ||
    !signatureNode ||
    !isUniversal(signatureNode, asn1.Type.OCTETSTRING) ||
    unsigned.length > 1 ||
    (unsigned.length === 1 && !isContext(unsigned[0], 1))
  ) {
    throw malformed('unexpected signer fields');
  }
  if (algorithmOf(digestAlgorithm) !== OID.sha256) {
    throw new VerifyFailure('bad-signature', 'The signature uses a digest other than SHA-256.');
  }
  const signatureOid = algorithmOf(signatureAlgorithm);
  if (signatureOid !== OID.rsaEncryption && signatureOid !== OID.sha256WithRsaEncryption) {
    throw new VerifyFailure('bad-signature', 'The signature uses an algorithm other than RSA with SHA-256.');
  }

  const signerIndex = certificateNodes.findIndex((node) => sameIssuerAndSerial(signerId, node));
  const certificate = certificates[signerIndex];
  if (!certificate) {
    throw new VerifyFailure('malformed', 'The signing certificate is not included in the signature.');
  }
  const attributes = new Map<string, forge.asn1.Asn1 | undefined>();
  for (const attribute of children(signedAttrs)) {
    const [type, values] = children(attribute);
    if (type) attributes.set(oidOf(type), children(values)[0]);
  }
  const digestNode = attributes.get(OID.messageDigest);
  if (!digestNode || typeof digestNode.value !== 'string') {
    throw new VerifyFailure('malformed', 'The signature has no message digest attribute.');
  }
  if (oidOf(attributes.get(OID.contentType)) !== OID.data) {
    throw new VerifyFailure('malformed', "The signature's content type attribute is missing or wrong.");
  }
  const timeNode = attributes.get(OID.signingTime);

  // RFC 5652 §5.4: the signature covers the attributes encoded as a SET (tag 0x31), not as [0].
  const signedAttributes = Buffer.from(asn1.toDer(signedAttrs).getBytes(), 'binary');
  signedAttributes[0] = 0x31;

  return {
    certificate,
    certificates,
    signedAttributes,
    signature: Buffer.from(String(signatureNode.value), 'binary'),
    messageDigest: Buffer.from(digestNode.value, 'binary'),
    signingTime: timeNode ? parseTime(timeNode) : null,
  };
}

/** Matches a SignerInfo's IssuerAndSerialNumber against a certificate's TBS fields, byte for byte. */
function sameIssuerAndSerial(signerId: forge.asn1.Asn1, certificate: forge.asn1.Asn1): boolean {
  const [issuer, serial] = children(signerId);
  const tbs = children(children(certificate)[0]);
  // The version field is an optional [0]; serial and issuer shift by one when it is present.
  const offset = tbs[0]?.tagClass === asn1.Class.CONTEXT_SPECIFIC ? 1 : 0;
  const certSerial = tbs[offset];
  const certIssuer = tbs[offset + 2];
  if (!issuer || !serial || !certSerial || !certIssuer) return false;
  return derOf(serial) === derOf(certSerial) && derOf(issuer) === derOf(certIssuer);
}

function derOf(node: forge.asn1.Asn1): string {
  return asn1.toDer(node).getBytes();
}

function parseTime(node: forge.asn1.Asn1): Date | null {
  if (typeof node.value !== 'string') return null;
  const date =
    node.type === asn1.Type.UTCTIME
      ? asn1.utcTimeToDate(node.value)
      : node.type === asn1.Type.GENERALIZEDTIME
        ? asn1.generalizedTimeToDate(node.value)
        : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

function isUniversal(node: forge.asn1.Asn1 | undefined, type: number): boolean {
  return node?.tagClass === asn1.Class.UNIVERSAL && node.type === type;
}

function isContext(node: forge.asn1.Asn1 | undefined, tag: number): boolean {
  return node?.tagClass === asn1.Class.CONTEXT_SPECIFIC && node.type === tag && node.constructed;
}

/** The OID of an AlgorithmIdentifier whose parameters are absent or NULL, as SHA-256 and RSA use. */
function algorithmOf(node: forge.asn1.Asn1 | undefined): string {
  const [algorithm, parameters, ...extra] = children(node);
  const hasPlainParameters =
    parameters === undefined || (isUniversal(parameters, asn1.Type.NULL) && parameters.value === '');
  return isUniversal(node, asn1.Type.SEQUENCE) && hasPlainParameters && extra.length === 0 ? oidOf(algorithm) : '';
}

function integerOf(node: forge.asn1.Asn1 | undefined): number | null {
  return isUniversal(node, asn1.Type.INTEGER) && typeof node?.value === 'string' && node.value.length <= 4
    ? asn1.derToInteger(node.value)
    : null;
}

function children(node: forge.asn1.Asn1 | undefined): forge.asn1.Asn1[] {
  return Array.isArray(node?.value) ? node.value : [];
}

function oidOf(node: forge.asn1.Asn1 | undefined): string {
  return node?.type === asn1.Type.OID && typeof node.value === 'string' ? asn1.derToOid(node.value) : '';
}
