import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../../app.js';
import type { AuditState } from '../../domain/lifecycle.js';
import { deriveMeasureResult, checkAnswer, type AnswerInput, type AnswerIssue } from '../../domain/scoring.js';
import type { Scheme, SchemePromise } from '../../domain/scheme.js';
import { AppError, forbidden, notFound } from '../../errors.js';
import type { Audit } from '../../persistence/audit-repository.js';
import type { User } from '../../persistence/user-repository.js';
import { auditQueries } from '../../services/audit-queries.js';
import { auditTypes, planAuditSchema } from '../../services/certification-service.js';
import {
  describeProblem,
  fieldName,
  formValuesFromAnswer,
  parseChecklistForm,
  repeatsFieldProblem,
  type FieldProblem,
  type ItemFormValues,
} from '../checklist-form.js';
import type { Translate } from '../i18n.js';
import { currentUser, requireRole } from '../middleware/auth.js';
import { renderPage } from '../render.js';
import { fieldErrors } from '../validation.js';

const auditStates = [
  'planned',
  'in_progress',
  'submitted',
  'decided',
  'cancelled',
] as const satisfies readonly AuditState[];
const idParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const EDITABLE_STATES: readonly Audit['state'][] = ['planned', 'in_progress'];

const decisionSchema = z.object({
  action: z.enum(['confirm', 'return']),
  note: z.string().max(2000).optional().default(''),
  reason: z.string().max(2000).optional().default(''),
});

const FLASHES: readonly string[] = ['planned', 'submitted', 'returned', 'decided', 'accepted', 'rejected', 'cancelled'];

const cancelSchema = z.object({ reason: z.string().trim().min(1).max(2000) });

const reviewSchema = z.object({
  verdict: z.enum(['accept', 'reject']),
  note: z.string().max(2000).optional().default(''),
});

const translatorOf = (res: Response) => res.locals.t as Translate;
const localeOf = (res: Response) => res.locals.locale as 'nl' | 'en';

