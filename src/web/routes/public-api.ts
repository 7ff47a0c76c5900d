import { Router } from 'express';
import type { AppDeps } from '../../app.js';

/** Routes of the public JSON API and OpenAPI document. */
export function publicApiRoutes(_deps: AppDeps): Router {
  return Router();
}
