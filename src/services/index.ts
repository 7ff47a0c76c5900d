import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { createPdfSigner, type PdfSigner, type SigningKeys } from '../pdf/index.js';
import type { Db } from '../persistence/database.js';
import { centreService } from './centre-service.js';
import { certificateDocumentService, ISSUER } from './certificate-documents.js';
import { certificationService } from './certification-service.js';
import { complaintService } from './complaint-service.js';
import { registerService } from './register-service.js';
import { schemeService } from './scheme-service.js';
import { tokenService } from './token-service.js';
import { userService } from './user-service.js';

export interface Signing {
  keys: SigningKeys;
  signer: PdfSigner;
}

export interface ServiceDeps {
  db: Db;
  clock: Clock;
  config: Config;
  /** The registry's signing key; without it no certificate PDFs are produced (demo history replay). */
  signing: Signing | null;
}

export function createSigning(keys: SigningKeys, config: Config): Signing {
  return {
    keys,
    signer: createPdfSigner(keys, {
      name: ISSUER.name,
      location: ISSUER.address,
      contactInfo: config.baseUrl,
    }),
  };
}

/** Every use case of the registry, shared by the web app and the CLI. */
export function createServices(deps: ServiceDeps) {
  const { db, clock, config, signing } = deps;
  const schemes = schemeService(db, clock);
  const documents = signing
    ? certificateDocumentService(db, clock, config, schemes, signing.keys, signing.signer)
    : null;
  const certification = certificationService(db, clock, schemes, documents);
  return {
    schemes,
    users: userService(db, clock),
    centres: centreService(db, clock),
    certification,
    complaints: complaintService(db, clock, certification, documents),
    register: registerService(db, clock, schemes, config.baseUrl),
    documents,
    tokens: tokenService(db, clock),
  };
}

export type Services = ReturnType<typeof createServices>;
