import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { planAuditSchema } from '../../contracts/staff.js';
import { canCancel, canDecide, canEditChecklist } from '../../domain/policies/audit-policy.js';
import { auditStates, auditTypes } from '../../domain/vocabulary.js';
import type { Audit } from '../../services/audit-service.js';
import { type FormState, formHandler } from '../input.js';
import { currentUser, requireRole } from '../middleware/auth.js';
import { auditSummary, type ProblemView, problemViews } from '../presenters/audit-view.js';
import { renderPage } from '../render.js';
import type { RouteDeps } from '../route-deps.js';
import { flashOf, idOf, requiredText } from './audit-shared.js';

const planFields = ['centre', 'type', 'plannedFor', 'auditor', 'scheme', 'reason'] as const;
const cancelSchema = z.object({ reason: requiredText('cancel_reason_required') });

interface OverviewExtras {
  submitIssues?: ProblemView[];
  submitError?: string | null;
  cancelError?: string | null;
  pageError?: string | null;
}

/** The audit list, planning, the overview of one audit, submitting and cancelling it. */
export function auditPages({ services }: RouteDeps): Router {
  const router = Router();

  async function renderOverview(req: Request, res: Response, audit: Audit, extra: OverviewExtras = {}, status = 200) {
    const user = currentUser(req);
    const { t, locale } = res.locals;
    const assessment = services.audits.assessment(audit.id);
    await renderPage(
      res,
      'audits/show',
      {
        title: t('audits.show.title', { id: audit.id }),
        audit,
        centre: services.centres.findById(audit.centreId)!,
        auditor: services.users.find(audit.auditorId)!,
        decider: audit.decidedBy === null ? null : (services.users.find(audit.decidedBy) ?? null),
        certificate:
          audit.certificateId === null ? null : (services.certificates.certificateById(audit.certificateId) ?? null),
        scheme: assessment.scheme,
        summary: auditSummary(audit, assessment, t, locale),
        isAuditor: audit.auditorId === user.id,
        canEdit: canEditChecklist(user, audit).allowed,
        canDecide: canDecide(user, audit).allowed,
        canCancel: canCancel(user, audit).allowed,
        isAdmin: user.role === 'admin',
        submitIssues: extra.submitIssues ?? [],
        submitError: extra.submitError ?? null,
        cancelError: extra.cancelError ?? null,
        pageError: extra.pageError ?? null,
        flash: flashOf(req),
        // Upheld complaints since the last decision are for this audit to look into while it is open.
        agenda:
          audit.state === 'decided' || audit.state === 'cancelled' ? [] : services.complaints.agendaFor(audit.centreId),
      },
      status,
    );
  }

  router.get('/audits', requireRole('admin', 'auditor'), async (req, res) => {
    const user = currentUser(req);
    const state = z.enum(auditStates).safeParse(req.query.state);
    const rows = services.audits.rowsVisibleTo(user, state.success ? state.data : undefined);
    await renderPage(res, 'audits/index', {
      title: res.locals.t('audits.index.title'),
      rows,
      states: auditStates,
      state: state.success ? state.data : '',
      isAdmin: user.role === 'admin',
    });
  });

  async function renderPlanForm(res: Response, form: FormState, status = 200) {
    await renderPage(
      res,
      'audits/new',
      {
        title: res.locals.t('audits.plan.title'),
        input: form.values,
        errors: form.errors,
        formError: form.formError,
        centres: services.centres.list(),
        auditors: services.users.auditors(),
        schemeCodes: services.schemes.codes(),
        types: auditTypes,
      },
      status,
    );
  }

  router.get('/audits/new', requireRole('admin'), async (req, res) => {
    const centre = typeof req.query.centre === 'string' ? req.query.centre : '';
    const values = {
      centre,
      type: '',
      plannedFor: '',
      auditor: '',
      scheme: services.schemes.current().code,
      reason: '',
    };
    await renderPlanForm(res, { values, errors: {}, formError: null });
  });

  router.post(
    '/audits',
    requireRole('admin'),
    formHandler(
      {
        schema: planAuditSchema,
        fields: planFields,
        render: (_req, res, form, status) => renderPlanForm(res, form, status),
      },
      (req, res, input) => {
        const audit = services.audits.plan(input, currentUser(req));
        res.redirect(303, `/audits/${audit.id}?done=planned`);
      },
    ),
  );

  router.get('/audits/:id', requireRole('admin', 'auditor'), async (req, res) => {
    await renderOverview(req, res, services.audits.viewAudit(idOf(req, 'audit'), currentUser(req)));
  });

  // The irreversible submit asks first: this page sums up what is answered, what is open, the
  // findings and what submitting means, and its form is the only one that submits.
  router.get('/audits/:id/submit', requireRole('auditor', 'admin'), async (req, res) => {
    const { t, locale } = res.locals;
    const confirmation = services.checklist.confirmation(idOf(req, 'audit'), currentUser(req));
    const { audit } = confirmation;
    await renderPage(res, 'audits/submit', {
      title: t('checklistOffline.confirm.title', { id: audit.id }),
      audit,
      centre: services.centres.findById(audit.centreId)!,
      promises: confirmation.promises,
      progress: confirmation.progress,
      result: confirmation.result,
      problems: problemViews(confirmation.scheme, confirmation.problems, t, locale),
      drafts: [...confirmation.drafts.keys()],
    });
  });

  router.post(
    '/audits/:id/submit',
    requireRole('auditor', 'admin'),
    formHandler(
      {
        schema: z.object({ confirmed: z.string().max(10).optional() }),
        fields: [],
        render: (req, res, form, status) => {
          const audit = services.audits.getAudit(idOf(req, 'audit'));
          const scheme = services.schemes.get(audit.schemeCode);
          const promises = new Map(scheme.promises.flatMap((p) => p.items.map((i) => [i.id, p.id] as const)));
          const submitIssues = Object.entries(form.errors).map(([item, text]) => ({
            item,
            promiseId: promises.get(item) ?? '',
            text,
          }));
          // Missing answers (422) are listed per item; anything else is said once at the top.
          if (status !== 422) return renderOverview(req, res, audit, { pageError: form.formError }, status);
          return renderOverview(req, res, audit, { submitIssues, submitError: form.formError }, status);
        },
      },
      (req, res, input) => {
        // A post from anywhere but the confirmation page (an old overview) goes there first.
        // (Asking the confirmation first also refuses whoever may not submit, as the submit would.)
        if (input.confirmed !== 'yes') {
          const { audit } = services.checklist.confirmation(idOf(req, 'audit'), currentUser(req));
          return res.redirect(303, `/audits/${audit.id}/submit`);
        }
        const audit = services.audits.submit(idOf(req, 'audit'), currentUser(req));
        res.redirect(303, `/audits/${audit.audit.id}?done=submitted`);
      },
    ),
  );

  router.post(
    '/audits/:id/cancel',
    requireRole('admin'),
    formHandler(
      {
        schema: cancelSchema,
        fields: ['reason'],
        render: (req, res, form, status) => {
          const audit = services.audits.getAudit(idOf(req, 'audit'));
          const cancelError = form.errors.reason ?? null;
          return renderOverview(
            req,
            res,
            audit,
            { cancelError, pageError: cancelError ? null : form.formError },
            status,
          );
        },
      },
      (req, res, input) => {
        const audit = services.audits.cancel(idOf(req, 'audit'), input.reason, currentUser(req));
        res.redirect(303, `/audits/${audit.id}?done=cancelled`);
      },
    ),
  );

  return router;
}
