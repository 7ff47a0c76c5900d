import { Router } from 'express';
import type { AppDeps } from '../../app.js';

/** Routes of the audit planning, checklist entry, decisions and corrective-action review. */
export function auditRoutes(_deps: AppDeps): Router {
  return Router();
}
