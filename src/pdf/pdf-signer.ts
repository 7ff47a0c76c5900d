import { createHash, sign as rsaSign, X509Certificate, type KeyObject } from 'node:crypto';
import { pdfkitAddPlaceholder } from '@signpdf/placeholder-pdfkit';
import { SignPdf } from '@signpdf/signpdf';
import { Signer } from '@signpdf/utils';
import forge from 'node-forge';
import type { SigningKeys } from './signing-keys.js';
import { OID } from './oids.js';

/**
 * Signs PDFs drawn with pdfkit. Drawing code only needs this interface, so a different signer
 * (an HSM, a remote signing service) can replace it without touching the layout.
 */
export interface PdfSigner {
  /** Adds the signature dictionary with an empty /Contents; call after drawing, before doc.end(). */
  addPlaceholder(doc: PDFKit.PDFDocument, signingTime: Date): void;
  /** Fills the placeholder with a detached CMS signature over the rest of the file. */
  sign(pdfWithPlaceholder: Buffer, signingTime: Date): Promise<Buffer>;
}

export interface PdfSignerOptions {
  reason?: string;
  location: string;
  contactInfo: string;
  /** Shown by PDF readers as the signer's name. */
  name: string;
}

/** Bytes reserved for the CMS: two 2048-bit certificates and a signature need about 2.5 KB. */
const SIGNATURE_LENGTH = 8192;

export function createPdfSigner(keys: SigningKeys, options: PdfSignerOptions): PdfSigner {
  if (keys.privateKey.asymmetricKeyType !== 'rsa') {
    throw new Error(
      `PDF signing needs an RSA key; the configured key is ${keys.privateKey.asymmetricKeyType ?? 'unknown'}`,
    );
  }
  const buildCms = createCmsBuilder(
    keys.privateKey,
    keys.certificate,
    keys.chainPem.map((pem) => new X509Certificate(pem)),
  );
  const signPdf = new SignPdf();
  const placeholder = {
    reason: options.reason ?? 'Keurmerk certificate',
    location: options.location,
    contactInfo: options.contactInfo,
    name: options.name,
  };

  return {
    addPlaceholder(doc, signingTime) {
      pdfkitAddPlaceholder({
        ...placeholder,
        pdf: doc,
        // The typings demand the buffer although the function never reads it.
        pdfBuffer: Buffer.alloc(0),
        signingTime,
        signatureLength: SIGNATURE_LENGTH,
      });
    },
    sign(pdfWithPlaceholder, signingTime) {
      return signPdf.sign(pdfWithPlaceholder, new CmsSigner(buildCms), signingTime);
    },
  };
}

type CmsBuilder = (signedBytes: Buffer, signingTime: Date) => Buffer;

class CmsSigner extends Signer {
  constructor(private readonly buildCms: CmsBuilder) {
    super();
  }

  override async sign(pdfBuffer: Buffer, signingTime?: Date): Promise<Buffer> {
    return this.buildCms(pdfBuffer, signingTime ?? new Date());
  }
}

const { asn1 } = forge;
const UNIVERSAL = asn1.Class.UNIVERSAL;
const CONTEXT = asn1.Class.CONTEXT_SPECIFIC;

/**
 * Builds the CMS SignedData (RFC 5652) by hand with forge's ASN.1 layer: forge's own
 * pkcs7.sign() would sign with its pure-JS RSA (about 37 ms), node:crypto takes well under 1 ms.
 * Everything that does not depend on the document is prepared once here.
 */
function createCmsBuilder(privateKey: KeyObject, certificate: X509Certificate, chain: X509Certificate[]): CmsBuilder {
  const toAsn1 = (cert: X509Certificate) => asn1.fromDer(cert.raw.toString('binary'));
  const signerAsn1 = toAsn1(certificate);
  const certificatesAsn1 = [signerAsn1, ...chain.map(toAsn1)];
  const { issuer, serialNumber } = issuerAndSerial(signerAsn1);
  const sha256Id = algorithmId(OID.sha256);
  const rsaId = algorithmId(OID.rsaEncryption);

  return (signedBytes, signingTime) => {
    const digest = createHash('sha256').update(signedBytes).digest();
    const attributes = () => [
      attribute(OID.contentType, oid(OID.data)),
      attribute(OID.signingTime, timeNode(signingTime)),
      attribute(OID.messageDigest, asn1.create(UNIVERSAL, asn1.Type.OCTETSTRING, false, digest.toString('binary'))),
    ];
    // RFC 5652 §5.4: the signature covers the attributes encoded as a SET, not as the [0] field.
    const signedSet = asn1.toDer(asn1.create(UNIVERSAL, asn1.Type.SET, true, attributes())).getBytes();
    const signature = rsaSign('sha256', Buffer.from(signedSet, 'binary'), privateKey);

    const signerInfo = sequence([
      integer(1),
      sequence([issuer, serialNumber]),
      sha256Id,
      asn1.create(CONTEXT, 0, true, attributes()),
      rsaId,
      asn1.create(UNIVERSAL, asn1.Type.OCTETSTRING, false, signature.toString('binary')),
    ]);
    const signedData = sequence([
      integer(1),
      asn1.create(UNIVERSAL, asn1.Type.SET, true, [sha256Id]),
      sequence([oid(OID.data)]),
      asn1.create(CONTEXT, 0, true, certificatesAsn1),
      asn1.create(UNIVERSAL, asn1.Type.SET, true, [signerInfo]),
    ]);
    const contentInfo = sequence([oid(OID.signedData), asn1.create(CONTEXT, 0, true, [signedData])]);
    return Buffer.from(asn1.toDer(contentInfo).getBytes(), 'binary');
  };
}

function issuerAndSerial(certificate: forge.asn1.Asn1): { issuer: forge.asn1.Asn1; serialNumber: forge.asn1.Asn1 } {
  const tbs = children(children(certificate)[0]);
  // The version field is an optional [0]; serial and issuer shift by one when it is present.
  const offset = tbs[0]?.tagClass === CONTEXT ? 1 : 0;
  const serialNumber = tbs[offset];
  const issuer = tbs[offset + 2];
  if (!serialNumber || !issuer) throw new Error('The signing certificate has no issuer or serial number');
  return { issuer, serialNumber };
}

function children(node: forge.asn1.Asn1 | undefined): forge.asn1.Asn1[] {
  return Array.isArray(node?.value) ? node.value : [];
}

function sequence(value: forge.asn1.Asn1[]): forge.asn1.Asn1 {
  return asn1.create(UNIVERSAL, asn1.Type.SEQUENCE, true, value);
}

function oid(value: string): forge.asn1.Asn1 {
  return asn1.create(UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(value).getBytes());
}

function integer(value: number): forge.asn1.Asn1 {
  return asn1.create(UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(value).getBytes());
}

function algorithmId(algorithm: string): forge.asn1.Asn1 {
  return sequence([oid(algorithm), asn1.create(UNIVERSAL, asn1.Type.NULL, false, '')]);
}

function attribute(type: string, value: forge.asn1.Asn1): forge.asn1.Asn1 {
  return sequence([oid(type), asn1.create(UNIVERSAL, asn1.Type.SET, true, [value])]);
}

/** RFC 5652 §11.3: UTCTime up to 2049, GeneralizedTime from 2050. */
function timeNode(date: Date): forge.asn1.Asn1 {
  return date.getUTCFullYear() < 2050
    ? asn1.create(UNIVERSAL, asn1.Type.UTCTIME, false, asn1.dateToUtcTime(date))
    : asn1.create(UNIVERSAL, asn1.Type.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(date));
}
