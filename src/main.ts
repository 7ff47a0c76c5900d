import type { Server } from 'node:http';
import { createApp } from './app.js';
import { openRegistry, seedDemoOnFirstStart } from './bootstrap.js';
import { systemClock } from './clock.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger } from './logger.js';
import { closeDatabase } from './persistence/database.js';
import { sessionRepository } from './persistence/session-repository.js';

/** Starts the registry server; resolves once it listens. */
export async function startServer(config: Config): Promise<Server> {
  const logger = createLogger(config);
  const clock = systemClock;
  const registry = openRegistry(config, clock);
  if (config.demoData) await seedDemoOnFirstStart(registry, config, clock, logger);

  // Time-driven consequences must not wait for someone to run the CLI: sweep now and hourly.
  // Expired sessions are deleted on the same beat, so the sessions table stays bounded.
  const sessions = sessionRepository(registry.db);
  const sweep = () =>
    registry.services.certificates
      .sweep(clock.now())
      .then((changes) => {
        if (changes.length > 0) logger.info({ changes }, `sweep applied ${changes.length} status change(s)`);
        const pruned = sessions.prune(clock.now().getTime());
        if (pruned > 0) logger.debug({ pruned }, 'expired sessions deleted');
      })
      .catch((err: unknown) => logger.error({ err }, 'sweep failed'));
  await sweep();
  const sweepTimer = setInterval(sweep, 60 * 60 * 1000);
  sweepTimer.unref();

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
  logger.info(
    { url: `http://${config.host}:${config.port}`, database: config.databasePath },
    'Keurmerk registry listening',
  );

  const shutdown = (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    clearInterval(sweepTimer);
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    // Stop accepting, let running requests finish, then close the database.
    server.close(() => {
      closeDatabase(registry.db);
      logger.info('stopped');
      process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => {
      logger.warn('forcing exit after 10 s');
      server.closeAllConnections();
    }, 10_000).unref();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  return server;
}

const isEntryPoint = import.meta.url === `file://${process.argv[1]}`;
if (isEntryPoint) {
  try {
    await startServer(loadConfig());
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}
