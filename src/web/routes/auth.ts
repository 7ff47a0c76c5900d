import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import { parse } from '../input.js';
import { renderPage } from '../render.js';
import type { RouteDeps } from '../route-deps.js';

const loginSchema = z.object({
  email: z.string().trim().max(200).default(''),
  password: z.string().max(200).default(''),
  next: z.string().max(500).optional(),
});

/** Only same-site paths: an open redirect after login would be a phishing aid. */
function safeNext(next: string | undefined): string {
  return next && /^\/(?![/\\])/.test(next) ? next : '/dashboard';
}

export function authRoutes({ services, config }: RouteDeps): Router {
  const router = Router();
  // Per address: slows guessing without locking real users out of their account.
  const limiter = rateLimit({
    windowMs: 15 * 60 * 1000,
    limit: config.env === 'test' ? 1000 : 10,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    handler: (_req, res) => {
      const t = res.locals.t;
      return renderPage(
        res,
        'auth/login',
        { title: t('auth.title'), email: '', next: '', error: t('auth.tooMany') },
        429,
      );
    },
  });

  router.get('/login', async (req, res) => {
    const t = res.locals.t;
    if (req.user) return res.redirect(303, '/dashboard');
    await renderPage(res, 'auth/login', {
      title: t('auth.title'),
      email: '',
      next: typeof req.query.next === 'string' ? req.query.next : '',
      error: null,
    });
  });

  router.post('/login', limiter, async (req, res, next) => {
    const t = res.locals.t;
    // Input too long to be anyone's credentials fails like a wrong password, without a hint.
    const parsed = parse(loginSchema, req.body ?? {});
    const input = parsed.ok ? parsed.data : { email: '', password: '', next: undefined };
    const user = input.email && input.password ? await services.users.authenticate(input.email, input.password) : null;
    if (!user) {
      // One message for unknown e-mail, wrong password and disabled account: no enumeration.
      return renderPage(
        res,
        'auth/login',
        { title: t('auth.title'), email: input.email, next: input.next ?? '', error: t('auth.failed') },
        401,
      );
    }
    // A fresh session id at login defeats session fixation.
    req.session.regenerate((err) => {
      if (err) return next(err);
      req.session.userId = user.id;
      req.session.save((saveErr) => (saveErr ? next(saveErr) : res.redirect(303, safeNext(input.next))));
    });
  });

  router.post('/logout', (req, res, next) => {
    if (!req.session) return res.redirect(303, '/');
    req.session.destroy((err) => {
      if (err) return next(err);
      res.clearCookie('km_session');
      res.redirect(303, '/');
    });
  });
  return router;
}
