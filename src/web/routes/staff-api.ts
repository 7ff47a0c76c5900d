import { Router } from 'express';
import type { AppDeps } from '../../app.js';

/** Routes of the staff JSON API for auditors' tools. */
export function staffApiRoutes(_deps: AppDeps): Router {
  return Router();
}
