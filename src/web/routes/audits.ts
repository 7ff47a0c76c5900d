import { Router } from 'express';
import type { RouteDeps } from '../route-deps.js';
import { actionPages } from './action-pages.js';
import { auditPages } from './audit-pages.js';
import { checklistPages } from './checklist-pages.js';
import { decisionPages } from './decision-pages.js';

/** The staff pages of certification: audits, their checklists, decisions and corrective actions. */
export function auditRoutes(deps: RouteDeps): Router {
  return Router().use(auditPages(deps), checklistPages(deps), decisionPages(deps), actionPages(deps));
}
