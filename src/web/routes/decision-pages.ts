import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { canDecide } from '../../domain/policies/audit-policy.js';
import { type FormState, formHandler } from '../input.js';
import { currentUser, requireRole } from '../middleware/auth.js';
import { reasonTexts } from '../presenters/audit-view.js';
import { evidenceViews } from '../presenters/evidence-view.js';
import { renderPage } from '../render.js';
import type { RouteDeps } from '../route-deps.js';
import { idOf } from './audit-shared.js';

const decisionFormSchema = z
  .object({
    action: z.enum(['confirm', 'return']),
    note: z.string().max(2000).optional().default(''),
    reason: z.string().max(2000).optional().default(''),
  })
  // Sending back needs a reason: the auditor must know what to look at again.
  .refine((form) => form.action !== 'return' || form.reason.trim() !== '', {
    path: ['reason'],
    message: 'required when returning',
    params: { code: 'return_reason_required' },
  });

/** The decision page (four eyes): the computed outcome, confirmed or sent back. */
export function decisionPages({ services }: RouteDeps): Router {
  const router = Router();

  async function renderDecision(req: Request, res: Response, form: FormState, status = 200) {
    const { t, locale } = res.locals;
    const user = currentUser(req);
    const audit = services.decisions.auditForDecision(idOf(req, 'audit'), user);
    const { scheme, answers } = services.audits.assessment(audit.id);
    const answerOf = new Map(answers.map((a) => [a.item, a]));
    const itemsById = new Map(scheme.promises.flatMap((p) => p.items.map((i) => [i.id, i] as const)));
    await renderPage(
      res,
      'audits/decision',
      {
        title: t('audits.decision.title', { id: audit.id }),
        audit,
        result: audit.result,
        reasons: audit.result ? reasonTexts(audit.result, t, locale) : [],
        scheme,
        centre: services.centres.findById(audit.centreId)!,
        auditor: services.users.find(audit.auditorId)!,
        nonConformities: (audit.result?.nonConformities ?? []).map((nc) => ({
          ...nc,
          item: itemsById.get(nc.item)!,
          answer: answerOf.get(nc.item) ?? null,
        })),
        evidence: evidenceViews(services.evidence.forChecklist(audit.id), t, locale, false),
        canAct: canDecide(user, audit).allowed,
        input: { note: form.values.note ?? '', reason: form.values.reason ?? '' },
        errors: form.errors,
        formError: form.formError,
      },
      status,
    );
  }

  router.get('/audits/:id/decision', requireRole('admin'), async (req, res) => {
    await renderDecision(req, res, { values: {}, errors: {}, formError: null });
  });

  router.post(
    '/audits/:id/decision',
    requireRole('admin'),
    formHandler(
      { schema: decisionFormSchema, fields: ['note', 'reason'], render: renderDecision },
      async (req, res, input) => {
        const id = idOf(req, 'audit');
        if (input.action === 'return') {
          services.decisions.returnToAuditor(id, input.reason, currentUser(req));
          return res.redirect(303, `/audits/${id}?done=returned`);
        }
        await services.decisions.decide(id, currentUser(req), input.note);
        res.redirect(303, `/audits/${id}?done=decided`);
      },
    ),
  );

  return router;
}
