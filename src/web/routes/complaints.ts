import { Router, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import type { AppDeps } from '../../app.js';
import { notFound } from '../../errors.js';
import type { Appeal, Complaint } from '../../persistence/complaint-repository.js';
import { complaintQueries, complaintStates } from '../../services/complaint-queries.js';
import {
  attemptComplaintForm as attempt,
  formStrings,
  type Errors,
  type FormFailure,
  type Values,
} from '../complaint-forms.js';
import type { Translate } from '../i18n.js';
import { currentUser, requireRole } from '../middleware/auth.js';
import { renderPage } from '../render.js';

const idParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const OPEN_AUDIT_STATES = ['planned', 'in_progress', 'submitted'];

/** Routes of the public complaint form and staff handling of complaints and appeals. */
export function complaintRoutes({ services, db, config }: AppDeps): Router {
  const router = Router();
  const queries = complaintQueries(db);
  const complaints = services.complaints;
  const certification = services.certification;
  const t = (res: Response) => res.locals.t as Translate;

  const complaintFields = ['centre', 'name', 'email', 'body'];

  const renderComplaintForm = (res: Response, values: Values, errors: Errors, message: string | null, status = 200) =>
    renderPage(
      res,
      'complaints/new',
      { title: t(res)('complaints.form.title'), centres: queries.registeredCentres(), values, errors, message },
      status,
    );

  // Per address: enough for a person, too few for a script flooding the staff's queue. Refused
  // posts do not count, so someone correcting a typo is never locked out.
  const filingLimiter = rateLimit({
    windowMs: 60 * 60 * 1000,
    limit: config.env === 'test' ? 1000 : 5,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skipFailedRequests: true,
    handler: (req, res, next) => {
      renderComplaintForm(
        res,
        formStrings(req.body, complaintFields),
        {},
        t(res)('complaints.form.tooMany'),
        429,
      ).catch(next);
    },
  });

  router.get('/complaints/new', async (req, res) => {
    const wanted = typeof req.query.centre === 'string' ? req.query.centre : '';
    const centre = queries.registeredCentres().some((c) => c.slug === wanted) ? wanted : '';
    await renderComplaintForm(res, { centre, name: '', email: '', body: '' }, {}, null);
  });

  router.post('/complaints', filingLimiter, async (req, res) => {
    const values = formStrings(req.body, complaintFields);
    const outcome = await attempt(() => complaints.file(values), values, t(res));
    if (!outcome.ok) return renderComplaintForm(res, values, outcome.errors, outcome.message, outcome.status);
    const centre = services.centres.findById(outcome.value.centreId)!;
    // No redirect: the reference is this visitor's only receipt, and no account holds it.
    res.set('cache-control', 'no-store');
    await renderPage(
      res,
      'complaints/thanks',
      { title: t(res)('complaints.thanks.title'), complaint: outcome.value, centre },
      201,
    );
  });

  router.use(['/admin/complaints', '/admin/appeals'], requireRole('admin'));

  router.get('/admin/complaints', async (req, res) => {
    const state = z.enum(complaintStates).safeParse(req.query.state);
    await renderPage(res, 'complaints/admin-list', {
      title: t(res)('complaints.admin.listTitle'),
      rows: queries.complaints(state.success ? state.data : undefined),
      states: complaintStates,
      state: state.success ? state.data : '',
    });
  });

  const findComplaint = (raw: unknown): Complaint => {
    const id = idParam.safeParse(raw);
    const complaint = id.success ? complaints.find(id.data) : undefined;
    if (!complaint) throw notFound('Complaint');
    return complaint;
  };

  const triageFields = ['decision', 'severity', 'resolution', 'auditor'];

  async function renderComplaint(
    req: Request,
    res: Response,
    complaint: Complaint,
    values: Values,
    failure: FormFailure | null,
  ) {
    const centre = services.centres.findById(complaint.centreId)!;
    const done = req.query.done === 'triaged' && failure === null;
    await renderPage(
      res,
      'complaints/admin-show',
      {
        title: t(res)('complaints.admin.showTitle', { id: complaint.id }),
        complaint,
        centre,
        certificate:
          certification.liveCertificate(centre.id) ?? certification.certificatesForCentre(centre.id)[0] ?? null,
        openAudits: certification.listAuditsForCentre(centre.id).filter((a) => OPEN_AUDIT_STATES.includes(a.state)),
        triagedBy: complaint.triagedBy === null ? null : (services.users.find(complaint.triagedBy) ?? null),
        // An auditor linked to the centre would be refused by the planning: not offered at all.
        auditors: services.users.auditors().filter((a) => !a.conflictCentreIds.includes(centre.id)),
        values,
        errors: failure?.errors ?? {},
        message: failure?.message ?? null,
        done,
      },
      failure?.status ?? 200,
    );
  }

  router.get('/admin/complaints/:id', async (req, res) => {
    await renderComplaint(
      req,
      res,
      findComplaint(req.params.id),
      { decision: '', severity: '', resolution: '', auditor: '' },
      null,
    );
  });

  router.post('/admin/complaints/:id/triage', async (req, res) => {
    const complaint = findComplaint(req.params.id);
    const values = formStrings(req.body, triageFields);
    if (complaint.state !== 'received') {
      return renderComplaint(req, res, complaint, values, {
        status: 409,
        errors: {},
        message: t(res)('complaints.triage.alreadyHandled'),
      });
    }
    const input = {
      decision: values.decision,
      severity: values.severity || undefined,
      resolution: values.resolution,
      auditor: values.auditor,
    };
    const outcome = await attempt(() => complaints.triage(complaint.id, input, currentUser(req)), values, t(res));
    if (!outcome.ok) return renderComplaint(req, res, findComplaint(complaint.id), values, outcome);
    res.redirect(303, `/admin/complaints/${complaint.id}?done=triaged`);
  });

  router.get('/admin/appeals', async (_req, res) => {
    await renderPage(res, 'complaints/appeals-list', {
      title: t(res)('complaints.appeals.listTitle'),
      rows: queries.appeals(),
    });
  });

  const findAppeal = (raw: unknown): Appeal => {
    const id = idParam.safeParse(raw);
    const appeal = id.success ? complaints.findAppeal(id.data) : undefined;
    if (!appeal) throw notFound('Appeal');
    return appeal;
  };

  const userName = (id: number | null) => (id === null ? null : (services.users.find(id)?.name ?? null));

  async function renderAppeal(
    req: Request,
    res: Response,
    appeal: Appeal,
    values: Values,
    failure: FormFailure | null,
  ) {
    const user = currentUser(req);
    const audit = certification.getAudit(appeal.auditId);
    await renderPage(
      res,
      'complaints/appeal-show',
      {
        title: t(res)('complaints.appeals.showTitle', { id: appeal.id }),
        appeal,
        audit,
        centre: services.centres.findById(appeal.centreId)!,
        certificate: audit.certificateId === null ? null : (certification.certificateById(audit.certificateId) ?? null),
        names: {
          decider: userName(audit.decidedBy),
          auditor: userName(audit.auditorId),
          filedBy: userName(appeal.filedBy),
          resolvedBy: userName(appeal.resolvedBy),
        },
        // Four eyes: whoever decided or audited is told so instead of being offered the form.
        isInvolved: audit.decidedBy === user.id || audit.auditorId === user.id,
        values,
        errors: failure?.errors ?? {},
        message: failure?.message ?? null,
        done: req.query.done === 'resolved' && failure === null,
      },
      failure?.status ?? 200,
    );
  }

  router.get('/admin/appeals/:id', async (req, res) => {
    await renderAppeal(req, res, findAppeal(req.params.id), { verdict: '', resolution: '' }, null);
  });

  router.post('/admin/appeals/:id/resolve', async (req, res) => {
    const appeal = findAppeal(req.params.id);
    const values = formStrings(req.body, ['verdict', 'resolution']);
    const outcome = await attempt(() => complaints.resolveAppeal(appeal.id, values, currentUser(req)), values, t(res));
    if (!outcome.ok) return renderAppeal(req, res, findAppeal(appeal.id), values, outcome);
    res.redirect(303, `/admin/appeals/${appeal.id}?done=resolved`);
  });

  return router;
}
