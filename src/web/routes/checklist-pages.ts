import { type Request, type Response, Router } from 'express';
import { canEditChecklist } from '../../domain/policies/audit-policy.js';
import type { Scheme, SchemePromise } from '../../domain/scheme.js';
import { checkAnswer, deriveMeasureResult } from '../../domain/scoring.js';
import { notFound } from '../../errors.js';
import type { Audit } from '../../services/audit-service.js';
import {
  type FieldProblem,
  fieldName,
  formValuesFromAnswer,
  type ItemFormValues,
  parseChecklistForm,
  repeatsFieldProblem,
} from '../checklist-form.js';
import { describe } from '../describe.js';
import { currentUser, requireRole } from '../middleware/auth.js';
import { auditSummary } from '../presenters/audit-view.js';
import { checklistEvidence } from '../presenters/evidence-view.js';
import { renderPage } from '../render.js';
import type { RouteDeps } from '../route-deps.js';
import { idOf } from './audit-shared.js';
import { itemResults } from '../../domain/vocabulary.js';

function findPromise(scheme: Scheme, promiseId: unknown): { promise: SchemePromise; index: number } {
  const index = scheme.promises.findIndex((p) => p.id === promiseId);
  if (index < 0) throw notFound('promise');
  return { promise: scheme.promises[index]!, index };
}

interface PostedForm {
  values: Record<string, ItemFormValues>;
  fieldProblems: Record<string, FieldProblem[]>;
}

/** The checklist of one service promise: the auditor's answers, kept as typed when they need work. */
export function checklistPages({ services }: RouteDeps): Router {
  const router = Router();

  async function renderChecklist(req: Request, res: Response, audit: Audit, promiseId: string, posted?: PostedForm) {
    const user = currentUser(req);
    const { t, locale } = res.locals;
    const assessment = services.audits.assessment(audit.id);
    const { promise, index } = findPromise(assessment.scheme, promiseId);
    const answers = new Map(assessment.answers.map((a) => [a.item, a]));
    const items = Object.fromEntries(
      promise.items.map((item) => {
        const stored = answers.get(item.id);
        const fieldProblems = posted?.fieldProblems[item.id] ?? [];
        const valid = stored !== undefined && checkAnswer(item, stored) === null;
        const problems = assessment.problems
          .filter((p) => p.item === item.id && !repeatsFieldProblem(p.code, fieldProblems))
          .map((p) => describe(p, t, locale));
        return [
          item.id,
          {
            values: posted?.values[item.id] ?? formValuesFromAnswer(stored, locale),
            fieldProblems: fieldProblems.map((p) => ({ field: p.field, text: describe(p, t, locale) })),
            problems,
            derived:
              item.kind === 'measure' && stored?.value !== undefined && (valid || stored.sample !== undefined)
                ? deriveMeasureResult(item, stored.value)
                : null,
          },
        ];
      }),
    );
    const flagged = Object.values(items).filter((i) => i.fieldProblems.length > 0 || i.problems.length > 0).length;
    await renderPage(
      res,
      'audits/promise',
      {
        results: itemResults,
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
        summary: auditSummary(audit, assessment, t, locale),
        editable: canEditChecklist(user, audit).allowed,
        evidence: checklistEvidence(services, audit, promise.items, canEditChecklist(user, audit).allowed, t, locale),
        saved: posted !== undefined || req.query.saved === '1',
      },
      posted ? 422 : 200,
    );
  }

  router.get('/audits/:id/promises/:promiseId', requireRole('auditor', 'admin'), async (req, res) => {
    const audit = services.audits.viewAudit(idOf(req, 'audit'), currentUser(req));
    await renderChecklist(req, res, audit, String(req.params.promiseId));
  });

  // The checklist form is read leniently (see parseChecklistForm): what cannot be stored is
  // reported next to its field, everything else is saved as a draft.
  router.post('/audits/:id/promises/:promiseId', requireRole('auditor', 'admin'), async (req, res) => {
    const audit = services.audits.getAudit(idOf(req, 'audit'));
    const scheme = services.schemes.get(audit.schemeCode);
    const { promise, index } = findPromise(scheme, req.params.promiseId);
    const form = parseChecklistForm(promise.items, (req.body ?? {}) as Record<string, unknown>);
    const saved = services.audits.saveAnswers(audit.id, { answers: form.answers, clear: form.clear }, currentUser(req));
    const ownItems = new Set(promise.items.map((i) => i.id));
    const hasProblems = Object.keys(form.fieldProblems).length > 0 || saved.problems.some((p) => ownItems.has(p.item));
    if (!hasProblems) {
      const next = scheme.promises[index + 1];
      const target = req.body?.go === 'next' && next ? next.id : promise.id;
      return res.redirect(303, `/audits/${audit.id}/promises/${encodeURIComponent(target)}?saved=1`);
    }
    await renderChecklist(req, res, saved.audit, promise.id, form);
  });

  return router;
}
