import { type Request, type RequestHandler, type Response, Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { channelCodes } from '../../domain/centre.js';
import {
  appealResolutionSchema,
  complaintInputSchema,
  complaintStates,
  dismissalReasons,
  isOverdue,
  MAX_CONTACT_AGE_DAYS,
  triageSchema,
} from '../../domain/complaint.js';
import { addDays } from '../../domain/dates.js';
import { canResolveAppeal } from '../../domain/policies/complaint-policy.js';
import { isOneOf, openAuditStates } from '../../domain/vocabulary.js';
import { notFound } from '../../errors.js';
import { dayOf } from '../../services/actor.js';
import { type Appeal, type Complaint, followPath } from '../../services/complaint-service.js';
import { describe } from '../describe.js';
import { type FormState, formHandler, formValues, parse, idParam } from '../input.js';
import { currentUser, requireRole } from '../middleware/auth.js';
import { renderPage } from '../render.js';
import type { RouteDeps } from '../route-deps.js';

const complaintFields = [
  'centre',
  'brand',
  'body',
  'contactedOn',
  'channel',
  'name',
  'email',
  'wantsReplies',
  'shareIdentity',
] as const;
const triageFields = ['decision', 'severity', 'dismissalReason', 'resolution', 'auditor'] as const;
const resolutionFields = ['verdict', 'resolution'] as const;

/**
 * The field a person never sees (hidden by the stylesheet, skipped by the keyboard and screen
 * readers): a script filling every field fills it too, and its complaint is refused.
 */
export const HONEYPOT_FIELD = 'fax';

const emptyForm = (fields: readonly string[]): FormState => ({
  values: Object.fromEntries(fields.map((f) => [f, ''])),
  errors: {},
  formError: null,
});

/** How many complaints an hour one address, and all addresses together for one centre, may file. */
export interface ComplaintLimits {
  perAddress: number;
  perCentre: number;
}

export const productionComplaintLimits: ComplaintLimits = { perAddress: 5, perCentre: 20 };

/** The search text of the complaint form's centre finder: trimmed, at most 100 characters. */
const searchText = (raw: unknown) => (typeof raw === 'string' ? raw.trim().slice(0, 100) : '');

/** Routes of the public complaint form, the complainant's status page and staff handling of complaints and appeals. */
export function complaintRoutes({ services, config, clock }: RouteDeps, limits: ComplaintLimits): Router {
  const router = Router();
  const { complaints, audits, certificates, centres, users } = services;

  /**
   * The form in two steps that also work without JavaScript: find the centre (by its name or
   * a brand it answers for) with a GET search, then describe what happened. The script only
   * shows the search results while typing.
   */
  async function renderComplaintForm(req: Request, res: Response, form: FormState, status = 200) {
    const chosen = form.values.centre ? complaints.registeredCentre(form.values.centre) : undefined;
    const q = searchText(req.query.q);
    const today = dayOf(clock.now());
    await renderPage(
      res,
      'complaints/new',
      {
        title: res.locals.t('complaints.form.title'),
        chosen: chosen ?? null,
        q,
        found: !chosen && q ? complaints.findCentres(q) : [],
        // A refused post without a valid centre keeps what was typed on the page, under the search.
        keepDraft: !chosen && status >= 400 && Boolean(form.values.body),
        values: form.values,
        errors: form.errors,
        message: form.formError,
        channels: channelCodes,
        today,
        earliest: addDays(today, -MAX_CONTACT_AGE_DAYS),
        responseTime: complaints.responseTime(),
        honeypot: HONEYPOT_FIELD,
      },
      status,
    );
  }

  // Per address: enough for a person, too few for a script flooding the staff's queue. Per
  // centre as well, over all addresses: someone rotating addresses still cannot bury one
  // centre's file. Refused posts do not count, so someone correcting a typo is never locked out.
  const limiter = (limit: number, message: string, keyGenerator?: (req: Request) => string) =>
    rateLimit({
      windowMs: 60 * 60 * 1000,
      limit,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      skipFailedRequests: true,
      // X-Forwarded-For without TRUST_PROXY is expected (a client may send anything); the
      // setting is documented, and the limiter's console warning would only be noise.
      validate: { xForwardedForHeader: false },
      ...(keyGenerator ? { keyGenerator } : {}),
      handler: (req, res, next) => {
        const form = {
          values: formValues(req.body, complaintFields),
          errors: {},
          formError: res.locals.t(message),
        };
        renderComplaintForm(req, res, form, 429).catch(next);
      },
    });
  const centreOf = (req: Request) => {
    const centre = (req.body as Record<string, unknown> | undefined)?.centre;
    return `centre:${typeof centre === 'string' ? centre.slice(0, 100) : ''}`;
  };
  const filingLimiters = [
    limiter(limits.perAddress, 'complaints.form.tooMany'),
    limiter(limits.perCentre, 'complaints.form.tooManyForCentre', centreOf),
  ];

  // A filled honeypot is refused like any invalid form (400, nothing stored, not counted by the
  // limits); the message gives a person who somehow filled it a way on.
  const refuseHoneypot: RequestHandler = (req, res, next) => {
    const trap = (req.body as Record<string, unknown> | undefined)?.[HONEYPOT_FIELD];
    if (trap === undefined || trap === '') return next();
    const form = {
      values: formValues(req.body, complaintFields),
      errors: {},
      formError: res.locals.t('complaintFollow.form.honeypot'),
    };
    renderComplaintForm(req, res, form, 400).catch(next);
  };

  router.get('/complaints/new', async (req, res) => {
    const form = emptyForm(complaintFields);
    const wanted = typeof req.query.centre === 'string' ? req.query.centre : '';
    form.values.centre = wanted && complaints.registeredCentre(wanted) ? wanted : '';
    form.values.brand = form.values.centre ? searchText(req.query.brand).slice(0, 80) : '';
    await renderComplaintForm(req, res, form);
  });

  // The finder's answers while typing (the script of the form); the same search as the GET step.
  router.get('/complaints/centres.json', (req, res) => {
    const q = searchText(req.query.q);
    res.set('cache-control', 'no-store');
    res.json({ query: q, centres: q.length >= 2 ? complaints.findCentres(q) : [] });
  });

  router.post(
    '/complaints',
    ...filingLimiters,
    refuseHoneypot,
    formHandler(
      {
        schema: complaintInputSchema,
        fields: complaintFields,
        render: (req, res, form, status) => renderComplaintForm(req, res, form, status),
      },
      async (_req, res, input) => {
        const filed = complaints.file(input, res.locals.locale);
        // No redirect: the link is this visitor's only receipt when no address was given.
        res.set('cache-control', 'no-store');
        await renderPage(
          res,
          'complaints/thanks',
          {
            title: res.locals.t('complaints.thanks.title'),
            complaint: filed,
            // In the language of the form, as the e-mail's link is.
            statusLink: `${config.baseUrl}${followPath(filed.reference!, filed.secret)}?lang=${res.locals.locale}`,
            centre: centres.findById(filed.centreId),
          },
          201,
        );
      },
    ),
  );

  // The complainant's status page: reference and secret, or the same 404 as an unknown reference.
  router.get('/complaints/follow/:reference/:secret', async (req, res) => {
    const complaint = complaints.follow(String(req.params.reference), String(req.params.secret));
    const centre = centres.findById(complaint.centreId)!;
    res.set('cache-control', 'no-store');
    res.set('x-robots-tag', 'noindex');
    await renderPage(res, 'complaints/follow', {
      title: res.locals.t('complaintFollow.status.title', { reference: complaint.reference ?? '' }),
      complaint,
      centre,
      isOverdue: isOverdue(complaint, dayOf(clock.now())),
    });
  });

  router.use(['/admin/complaints', '/admin/appeals'], requireRole('admin'));

  router.get('/admin/complaints', async (req, res) => {
    const state = isOneOf(complaintStates, req.query.state) ? req.query.state : undefined;
    // One read: the overdue count is over every complaint, whichever state the list shows.
    const all = complaints.complaintRows();
    await renderPage(res, 'complaints/admin-list', {
      title: res.locals.t('complaints.admin.listTitle'),
      rows: state ? all.filter((row) => row.state === state) : all,
      overdueCount: all.filter((row) => row.isOverdue).length,
      states: complaintStates,
      state: state ?? '',
    });
  });

  const findComplaint = (raw: unknown): Complaint => {
    const id = parse(idParam, raw);
    const complaint = id.ok ? complaints.find(id.data) : undefined;
    if (!complaint) throw notFound('complaint');
    return complaint;
  };

  async function renderComplaint(req: Request, res: Response, form: FormState, status = 200) {
    const complaint = findComplaint(req.params.id);
    const centre = centres.findById(complaint.centreId)!;
    const certificate =
      certificates.liveCertificate(centre.id) ?? certificates.certificatesForCentre(centre.id)[0] ?? null;
    await renderPage(
      res,
      'complaints/admin-show',
      {
        title: res.locals.t('complaints.admin.showTitle', { id: complaint.id }),
        complaint,
        centre,
        certificate,
        // The reason of a suspension, in the reader's language when it carries a code.
        certificateReason: certificate?.statusReasonCode
          ? describe(
              { code: certificate.statusReasonCode, params: certificate.statusReasonParams ?? {} },
              res.locals.t,
              res.locals.locale,
            )
          : (certificate?.statusReason ?? null),
        openAudits: audits.listForCentre(centre.id).filter((a) => isOneOf(openAuditStates, a.state)),
        triagedBy: complaint.triagedBy === null ? null : (users.find(complaint.triagedBy) ?? null),
        // An auditor linked to the centre would be refused by the planning: not offered at all.
        auditors: users.auditors().filter((a) => !a.conflictCentreIds.includes(centre.id)),
        dismissalReasons,
        isOverdue: isOverdue(complaint, dayOf(clock.now())),
        values: form.values,
        errors: form.errors,
        message: form.formError,
        done: (req.query.done === 'triaged' || req.query.done === 'review') && status === 200 ? req.query.done : null,
      },
      status,
    );
  }

  router.get('/admin/complaints/:id', (req, res) => renderComplaint(req, res, emptyForm(triageFields)));

  router.post('/admin/complaints/:id/review', (req, res) => {
    const complaint = findComplaint(req.params.id);
    complaints.startReview(complaint.id, currentUser(req));
    res.redirect(303, `/admin/complaints/${complaint.id}?done=review`);
  });

  router.post(
    '/admin/complaints/:id/triage',
    formHandler({ schema: triageSchema, fields: triageFields, render: renderComplaint }, async (req, res, input) => {
      const complaint = findComplaint(req.params.id);
      await complaints.triage(complaint.id, input, currentUser(req));
      res.redirect(303, `/admin/complaints/${complaint.id}?done=triaged`);
    }),
  );

  router.get('/admin/appeals', async (_req, res) => {
    await renderPage(res, 'complaints/appeals-list', {
      title: res.locals.t('complaints.appeals.listTitle'),
      rows: complaints.appealRows(),
    });
  });

  const findAppeal = (raw: unknown): Appeal => {
    const id = parse(idParam, raw);
    const appeal = id.ok ? complaints.findAppeal(id.data) : undefined;
    if (!appeal) throw notFound('appeal');
    return appeal;
  };

  const userName = (id: number | null) => (id === null ? null : (users.find(id)?.name ?? null));

  async function renderAppeal(req: Request, res: Response, form: FormState, status = 200) {
    const appeal = findAppeal(req.params.id);
    const audit = audits.getAudit(appeal.auditId);
    await renderPage(
      res,
      'complaints/appeal-show',
      {
        title: res.locals.t('complaints.appeals.showTitle', { id: appeal.id }),
        appeal,
        audit,
        centre: centres.findById(appeal.centreId)!,
        certificate: audit.certificateId === null ? null : (certificates.certificateById(audit.certificateId) ?? null),
        names: {
          decider: userName(audit.decidedBy),
          auditor: userName(audit.auditorId),
          filedBy: userName(appeal.filedBy),
          resolvedBy: userName(appeal.resolvedBy),
        },
        // The outcome's reasons in the reader's language (results stored before codes keep their English).
        reasons: audit.result?.reasonCodes
          ? audit.result.reasonCodes.map((reason) => describe(reason, res.locals.t, res.locals.locale))
          : (audit.result?.reasons ?? []),
        // Four eyes: whoever decided or audited is told so instead of being offered the form.
        mayResolve: canResolveAppeal(currentUser(req), audit).allowed,
        values: form.values,
        errors: form.errors,
        message: form.formError,
        done: req.query.done === 'resolved' && status === 200,
      },
      status,
    );
  }

  router.get('/admin/appeals/:id', (req, res) => renderAppeal(req, res, emptyForm(resolutionFields)));

  router.post(
    '/admin/appeals/:id/resolve',
    formHandler(
      { schema: appealResolutionSchema, fields: resolutionFields, render: renderAppeal },
      async (req, res, input) => {
        const appeal = findAppeal(req.params.id);
        await complaints.resolveAppeal(appeal.id, input, currentUser(req));
        res.redirect(303, `/admin/appeals/${appeal.id}?done=resolved`);
      },
    ),
  );

  return router;
}
