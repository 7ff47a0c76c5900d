import { Router } from 'express';
import type { AppDeps } from '../../app.js';

/** Routes of the staff administration of users and centres. */
export function adminRoutes(_deps: AppDeps): Router {
  return Router();
}
