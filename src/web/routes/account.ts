import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../../app.js';
import { notFound } from '../../errors.js';
import type { User } from '../../persistence/user-repository.js';
import { complaintQueries } from '../../services/complaint-queries.js';
import { attemptForm, type FormErrors } from '../form-errors.js';
import type { Translate } from '../i18n.js';
import { currentUser, requireUser } from '../middleware/auth.js';
import { renderPage } from '../render.js';

const tokenNameSchema = z.object({ name: z.string().trim().min(1, 'required').max(80, 'at most 80 characters') });
const tokenIdParam = z.coerce.number().int().positive();

/** Routes of the dashboard and personal API tokens. */
export function accountRoutes({ services, db }: AppDeps): Router {
  const router = Router();
  const complaints = complaintQueries(db);
  const t = (res: Response) => res.locals.t as Translate;

  router.get('/dashboard', requireUser, async (req, res) => {
    const user = currentUser(req);
    const centreName = (id: number) => services.centres.findById(id)?.tradeName ?? '—';
    await renderPage(res, 'account/dashboard', {
      title: t(res)('account.dashboard.title'),
      user,
      admin:
        user.role === 'admin'
          ? {
              awaitingDecision: services.certification.awaitingDecision().length,
              actionsToReview: services.certification.actionsAwaitingReview().length,
              ...complaints.waiting(),
            }
          : null,
      audits:
        user.role === 'auditor'
          ? services.certification
              .listAuditsForAuditor(user.id)
              .map((audit) => ({ audit, centre: centreName(audit.centreId) }))
          : [],
      centre:
        user.role === 'centre' && user.centreId !== null ? (services.centres.findById(user.centreId) ?? null) : null,
    });
  });

  const renderTokens = (req: Request, res: Response, values: { name: string }, errors: FormErrors, status = 200) => {
    const user = currentUser(req);
    return renderPage(
      res,
      'account/tokens',
      {
        title: t(res)('account.tokens.title'),
        tokens: services.tokens.listFor(user.id),
        canCreate: user.role !== 'centre',
        values,
        errors,
        revoked: req.query.revoked === '1',
      },
      status,
    );
  };

  router.get('/account/tokens', requireUser, async (req, res) => {
    await renderTokens(req, res, { name: '' }, {});
  });

  router.post('/account/tokens', requireUser, async (req, res) => {
    const user = currentUser(req);
    const name = typeof req.body?.name === 'string' ? req.body.name : '';
    if (user.role === 'centre') {
      return renderTokens(req, res, { name }, { _form: t(res)('account.tokens.centreRefused') }, 403);
    }
    const outcome = attemptForm(() => services.tokens.create(user, tokenNameSchema.parse({ name }).name), t(res));
    if (!outcome.ok) return renderTokens(req, res, { name }, outcome.errors, outcome.status);
    // The plain token exists only in this response: no cache may keep it.
    res.set('cache-control', 'no-store');
    await renderPage(
      res,
      'account/token-created',
      { title: t(res)('account.created.title'), token: outcome.value.token, record: outcome.value.record },
      201,
    );
  });

  const ownToken = (user: User, id: number) => services.tokens.listFor(user.id).some((token) => token.id === id);

  router.post('/account/tokens/:id/revoke', requireUser, async (req, res) => {
    const user = currentUser(req);
    const id = tokenIdParam.safeParse(req.params.id);
    // Only one's own tokens are listed here; another person's token id must not leak its existence.
    if (!id.success || !ownToken(user, id.data)) throw notFound('Token');
    services.tokens.revoke(user, id.data);
    res.redirect(303, '/account/tokens?revoked=1');
  });

  return router;
}
