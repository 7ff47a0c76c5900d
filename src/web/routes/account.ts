import { type Request, type Response, Router } from 'express';
import { canManageTokens } from '../../domain/policies/account-policy.js';
import { notFound } from '../../errors.js';
import { tokenNameSchema } from '../../services/token-service.js';
import { type FormState, formHandler, parse, idParam } from '../input.js';
import { currentUser, requireUser } from '../middleware/auth.js';
import { renderPage } from '../render.js';
import type { RouteDeps } from '../route-deps.js';

/** Routes of the dashboard and personal API tokens. */
export function accountRoutes({ services }: RouteDeps): Router {
  const router = Router();

  router.get('/dashboard', requireUser, async (req, res) => {
    const user = currentUser(req);
    const centreName = (id: number) => services.centres.findById(id)?.tradeName ?? '—';
    // Each role has its own work on this page; what they may do there the services decide.
    await renderPage(res, 'account/dashboard', {
      title: res.locals.t('account.dashboard.title'),
      user,
      admin:
        user.role === 'admin'
          ? {
              awaitingDecision: services.audits.awaitingDecision().length,
              actionsToReview: services.correctiveActions.actionsAwaitingReview().length,
              ...services.complaints.waiting(),
            }
          : null,
      audits:
        user.role === 'auditor'
          ? services.audits.listForAuditor(user.id).map((audit) => ({ audit, centre: centreName(audit.centreId) }))
          : [],
      centre:
        user.role === 'centre' && user.centreId !== null ? (services.centres.findById(user.centreId) ?? null) : null,
    });
  });

  const renderTokens = (req: Request, res: Response, form: FormState, status = 200) => {
    const user = currentUser(req);
    return renderPage(
      res,
      'account/tokens',
      {
        title: res.locals.t('account.tokens.title'),
        tokens: services.tokens.listFor(user.id),
        canCreate: canManageTokens(user).allowed,
        values: form.values,
        errors: form.errors,
        message: form.formError,
        revoked: req.query.revoked === '1' && status === 200,
      },
      status,
    );
  };

  router.get('/account/tokens', requireUser, (req, res) =>
    renderTokens(req, res, { values: { name: '' }, errors: {}, formError: null }),
  );

  router.post(
    '/account/tokens',
    requireUser,
    formHandler({ schema: tokenNameSchema, fields: ['name'], render: renderTokens }, async (req, res, input) => {
      const { token, record } = services.tokens.create(currentUser(req), input.name);
      // The plain token exists only in this response: no cache may keep it.
      res.set('cache-control', 'no-store');
      await renderPage(
        res,
        'account/token-created',
        { title: res.locals.t('account.created.title'), token, record },
        201,
      );
    }),
  );

  router.post('/account/tokens/:id/revoke', requireUser, (req, res) => {
    const id = parse(idParam, req.params.id);
    if (!id.ok) throw notFound('token');
    services.tokens.revoke(currentUser(req), id.data);
    res.redirect(303, '/account/tokens?revoked=1');
  });

  return router;
}
