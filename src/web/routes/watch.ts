import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { CONFIRMATION_HOURS, watchRequestSchema } from '../../services/watch-service.js';
import { type FormState, formHandler, parse } from '../input.js';
import { renderPage } from '../render.js';
import type { RouteDeps } from '../route-deps.js';

/** A confirmation token: 32 random bytes, base64url. */
const confirmToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
/** An unsubscribe token: `<id>.<HMAC>` (watch-tokens.ts checks it). */
const unsubscribeToken = z.string().regex(/^\d{1,12}\.[A-Za-z0-9_-]{43}$/);

/** Centres named in a query or a form: `centre=a&centre=b` or `centres=…`. */
const slugsOf = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && v !== '');

interface MessagePage {
  title: string;
  paragraphs: string[];
  centres?: { slug: string; tradeName: string }[];
  action?: { url: string; label: string; csrf: boolean };
  link?: { url: string; label: string };
}

function renderMessage(res: Response, page: MessagePage, status = 200) {
  // Links with tokens must not leak through caches or the Referer of the pages they lead to.
  res.set('cache-control', 'no-store');
  return renderPage(res, 'watch/message', { centres: [], action: null, link: null, ...page }, status);
}

/**
 * Watching centres by e-mail, no account: the form (from a profile, for one or several
 * centres), the double opt-in link, and the unsubscribe link. `oneClick` is the RFC 8058
 * one-click unsubscribe: mail clients POST to it without cookies or a CSRF token, so it is
 * mounted before the CSRF check. The token in its path is the only credential: unguessable, and
 * good for one subscription only.
 */
export function watchRoutes({ services }: RouteDeps): { oneClick: Router; pages: Router } {
  const { watch } = services;

  const renderForm = (req: Request, res: Response, form: FormState, status = 200) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const chosen = req.method === 'POST' ? slugsOf(body.centres) : slugsOf(req.query.centre);
    return renderPage(
      res,
      'watch/form',
      {
        title: res.locals.t('watch.form.title'),
        form,
        centres: watch.watchableCentres(chosen),
        chosen,
        hours: CONFIRMATION_HOURS,
      },
      status,
    );
  };

  const unsubscribed = (res: Response, centre: { slug: string; tradeName: string } | null) =>
    renderMessage(res, {
      title: res.locals.t('watch.unsubscribed.title'),
      paragraphs: [
        centre
          ? res.locals.t('watch.unsubscribed.body', { centre: centre.tradeName })
          : res.locals.t('watch.unsubscribed.bodyAlready'),
      ],
    });
  const invalidUnsubscribe = (res: Response) =>
    renderMessage(
      res,
      { title: res.locals.t('watch.unknown.title'), paragraphs: [res.locals.t('watch.unknown.unsubscribe')] },
      404,
    );

  const oneClick = Router();
  oneClick.post('/unsubscribe/:token', async (req, res) => {
    const token = parse(unsubscribeToken, req.params.token);
    if (!token.ok) return invalidUnsubscribe(res);
    const outcome = watch.unsubscribe(token.data);
    if (outcome === 'invalid') return invalidUnsubscribe(res);
    return unsubscribed(res, outcome);
  });

  const pages = Router();
  pages.get('/watch', (req, res) => renderForm(req, res, { values: {}, errors: {}, formError: null }));

  pages.post(
    '/watch',
    formHandler({ schema: watchRequestSchema, fields: ['email'], render: renderForm }, (_req, res, input) => {
      watch.request(input, res.locals.locale);
      res.redirect(303, '/watch/sent');
    }),
  );

  // The same answer whatever the address: subscribed already, new, or over its daily limit.
  pages.get('/watch/sent', (_req, res) =>
    renderMessage(res, {
      title: res.locals.t('watch.sent.title'),
      paragraphs: [res.locals.t('watch.sent.body', { hours: CONFIRMATION_HOURS }), res.locals.t('watch.sent.spam')],
    }),
  );

  const confirmationProblem = (res: Response, state: 'expired' | 'unknown') =>
    renderMessage(
      res,
      {
        title: res.locals.t(state === 'expired' ? 'watch.expired.title' : 'watch.unknown.title'),
        paragraphs: [res.locals.t(state === 'expired' ? 'watch.expired.confirm' : 'watch.unknown.confirm')],
        link: { url: '/register', label: res.locals.t('watch.toRegister') },
      },
      state === 'expired' ? 410 : 404,
    );

  // Mail scanners open links: only the button on this page confirms, never the GET itself.
  pages.get('/watch/confirm/:token', (req, res) => {
    const token = parse(confirmToken, req.params.token);
    const found = token.ok ? watch.confirmation(token.data) : ({ state: 'unknown' } as const);
    if (found.state !== 'valid') return confirmationProblem(res, found.state);
    return renderMessage(res, {
      title: res.locals.t('watch.confirm.title'),
      paragraphs: [res.locals.t('watch.confirm.body')],
      centres: found.centres,
      action: {
        url: `/watch/confirm/${token.ok ? token.data : ''}`,
        label: res.locals.t('watch.confirm.button'),
        csrf: true,
      },
    });
  });

  pages.post('/watch/confirm/:token', (req, res) => {
    const token = parse(confirmToken, req.params.token);
    const done = token.ok ? watch.confirm(token.data) : ({ state: 'unknown' } as const);
    if (done.state !== 'valid') return confirmationProblem(res, done.state);
    return renderMessage(res, {
      title: res.locals.t('watch.confirmed.title'),
      paragraphs: [res.locals.t('watch.confirmed.body')],
      centres: done.centres,
    });
  });

  pages.get('/unsubscribe/:token', (req, res) => {
    const token = parse(unsubscribeToken, req.params.token);
    const centre = token.ok ? watch.unsubscription(token.data) : 'invalid';
    if (centre === 'invalid') return invalidUnsubscribe(res);
    if (centre === null) return unsubscribed(res, null);
    return renderMessage(res, {
      title: res.locals.t('watch.unsubscribe.title'),
      paragraphs: [res.locals.t('watch.unsubscribe.body', { centre: centre.tradeName })],
      action: {
        url: `/unsubscribe/${token.ok ? token.data : ''}`,
        label: res.locals.t('watch.unsubscribe.button'),
        csrf: false,
      },
    });
  });

  return { oneClick, pages };
}
