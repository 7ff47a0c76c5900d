import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db } from '../persistence/database.js';
import { centreService } from './centre-service.js';
import { schemeService } from './scheme-service.js';
import { userService } from './user-service.js';

export interface ServiceDeps {
  db: Db;
  clock: Clock;
  config: Config;
}

/** Every use case of the registry, shared by the web app and the CLI. */
export function createServices(deps: ServiceDeps) {
  const { db, clock } = deps;
  return {
    schemes: schemeService(db, clock),
    users: userService(db, clock),
    centres: centreService(db, clock),
  };
}

export type Services = ReturnType<typeof createServices>;
