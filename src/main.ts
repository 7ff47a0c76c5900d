import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { createApp } from './app.js';
import { assertNoDemoAccounts, openRegistry, type Registry, seedDemoOnFirstStart } from './bootstrap.js';
import { systemClock } from './clock.js';
import { ConfigError, loadConfig, StartupError, type Config } from './config.js';
import { drainable } from './graceful-shutdown.js';
import { createLogger } from './logger.js';
import { closeDatabase } from './persistence/database.js';
import { sessionRepository } from './persistence/session-repository.js';
import { claimServerLock } from './server-lock.js';

/** Starts the registry server; resolves once it listens. Refuses unsafe starts with a StartupError. */
export async function startServer(config: Config): Promise<Server> {
  const logger = createLogger(config);
  const clock = systemClock;
  const registry = openRegistry(config, clock);
  try {
    assertNoDemoAccounts(registry, config);
  } catch (err) {
    closeDatabase(registry.db);
    throw err;
  }
  if (config.demoData) await seedDemoOnFirstStart(registry, config, clock, logger);
  if (config.isProduction && config.baseUrl.startsWith('http:')) {
    logger.warn(
      { baseUrl: config.baseUrl },
      'BASE_URL is plain HTTP in production: browsers will not send the Secure session cookie, so nobody can sign in. Serve over HTTPS (and set TRUST_PROXY behind a TLS proxy).',
    );
  }
  const stopSweeping = await startSweep(registry, clock, logger);
  // What the last run (or a crash) left queued goes out now; then every few seconds, and at once
  // after a change queues a message.
  const stopMailing = registry.services.mail.startSender(MAIL_INTERVAL_MS, (err) =>
    logger.error({ err }, 'mail delivery failed'),
  );
  if (!registry.services.mail.isSending()) {
    logger.info('SMTP_URL is not set: e-mail stays in the outbox (/admin/outbox) and is not sent');
  }
  // The webhook outbox: every couple of seconds, and at once when a transaction queued something.
  // What a crash left unsent is sent on this first run.
  const stopWebhooks = registry.services.webhookDispatcher.start(
    WEBHOOK_INTERVAL_MS,
    (report) => logger.info(report, 'webhook deliveries attempted'),
    (err) => logger.error({ err }, 'webhook dispatch failed'),
  );

  // The first visitor's search should not wait for the search threads to open the database.
  await registry.services.register.start();
  let shuttingDown = false;
  const app = createApp({
    config,
    db: registry.db,
    services: registry.services,
    clock,
    logger,
    sessionSecret: registry.sessionSecret,
    lifecycle: { isShuttingDown: () => shuttingDown },
  });

  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.once('error', reject);
  });
  const drain = drainable(server);
  const releaseLock = config.databasePath === ':memory:' ? () => {} : claimServerLock(config.databasePath);
  logger.info(
    { url: `http://${config.host}:${config.port}`, database: config.databasePath },
    'Keurmerk registry listening',
  );

  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    stopSweeping();
    stopMailing();
    const webhooksStopped = stopWebhooks();
    logger.info({ signal }, 'shutting down: answering the requests already received');
    const cut = await drain.drain(config.shutdownTimeoutMs);
    // An attempt under way finishes (at most its timeout); one cut off is sent again after restart.
    await webhooksStopped;
    await registry.services.register.close();
    closeDatabase(registry.db);
    releaseLock();
    if (cut > 0) {
      logger.error({ cut }, `stopped after ${config.shutdownTimeoutMs / 1000} s, cutting off ${cut} request(s)`);
      process.exit(1);
    }
    logger.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  return server;
}

/** How often the sender looks for due messages (retries; new messages nudge it at once). */
const MAIL_INTERVAL_MS = 5_000;
/** How often the webhook dispatcher looks for due deliveries (a commit nudges it at once). */
const WEBHOOK_INTERVAL_MS = 2_000;

/**
 * Time-driven consequences must not wait for someone to run the CLI: sweep now and hourly.
 * Expired sessions, unconfirmed watch requests and old delivered mail are deleted on the same
 * beat, so no table keeps what is no longer needed.
 */
async function startSweep(registry: Registry, clock: typeof systemClock, logger: Logger): Promise<() => void> {
  const sessions = sessionRepository(registry.db);
  const sweep = () =>
    registry.services.certificates
      .sweep(clock.now())
      .then((changes) => {
        if (changes.length > 0) logger.info({ changes }, `sweep applied ${changes.length} status change(s)`);
        const pruned = sessions.prune(clock.now().getTime());
        if (pruned > 0) logger.debug({ pruned }, 'expired sessions deleted');
        const forgotten = registry.services.watch.prune(clock.now());
        if (forgotten > 0) logger.debug({ forgotten }, 'unconfirmed watch requests deleted');
        const expired = registry.services.mail.prune(clock.now());
        if (expired > 0) logger.debug({ expired }, 'delivered messages past their retention deleted');
      })
      .catch((err: unknown) => logger.error({ err }, 'sweep failed'));
  await sweep();
  const timer = setInterval(sweep, 60 * 60 * 1000);
  timer.unref();
  return () => clearInterval(timer);
}

const isEntryPoint = import.meta.url === `file://${process.argv[1]}`;
if (isEntryPoint) {
  try {
    await startServer(loadConfig());
  } catch (err) {
    // Configuration and start-up problems are the operator's to fix: one line, no stack.
    if (err instanceof ConfigError || err instanceof StartupError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}
