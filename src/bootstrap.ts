import type { Logger } from 'pino';
import type { Clock } from './clock.js';
import { newSecret, StartupError, type Config } from './config.js';
import { schemesDir } from './paths.js';
import { migrateDatabase, openDatabase, type Db } from './persistence/database.js';
import { settingsRepository } from './persistence/settings-repository.js';
import { activeDemoAccounts, seedDemo } from './services/demo-seed.js';
import { loadSigningKeys } from './pdf/index.js';
import { createServices, createSigning, type Services } from './services/index.js';
import { mailRenderer } from './web/mail-renderer.js';

export interface Registry {
  db: Db;
  services: Services;
  sessionSecret: string;
}

export interface RegistryOptions {
  /**
   * Receives the certificates whose PDF must be redrawn after an issue or a status change,
   * instead of drawing and signing them at once. Test registries that are not about PDFs pass a
   * recorder; a PDF is then drawn (and signed) when it is first downloaded.
   */
  documentRefresh?: { refresh(certificateIds: number[]): Promise<void> };
}

/**
 * Opens the database, applies migrations and publishes the scheme files: everything the
 * server and the CLI need before they can do anything.
 */
export function openRegistry(config: Config, clock: Clock, options: RegistryOptions = {}): Registry {
  const db = openDatabase(config.databasePath, { synchronous: config.sqliteSynchronous });
  migrateDatabase(db);
  const keys = loadSigningKeys({
    p12Path: config.signingP12Path,
    p12Password: config.signingP12Password,
    keysDir: config.keysDir,
    now: clock.now(),
  });
  const services = createServices({
    db,
    clock,
    config,
    signing: createSigning(keys, config),
    documentRefresh: options.documentRefresh,
    mail: { renderer: mailRenderer({ baseUrl: config.baseUrl, cache: config.env !== 'development' }) },
    searchThread: new URL('./web/search-thread.js', import.meta.url),
  });
  services.schemes.publishDirectory(schemesDir);
  const sessionSecret = config.sessionSecret ?? settingsRepository(db).getOrCreate('session_secret', newSecret);
  return { db, services, sessionSecret };
}

/**
 * On the very first start (no centres yet) load the demo register and say how to log in. The
 * passwords are never logged: they are in the README, and logs outlive the demo.
 */
export async function seedDemoOnFirstStart(
  registry: Registry,
  config: Config,
  clock: Clock,
  logger: Logger,
): Promise<void> {
  if (registry.services.centres.count() > 0) return;
  const report = await seedDemo(registry.db, registry.services, config, clock.now());
  logger.info(
    { centres: report.centresAdded, logins: report.usersAdded.map(({ email, role }) => ({ email, role })) },
    'Demo register loaded; the demo logins and their passwords are in the README ("Demo logins"). Never use it for real.',
  );
}

/** Production refuses to serve while a login with a published password could still sign in. */
export function assertNoDemoAccounts(registry: Registry, config: Config): void {
  if (!config.isProduction) return;
  const active = activeDemoAccounts(registry.services);
  if (active.length === 0) return;
  throw new StartupError(
    `Refusing to serve in production: demo account(s) ${active.join(', ')} are enabled and their passwords are public; disable them with \`keurmerk user disable --email <e-mail>\` first.`,
  );
}
