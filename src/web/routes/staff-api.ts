import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../../app.js';
import { answersSetSchema, type AnswerInput } from '../../domain/scoring.js';
import { AppError, forbidden, notFound } from '../../errors.js';
import type { Audit } from '../../persistence/audit-repository.js';
import type { Centre } from '../../persistence/centre-repository.js';
import type { Certificate } from '../../persistence/certificate-repository.js';
import type { Services } from '../../services/index.js';
import { decisionBodySchema } from '../api-schemas.js';
import { currentUser, requireRole } from '../middleware/auth.js';
import { parseOrThrow } from '../validation.js';

const idParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** Partial answer upload: the Answers exchange shape, where `scheme` may be left out. */
const answersUploadSchema = answersSetSchema.extend({ scheme: z.string().min(1).optional() }).extend({
  answers: answersSetSchema.shape.answers.max(500),
});

export function centreJson(centre: Centre) {
  return {
    slug: centre.slug,
    legalName: centre.legalName,
    tradeName: centre.tradeName,
    registrationNumber: centre.registrationNumber,
    country: centre.country,
    city: centre.city,
    type: centre.type,
    channels: centre.channels,
    languages: centre.languages,
    sectors: centre.sectors,
    sites: centre.sites,
    website: centre.website,
    size: centre.size,
  };
}

function auditJson(services: Services, audit: Audit, answers?: AnswerInput[]) {
  const centre = services.centres.findById(audit.centreId)!;
  const auditor = services.users.find(audit.auditorId)!;
  const certificate = audit.certificateId ? services.certification.certificateById(audit.certificateId) : undefined;
  return {
    id: audit.id,
    centre: centre.slug,
    type: audit.type,
    state: audit.state,
    scheme: audit.schemeCode,
    plannedFor: audit.plannedFor,
    auditor: auditor.email,
    certificate: certificate?.number ?? null,
    returnReason: audit.returnReason,
    submittedAt: audit.submittedAt,
    decidedAt: audit.decidedAt,
    result: audit.result,
    ...(answers ? { answers } : {}),
  };
}

/** The staff JSON API (Bearer tokens of admins and auditors); shapes per PRODUCT.md "Staff API". */
export function staffApiRoutes({ services }: AppDeps): Router {
  const router = Router();
  const staff = requireRole('admin', 'auditor');

  /** The affected certificate in the Certificate exchange shape (as GET /api/v1/certificates/:number). */
  function certificateJsonOf(cert: Certificate | null) {
    if (!cert) return null;
    const lookup = services.register.lookupCertificate(cert.number);
    return lookup.kind === 'found' ? lookup.certificate : null;
  }

  /** Loads an audit the caller may see: its auditor, or any admin. Others learn nothing. */
  function visibleAudit(req: Request): Audit {
    const user = currentUser(req);
    const audit = services.certification.getAudit(parseOrThrow(idParam, req.params.id, 'audit id'));
    if (user.role !== 'admin' && audit.auditorId !== user.id) throw notFound('Audit');
    return audit;
  }

  router.post('/api/v1/centres', requireRole('admin'), (req, res) => {
    const centre = services.centres.create(req.body ?? {}, currentUser(req));
    res.status(201).location(`/api/v1/centres/${centre.slug}`).json(centreJson(centre));
  });

  router.post('/api/v1/audits', requireRole('admin'), (req, res) => {
    const audit = services.certification.plan(req.body ?? {}, currentUser(req));
    res.status(201).location(`/api/v1/audits/${audit.id}`).json(auditJson(services, audit));
  });

  router.get('/api/v1/audits', staff, (req, res) => {
    const user = currentUser(req);
    const audits =
      user.role === 'admin'
        ? services.certification.listAudits()
        : services.certification.listAuditsForAuditor(user.id);
    res.json({ items: audits.map((a) => auditJson(services, a)) });
  });

  router.get('/api/v1/audits/:id', staff, (req, res) => {
    const audit = visibleAudit(req);
    const { answers, progress } = services.certification.assessment(audit.id);
    res.json({ ...auditJson(services, audit, answers), progress });
  });

  router.put('/api/v1/audits/:id/answers', staff, (req, res) => {
    const audit = visibleAudit(req);
    const user = currentUser(req);
    if (audit.auditorId !== user.id) throw forbidden('Only the assigned auditor can record answers');
    const body = parseOrThrow(answersUploadSchema, req.body, 'answers document');
    const saved = services.certification.saveAnswers(audit.id, body, user);
    res.json({
      id: saved.audit.id,
      state: saved.audit.state,
      progress: saved.progress,
      problems: saved.problems,
      result: saved.result,
    });
  });

  router.post('/api/v1/audits/:id/submit', staff, (req, res) => {
    const audit = visibleAudit(req);
    const { audit: submitted, result } = services.certification.submit(audit.id, currentUser(req));
    res.json({ id: submitted.id, state: submitted.state, result });
  });

  router.post('/api/v1/audits/:id/decision', requireRole('admin'), async (req, res) => {
    const audit = visibleAudit(req);
    const body = parseOrThrow(decisionBodySchema, req.body ?? {}, 'decision');
    const user = currentUser(req);
    if (body.action === 'return') {
      if (!body.reason)
        throw new AppError('bad_request', 'Say why the audit goes back to the auditor', [
          { path: 'reason', message: 'required when returning' },
        ]);
      const returned = services.certification.returnToAuditor(audit.id, body.reason, user);
      res.json({ audit: auditJson(services, returned), certificate: null });
      return;
    }
    const decision = await services.certification.decide(audit.id, user, body.reason);
    res.json({
      audit: auditJson(services, decision.audit),
      consequence: decision.consequence,
      certificate: certificateJsonOf(decision.certificate),
    });
  });

  return router;
}
