import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { dayOf } from '../../services/actor.js';
import { type FormState, formHandler } from '../input.js';
import { evidenceViews } from '../presenters/evidence-view.js';
import { currentUser, requireRole } from '../middleware/auth.js';
import { renderPage } from '../render.js';
import type { RouteDeps } from '../route-deps.js';
import { flashOf, idOf } from './audit-shared.js';

const reviewSchema = z
  .object({
    verdict: z.enum(['accept', 'reject']),
    note: z.string().max(2000).optional().default(''),
  })
  // A rejection must say what is missing: the centre has to act on it.
  .refine((form) => form.verdict !== 'reject' || form.note.trim() !== '', {
    path: ['note'],
    message: 'required when rejecting',
    params: { code: 'rejection_note_required' },
  });

/** Corrective-action evidence awaiting review, for admins and the audit's auditor. */
export function actionPages({ services, clock }: RouteDeps): Router {
  const router = Router();

  /** `form` belongs to the action of the path when a review came back with a problem. */
  async function renderActions(req: Request, res: Response, form?: FormState, status = 200) {
    const user = currentUser(req);
    const rows = services.correctiveActions.awaitingReviewBy(user);
    const itemText = new Map<string, { nl: string; en: string }>();
    for (const code of new Set(rows.map((r) => r.schemeCode))) {
      for (const item of services.schemes.get(code).promises.flatMap((p) => p.items)) itemText.set(item.id, item.text);
    }
    const id = form ? idOf(req, 'corrective_action') : null;
    const error = form ? (form.errors.note ?? form.formError) : null;
    await renderPage(
      res,
      'audits/actions',
      {
        title: res.locals.t('audits.actions.title'),
        rows,
        itemText,
        files: evidenceViews(
          services.evidence.forActions(rows.map((row) => row.id)),
          res.locals.t,
          res.locals.locale,
          false,
        ),
        today: dayOf(clock.now()),
        errors: id !== null && error ? { [id]: error } : {},
        notes: id !== null && form ? { [id]: form.values.note ?? '' } : {},
        flash: flashOf(req),
      },
      status,
    );
  }

  router.get('/actions', requireRole('admin', 'auditor'), async (req, res) => {
    await renderActions(req, res);
  });

  router.post(
    '/actions/:id/review',
    requireRole('admin', 'auditor'),
    formHandler({ schema: reviewSchema, fields: ['note'], render: renderActions }, async (req, res, input) => {
      await services.correctiveActions.reviewAction(
        idOf(req, 'corrective_action'),
        input.verdict,
        input.note,
        currentUser(req),
      );
      res.redirect(303, `/actions?done=${input.verdict === 'accept' ? 'accepted' : 'rejected'}`);
    }),
  );

  return router;
}
