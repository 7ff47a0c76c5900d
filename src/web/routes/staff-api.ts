import { type Request, Router } from 'express';
import {
  answersBodySchema,
  createCentreBodySchema,
  decisionBodySchema,
  planAuditSchema,
} from '../../contracts/staff.js';
import { currentUser, requireRole } from '../middleware/auth.js';
import { parseOrThrow, idParam } from '../input.js';
import { auditPresenter } from '../presenters/audit-json.js';
import { presentCentre } from '../presenters/centre-presenter.js';
import type { RouteDeps } from '../route-deps.js';

/** The staff JSON API (Bearer tokens of admins and auditors); shapes per PRODUCT.md "Staff API". */
export function staffApiRoutes({ services }: RouteDeps): Router {
  const router = Router();
  const staff = requireRole('admin', 'auditor');
  const present = auditPresenter(services);

  /** The audit of the path, when the caller may see it; for anyone else it does not exist. */
  const visibleAudit = (req: Request) =>
    services.audits.findVisibleAudit(parseOrThrow(idParam, req.params.id, 'audit id'), currentUser(req));

  router.post('/api/v1/centres', requireRole('admin'), (req, res) => {
    const centre = services.centres.create(parseOrThrow(createCentreBodySchema, req.body ?? {}), currentUser(req));
    res.status(201).location(`/api/v1/centres/${centre.slug}`).json(presentCentre(centre));
  });

  router.post('/api/v1/audits', requireRole('admin'), (req, res) => {
    const audit = services.audits.plan(parseOrThrow(planAuditSchema, req.body ?? {}), currentUser(req));
    res.status(201).location(`/api/v1/audits/${audit.id}`).json(present.audit(audit));
  });

  router.get('/api/v1/audits', staff, (req, res) => {
    const user = currentUser(req);
    const audits = services.audits.listVisibleTo(user);
    res.json(present.list(audits));
  });

  router.get('/api/v1/audits/:id', staff, (req, res) => {
    const { audit, answers, progress } = services.audits.assessment(visibleAudit(req).id);
    res.json(present.audit(audit, { answers, progress, evidence: services.evidence.forChecklist(audit.id) }));
  });

  router.put('/api/v1/audits/:id/answers', staff, (req, res) => {
    const audit = visibleAudit(req);
    const body = parseOrThrow(answersBodySchema, req.body, 'answers document');
    res.json(present.answersSaved(services.audits.saveAnswers(audit.id, body, currentUser(req))));
  });

  router.post('/api/v1/audits/:id/submit', staff, (req, res) => {
    const audit = visibleAudit(req);
    res.json(present.submitted(services.audits.submit(audit.id, currentUser(req))));
  });

  router.post('/api/v1/audits/:id/decision', requireRole('admin'), async (req, res) => {
    const audit = visibleAudit(req);
    const body = parseOrThrow(decisionBodySchema, req.body ?? {}, 'decision');
    const user = currentUser(req);
    if (body.action === 'return') {
      res.json(present.returned(services.decisions.returnToAuditor(audit.id, body.reason ?? '', user)));
      return;
    }
    res.json(present.decided(await services.decisions.decide(audit.id, user, body.reason)));
  });

  return router;
}
