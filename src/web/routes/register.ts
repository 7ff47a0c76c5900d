import { Router } from 'express';
import type { AppDeps } from '../../app.js';

/** Routes of the public register pages (search, profile, compare, verify, seal, rules, open data). */
export function registerRoutes(_deps: AppDeps): Router {
  return Router();
}