/** Routes of the audit planning, checklist entry, decisions and corrective-action review. */
export function auditRoutes({ services, db, clock }: AppDeps): Router {
  const router = Router();
  const certification = services.certification;
  const queries = auditQueries(db);

  function loadAudit(req: Request): Audit {
    const id = idParam.safeParse(req.params.id);
    if (!id.success) throw notFound('Audit');
    return certification.getAudit(id.data);
  }

  /** An admin may look at every audit; an auditor only at the audits assigned to them. */
  function assertCanView(audit: Audit, user: User) {
    if (user.role === 'admin') return;
    if (user.role === 'auditor' && audit.auditorId === user.id) return;
    throw forbidden('This audit is assigned to another auditor');
  }

  const isEditableBy = (audit: Audit, user: User) =>
    audit.auditorId === user.id && EDITABLE_STATES.includes(audit.state);

  /** Answers that can be scored, per promise, for the progress shown next to each promise link. */
  function promiseProgress(scheme: Scheme, answers: AnswerInput[]) {
    const byItem = new Map(answers.map((a) => [a.item, a]));
    return scheme.promises.map((promise) => ({
      promise,
      answered: promise.items.filter((item) => {
        const answer = byItem.get(item.id);
        return answer !== undefined && checkAnswer(item, answer) === null;
      }).length,
      total: promise.items.length,
    }));
  }

  function summaryOf(audit: Audit, t: Translate) {
    const assessment = certification.assessment(audit.id);
    const promiseOfItem = new Map(assessment.scheme.promises.flatMap((p) => p.items.map((i) => [i.id, p.id] as const)));
    const frozen = !EDITABLE_STATES.includes(audit.state);
    return {
      assessment,
      summary: {
        auditId: audit.id,
        progress: assessment.progress,
        // A submitted audit shows its stored snapshot, the one the decision is taken on.
        result: frozen ? audit.result : assessment.result,
        isSnapshot: frozen && audit.result !== null,
        problems: assessment.problems.map((p) => ({
          ...p,
          promiseId: promiseOfItem.get(p.item) ?? '',
          text: describeProblem(p.message, t),
        })),
        promises: promiseProgress(assessment.scheme, assessment.answers),
      },
    };
  }

  async function renderOverview(
    req: Request,
    res: Response,
    audit: Audit,
    extra: { submitIssues?: AnswerIssue[]; submitError?: string; cancelError?: string } = {},
    status = 200,
  ) {
    const user = currentUser(req);
    const t = translatorOf(res);
    const { assessment, summary } = summaryOf(audit, t);
    const promiseOfItem = new Map(assessment.scheme.promises.flatMap((p) => p.items.map((i) => [i.id, p.id] as const)));
    await renderPage(
      res,
      'audits/show',
      {
        title: t('audits.show.title', { id: audit.id }),
        audit,
        centre: services.centres.findById(audit.centreId)!,
        auditor: services.users.find(audit.auditorId)!,
        decider: audit.decidedBy === null ? null : (services.users.find(audit.decidedBy) ?? null),
        certificate: audit.certificateId === null ? null : (certification.certificateById(audit.certificateId) ?? null),
        scheme: assessment.scheme,
        summary,
        isAuditor: audit.auditorId === user.id,
        canEdit: isEditableBy(audit, user),
        canDecide: user.role === 'admin' && audit.auditorId !== user.id && audit.state === 'submitted',
        submitIssues: (extra.submitIssues ?? []).map((i) => ({
          ...i,
          promiseId: promiseOfItem.get(i.item) ?? '',
          text: describeProblem(i.message, t),
        })),
        submitError: extra.submitError ?? null,
        flash: typeof req.query.done === 'string' && FLASHES.includes(req.query.done) ? req.query.done : null,
        // Upheld complaints since the last decision are for this audit to look into while it is open.
        agenda:
          audit.state === 'decided' || audit.state === 'cancelled' ? [] : services.complaints.agendaFor(audit.centreId),
        isAdmin: user.role === 'admin',
        canCancel: user.role === 'admin' && ['planned', 'in_progress'].includes(audit.state),
        cancelError: extra.cancelError ?? null,
      },
      status,
    );
  }

  router.get('/audits', requireRole('admin', 'auditor'), async (req, res) => {
    const user = currentUser(req);
    const t = translatorOf(res);
    const state = z.enum(auditStates).safeParse(req.query.state);
    const rows =
      user.role === 'admin' ? queries.audits(state.success ? state.data : undefined) : queries.auditsOfAuditor(user.id);
    await renderPage(res, 'audits/index', {
      title: t('audits.index.title'),
      rows,
      states: auditStates,
      state: state.success ? state.data : '',
      isAdmin: user.role === 'admin',
    });
  });

  async function renderPlanForm(
    res: Response,
    input: Record<string, string>,
    errors: Record<string, string>,
    formError: string | null,
    status = 200,
  ) {
    const t = translatorOf(res);
    await renderPage(
      res,
      'audits/new',
      {
        title: t('audits.plan.title'),
        input,
        errors,
        formError,
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
    await renderPlanForm(
      res,
      { centre, type: '', plannedFor: '', auditor: '', scheme: services.schemes.current().code, reason: '' },
      {},
      null,
    );
  });

  router.post('/audits', requireRole('admin'), async (req, res) => {
    const user = currentUser(req);
    const t = translatorOf(res);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const input = Object.fromEntries(
      ['centre', 'type', 'plannedFor', 'auditor', 'scheme', 'reason'].map((k) => [
        k,
        typeof body[k] === 'string' ? (body[k] as string).slice(0, 2000) : '',
      ]),
    );
    const parsed = planAuditSchema.safeParse(input);
    if (!parsed.success) return renderPlanForm(res, input, fieldErrors(parsed.error), t('audits.plan.fixFields'), 400);
    try {
      const audit = certification.plan(parsed.data, user);
      return res.redirect(303, `/audits/${audit.id}?done=planned`);
    } catch (err) {
      if (!(err instanceof AppError) || (err.code !== 'unprocessable' && err.code !== 'conflict')) throw err;
      const errors: Record<string, string> = {};
      for (const issue of err.issues) if (issue.path) errors[issue.path] ??= issue.message;
      return renderPlanForm(res, input, errors, err.message, err.code === 'conflict' ? 409 : 422);
    }
  });

  router.get('/audits/:id', requireRole('admin', 'auditor'), async (req, res) => {
    const audit = loadAudit(req);
    assertCanView(audit, currentUser(req));
    await renderOverview(req, res, audit);
  });

  router.post('/audits/:id/submit', requireRole('auditor', 'admin'), async (req, res) => {
    const user = currentUser(req);
    const audit = loadAudit(req);
    if (audit.auditorId !== user.id) throw forbidden('Only the assigned auditor submits this audit');
    try {
      certification.submit(audit.id, user);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'unprocessable') throw err;
      return renderOverview(
        req,
        res,
        certification.getAudit(audit.id),
        { submitIssues: err.issues as AnswerIssue[], submitError: err.message },
        422,
      );
    }
    res.redirect(303, `/audits/${audit.id}?done=submitted`);
  });

  router.post('/audits/:id/cancel', requireRole('admin'), async (req, res) => {
    const audit = loadAudit(req);
    const reason = cancelSchema.safeParse(req.body ?? {});
    if (!reason.success) {
      return renderOverview(req, res, audit, { cancelError: translatorOf(res)('audits.cancel.reasonRequired') }, 400);
    }
    certification.cancel(audit.id, reason.data.reason, currentUser(req));
    res.redirect(303, `/audits/${audit.id}?done=cancelled`);
  });

  function findPromise(scheme: Scheme, promiseId: unknown): { promise: SchemePromise; index: number } {
    const index = scheme.promises.findIndex((p) => p.id === promiseId);
    if (index < 0) throw notFound('Promise');
    return { promise: scheme.promises[index]!, index };
  }

  interface ItemView {
    values: ItemFormValues;
    fieldProblems: FieldProblem[];
    problems: string[];
    derived: string | null;
  }

  async function renderChecklist(
    req: Request,
    res: Response,
    audit: Audit,
    promiseId: string,
    form: {
      values?: Record<string, ItemFormValues>;
      fieldProblems?: Record<string, FieldProblem[]>;
      saved?: boolean;
    } = {},
    status = 200,
  ) {
    const user = currentUser(req);
    const t = translatorOf(res);
    const locale = localeOf(res);
    const { assessment, summary } = summaryOf(audit, t);
    const { promise, index } = findPromise(assessment.scheme, promiseId);
    const answers = new Map(assessment.answers.map((a) => [a.item, a]));
    const problemsByItem = new Map<string, string[]>();
    for (const p of assessment.problems) problemsByItem.set(p.item, [...(problemsByItem.get(p.item) ?? []), p.message]);
    const items: Record<string, ItemView> = {};
    for (const item of promise.items) {
      const stored = answers.get(item.id);
      const fieldProblems = form.fieldProblems?.[item.id] ?? [];
      const valid = stored !== undefined && checkAnswer(item, stored) === null;
      items[item.id] = {
        values: form.values?.[item.id] ?? formValuesFromAnswer(stored, locale),
        fieldProblems,
        problems: (problemsByItem.get(item.id) ?? [])
          .filter((m) => !repeatsFieldProblem(m, fieldProblems))
          .map((m) => describeProblem(m, t)),
        derived:
          item.kind === 'measure' && stored?.value !== undefined && (valid || stored.sample !== undefined)
            ? deriveMeasureResult(item, stored.value)
            : null,
      };
    }
    const flagged = Object.values(items).filter((i) => i.fieldProblems.length > 0 || i.problems.length > 0).length;
    await renderPage(
      res,
      'audits/promise',
      {
        title: t('audits.promise.title', { id: promise.id, name: promise.title[locale], audit: audit.id }),
        audit,
        centre: services.centres.findById(audit.centreId)!,
        scheme: assessment.scheme,
        promise,
        previous: assessment.scheme.promises[index - 1] ?? null,
        next: assessment.scheme.promises[index + 1] ?? null,
        position: index + 1,
        items,
        flagged,
        fieldName,
        summary,
        editable: isEditableBy(audit, user),
        saved: form.saved ?? req.query.saved === '1',
      },
      status,
    );
  }

  router.get('/audits/:id/promises/:promiseId', requireRole('auditor', 'admin'), async (req, res) => {
    const audit = loadAudit(req);
    assertCanView(audit, currentUser(req));
    await renderChecklist(req, res, audit, String(req.params.promiseId));
  });

  router.post('/audits/:id/promises/:promiseId', requireRole('auditor', 'admin'), async (req, res) => {
    const user = currentUser(req);
    const audit = loadAudit(req);
    if (audit.auditorId !== user.id) throw forbidden('Only the assigned auditor fills in this checklist');
    if (!EDITABLE_STATES.includes(audit.state))
      throw new AppError('conflict', `This audit is ${audit.state.replace('_', ' ')} and can no longer be changed`);
    const scheme = services.schemes.get(audit.schemeCode);
    const { promise, index } = findPromise(scheme, req.params.promiseId);
    const form = parseChecklistForm(promise.items, (req.body ?? {}) as Record<string, unknown>);
    const saved = certification.saveAnswers(audit.id, { answers: form.answers, clear: form.clear }, user);
    const ownItems = new Set(promise.items.map((i) => i.id));
    const hasProblems = Object.keys(form.fieldProblems).length > 0 || saved.problems.some((p) => ownItems.has(p.item));
    if (!hasProblems) {
      const next = scheme.promises[index + 1];
      const target = req.body?.go === 'next' && next ? next.id : promise.id;
      return res.redirect(303, `/audits/${audit.id}/promises/${encodeURIComponent(target)}?saved=1`);
    }
    await renderChecklist(
      req,
      res,
      saved.audit,
      promise.id,
      { values: form.values, fieldProblems: form.fieldProblems, saved: true },
      422,
    );
  });

  /** Four eyes: only an admin who is not the audit's auditor may even see the decision page. */
  function assertDecider(audit: Audit, user: User) {
    if (user.role !== 'admin') throw forbidden('Only certification staff decide on audits');
    if (audit.auditorId === user.id) throw forbidden('The auditor of an audit cannot decide it');
  }

  async function renderDecision(
    _req: Request,
    res: Response,
    audit: Audit,
    input: { note: string; reason: string },
    errors: Record<string, string>,
    status = 200,
  ) {
    const t = translatorOf(res);
    const scheme = services.schemes.get(audit.schemeCode);
    const answers = new Map(certification.assessment(audit.id).answers.map((a) => [a.item, a]));
    const itemsById = new Map(scheme.promises.flatMap((p) => p.items.map((i) => [i.id, i] as const)));
    await renderPage(
      res,
      'audits/decision',
      {
        title: t('audits.decision.title', { id: audit.id }),
        audit,
        result: audit.result,
        scheme,
        centre: services.centres.findById(audit.centreId)!,
        auditor: services.users.find(audit.auditorId)!,
        nonConformities: (audit.result?.nonConformities ?? []).map((nc) => ({
          ...nc,
          item: itemsById.get(nc.item)!,
          answer: answers.get(nc.item) ?? null,
        })),
        canAct: audit.state === 'submitted',
        input,
        errors,
      },
      status,
    );
  }

  router.get('/audits/:id/decision', requireRole('admin'), async (req, res) => {
    const audit = loadAudit(req);
    assertDecider(audit, currentUser(req));
    await renderDecision(req, res, audit, { note: '', reason: '' }, {});
  });

  router.post('/audits/:id/decision', requireRole('admin'), async (req, res) => {
    const user = currentUser(req);
    const t = translatorOf(res);
    const audit = loadAudit(req);
    assertDecider(audit, user);
    const input = decisionSchema.parse(req.body ?? {});
    if (input.action === 'return') {
      if (!input.reason.trim())
        return renderDecision(req, res, audit, input, { reason: t('audits.decision.reasonRequired') }, 400);
      certification.returnToAuditor(audit.id, input.reason, user);
      return res.redirect(303, `/audits/${audit.id}?done=returned`);
    }
    await certification.decide(audit.id, user, input.note);
    res.redirect(303, `/audits/${audit.id}?done=decided`);
  });

  async function renderActions(
    req: Request,
    res: Response,
    errors: Record<number, string>,
    notes: Record<number, string>,
    status = 200,
  ) {
    const user = currentUser(req);
    const t = translatorOf(res);
    const rows = user.role === 'admin' ? queries.actionsAwaitingReview() : queries.actionsAwaitingReviewBy(user.id);
    const itemText = new Map<string, { nl: string; en: string }>();
    for (const code of new Set(rows.map((r) => certification.getAudit(r.auditId).schemeCode))) {
      for (const item of services.schemes.get(code).promises.flatMap((p) => p.items)) itemText.set(item.id, item.text);
    }
    await renderPage(
      res,
      'audits/actions',
      {
        title: t('audits.actions.title'),
        rows,
        itemText,
        today: clock.now().toISOString().slice(0, 10),
        errors,
        notes,
        flash: typeof req.query.done === 'string' && FLASHES.includes(req.query.done) ? req.query.done : null,
      },
      status,
    );
  }

  router.get('/actions', requireRole('admin', 'auditor'), async (req, res) => {
    await renderActions(req, res, {}, {});
  });

  router.post('/actions/:id/review', requireRole('admin', 'auditor'), async (req, res) => {
    const user = currentUser(req);
    const t = translatorOf(res);
    const id = idParam.safeParse(req.params.id);
    const action = id.success ? certification.findAction(id.data) : undefined;
    if (!action) throw notFound('Corrective action');
    const input = reviewSchema.parse(req.body ?? {});
    if (user.role !== 'admin' && certification.getAudit(action.auditId).auditorId !== user.id) throw forbidden();
    if (input.verdict === 'reject' && !input.note.trim()) {
      return renderActions(
        req,
        res,
        { [action.id]: t('audits.actions.noteRequired') },
        { [action.id]: input.note },
        400,
      );
    }
    certification.reviewAction(action.id, input.verdict, input.note, user);
    res.redirect(303, `/actions?done=${input.verdict === 'accept' ? 'accepted' : 'rejected'}`);
  });

  return router;
}
