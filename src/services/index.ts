import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db } from '../persistence/database.js';
import { centreService } from './centre-service.js';
import { certificationService, type CertificateDocuments } from './certification-service.js';
import { schemeService } from './scheme-service.js';
import { tokenService } from './token-service.js';
import { userService } from './user-service.js';

export interface ServiceDeps {
  db: Db;
  clock: Clock;
  config: Config;
  /** Re-issues certificate PDFs after status changes; absent where no signing key is loaded. */
  documents?: CertificateDocuments | null;
}

/** Every use case of the registry, shared by the web app and the CLI. */
export function createServices(deps: ServiceDeps) {
  const { db, clock } = deps;
  const schemes = schemeService(db, clock);
  return {
    schemes,
    users: userService(db, clock),
    centres: centreService(db, clock),
    certification: certificationService(db, clock, schemes, deps.documents ?? null),
    tokens: tokenService(db, clock),
  };
}

export type Services = ReturnType<typeof createServices>;
