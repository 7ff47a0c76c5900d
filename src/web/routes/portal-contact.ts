import { type Request, type Response, Router } from 'express';
import { contactDetailsSchema, contactFields } from '../../domain/centre-contact.js';
import { type FormState, formHandler, formValues } from '../input.js';
import { currentUser, requireRole } from '../middleware/auth.js';
import { renderPage } from '../render.js';
import type { RouteDeps } from '../route-deps.js';
import { ownCentreOf } from './portal.js';

/** The request's fields as sent, minus the CSRF token: the service refuses any it does not allow. */
function fieldsSent(req: Request): Record<string, unknown> {
  const { _csrf, ...fields } = (req.body ?? {}) as Record<string, unknown>;
  return fields;
}

/** The centre's own contact details: what it may change itself, every change logged. */
export function portalContactRoutes({ services }: RouteDeps): Router {
  const router = Router();

  async function renderContactForm(req: Request, res: Response, form: FormState | null, status = 200) {
    const centre = ownCentreOf(services, req);
    const saved = form === null && req.query.done === 'saved';
    await renderPage(
      res,
      'portal/contact',
      {
        title: res.locals.t('centreSelf.title', { centre: centre.tradeName }),
        centre,
        values: form?.values ?? {
          website: centre.website ?? '',
          customerPhone: centre.customerPhone ?? '',
          customerEmail: centre.customerEmail ?? '',
        },
        errors: form?.errors ?? {},
        message: form?.formError ?? null,
        saved,
      },
      status,
    );
  }

  router.get('/portal/contact', requireRole('centre'), (req, res) => renderContactForm(req, res, null));

  router.post(
    '/portal/contact',
    requireRole('centre'),
    formHandler(
      {
        schema: contactDetailsSchema,
        fields: contactFields,
        // The form's own fields, for its messages; the service sees everything that was sent.
        input: (req) => formValues(req.body, contactFields),
        render: (req, res, state, status) => renderContactForm(req, res, state, status),
      },
      (req, res) => {
        services.centreContact.declare(ownCentreOf(services, req).id, fieldsSent(req), currentUser(req));
        res.redirect(303, '/portal/contact?done=saved');
      },
    ),
  );

  return router;
}
