import { Router } from 'express';
import type { AppDeps } from '../../app.js';

/** Routes of the public complaint form and staff handling of complaints and appeals. */
export function complaintRoutes(_deps: AppDeps): Router {
  return Router();
}
