import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Services } from '../services/index.js';

/**
 * What a route factory may use. There is no database here on purpose: routes reach data only
 * through services, so a query never ends up in a handler.
 */
export interface RouteDeps {
  config: Config;
  services: Services;
  clock: Clock;
  logger: Logger;
  /** Lets /readyz report a shutdown in progress. */
  lifecycle?: { isShuttingDown(): boolean };
}
