import { Router } from 'express';
import type { AppDeps } from '../../app.js';

/** Routes of the the contact centre's own portal. */
export function portalRoutes(_deps: AppDeps): Router {
  return Router();
}
