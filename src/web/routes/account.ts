import { Router } from 'express';
import type { AppDeps } from '../../app.js';

/** Routes of the dashboard and personal API tokens. */
export function accountRoutes(_deps: AppDeps): Router {
  return Router();
}
