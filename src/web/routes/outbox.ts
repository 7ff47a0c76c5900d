import { Router } from 'express';
import { z } from 'zod';
import { mailStates } from '../../domain/mail.js';
import { idParam, parseOrThrow } from '../input.js';
import { currentUser, requireRole } from '../middleware/auth.js';
import { renderPage } from '../render.js';
import type { RouteDeps } from '../route-deps.js';

const listQuery = z.object({
  state: z.enum(mailStates).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});

/**
 * /admin/outbox: every message the registry queued, for admins. Without SMTP_URL this is where
 * messages are read; with it, what went out and what is still being retried.
 */
export function outboxRoutes({ services }: RouteDeps): Router {
  const router = Router();
  router.use('/admin/outbox', requireRole('admin'));

  router.get('/admin/outbox', async (req, res) => {
    const query = parseOrThrow(listQuery, req.query);
    const page = services.mail.outboxPage(query, currentUser(req));
    await renderPage(res, 'admin/outbox', {
      title: res.locals.t('mail.outbox.title'),
      ...page,
      states: mailStates,
      state: query.state ?? '',
      page: query.page,
      hasNext: page.messages.length === page.pageSize,
      isSending: services.mail.isSending(),
    });
  });

  router.get('/admin/outbox/:id', async (req, res) => {
    const entry = await services.mail.outboxEntry(parseOrThrow(idParam, req.params.id), currentUser(req));
    await renderPage(res, 'admin/outbox-message', {
      title: res.locals.t('mail.outbox.messageTitle', { id: entry.id }),
      entry,
    });
  });

  // The HTML part as a mail client shows it. It carries inline styles (mail clients need them),
  // so it gets its own policy: nothing may load or run, only its own style attributes.
  router.get('/admin/outbox/:id/html', async (req, res) => {
    const entry = await services.mail.outboxEntry(parseOrThrow(idParam, req.params.id), currentUser(req));
    res
      .set('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
      .type('html')
      .send(entry.rendered.htmlBody);
  });
  return router;
}
