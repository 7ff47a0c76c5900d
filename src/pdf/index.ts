export type { CertificateStatus, CertificateView, PromiseScore } from './certificate-view.js';
export {
  createCertificateDocument,
  drawCertificate,
  renderCertificatePdf,
  type RenderOptions,
} from './certificate-layout.js';
export { loadSigningKeys, type LoadSigningKeysOptions, type SigningKeys } from './signing-keys.js';
export { createPdfSigner, type PdfSigner, type PdfSignerOptions } from './pdf-signer.js';
export { verifySignedPdf, type VerifyFailureCode, type VerifyOutcome } from './pdf-verifier.js';
