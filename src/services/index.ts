import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { createPdfSigner, type PdfSigner, type SigningKeys } from '../pdf/index.js';
import { databaseFile, type Db } from '../persistence/database.js';
import { centreContactService } from './centre-contact-service.js';
import { centreService } from './centre-service.js';
import { certificateDocumentService, ISSUER } from './certificate-documents.js';
import { checkService } from './check-service.js';
import { feedService } from './feed-service.js';
import { auditService } from './audit-service.js';
import { brandService } from './brand-service.js';
import { checklistService } from './checklist-service.js';
import { type CertificateDocuments, certificateStatusService } from './certificate-status-service.js';
import { complaintService } from './complaint-service.js';
import { correctiveActionService } from './corrective-action-service.js';
import { certificateNotices } from './certificate-notices.js';
import { decisionService } from './decision-service.js';
import { evidenceService } from './evidence-service.js';
import { type MailRenderer, type MailTransport, mailService, smtpTransport } from './mail-service.js';
import { registerService } from './register-service.js';
import { schemeService } from './scheme-service.js';
import { searchThreads } from './search-threads.js';
import { tokenService } from './token-service.js';
import { transparencyService } from './transparency-service.js';
import { passwordHasher } from './passwords.js';
import { userService } from './user-service.js';
import { watchService } from './watch-service.js';
import { watchTokens } from './watch-tokens.js';
import { webhookDispatcher } from './webhook-dispatcher.js';
import { webhookService } from './webhook-service.js';

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
  /** Receives the certificates whose PDF must be redrawn; default: draw and sign them at once. */
  documentRefresh?: CertificateDocuments;
  /**
   * E-mail: the renderer of outbox messages (the web layer's views and catalogues, injected by
   * bootstrap) and where mail goes (default: SMTP_URL's server, or nowhere: the outbox keeps
   * everything). 'replay' is the demo history being replayed: its years of past notices are
   * not news to anyone and are not queued.
   */
  mail: { renderer: MailRenderer; transport?: MailTransport | null } | 'replay';
  /**
   * The module a search thread runs (the web layer's, which presents and serialises what it
   * finds; injected by bootstrap). Without it searches are answered on the main thread.
   */
  searchThread?: URL;
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
  const refresher = deps.documentRefresh ?? documents;
  const file = databaseFile(db);
  const audits = auditService(db, clock, schemes);
  const mail =
    deps.mail === 'replay'
      ? mailService(db, clock, config, 'replay')
      : mailService(db, clock, config, {
          renderer: deps.mail.renderer,
          transport:
            deps.mail.transport !== undefined
              ? deps.mail.transport
              : config.smtpUrl
                ? smtpTransport(config.smtpUrl)
                : null,
        });
  const tokens = watchTokens(db);
  const notices = certificateNotices(db, mail, tokens);
  const certificates = certificateStatusService(db, clock, schemes, refresher, notices);
  return {
    schemes,
    users: userService(db, clock, passwordHasher(config.passwordHashCost)),
    centres: centreService(db, clock),
    centreContact: centreContactService(db, clock),
    audits,
    checklist: checklistService(db, clock, audits),
    decisions: decisionService(db, clock, schemes, refresher, notices),
    correctiveActions: correctiveActionService(db, clock, refresher, notices),
    certificates,
    brands: brandService(db, clock),
    complaints: complaintService(db, clock, { audits, certificates, schemes, mail }, refresher),
    register: registerService(
      db,
      clock,
      (code) => schemes.get(code),
      // An in-memory database cannot be opened a second time: it is searched on this thread.
      config.searchThreads > 0 && file && deps.searchThread
        ? searchThreads(deps.searchThread, file.path, config.searchThreads)
        : undefined,
    ),
    documents,
    tokens: tokenService(db, clock),
    transparency: transparencyService(db, clock),
    evidence: evidenceService(db, clock, config, schemes),
    check: checkService(db, clock),
    feeds: feedService(db),
    mail,
    watch: watchService(db, clock, mail, tokens),
    webhooks: webhookService(db, clock, config),
    webhookDispatcher: webhookDispatcher(db, clock, config),
  };
}

export type Services = ReturnType<typeof createServices>;
/** The signed-in person as every layer above the services sees them. */
export type { User } from '../persistence/user-repository.js';
