import { type Request, type RequestHandler, type Response, Router } from 'express';
import { z } from 'zod';
import type { LoginThrottle } from '../../services/login-throttle.js';
import { cookieNames } from '../middleware/cookie-names.js';
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

/**
 * In production the session cookie is Secure, so a browser on plain HTTP never stores it: the
 * login would "work" and leave the person signed out. Say so instead.
 */
const insecureInProduction = (req: Request, isProduction: boolean) => isProduction && !req.secure;

/**
 * Runs before the CSRF check (whose cookie is Secure too, so over plain HTTP it never comes back
 * and the person would only be told the form expired): explains why no sign-in can happen here.
 */
export function loginNeedsHttps({ config, logger }: Pick<RouteDeps, 'config' | 'logger'>): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'POST' || req.path !== '/login' || !insecureInProduction(req, config.isProduction))
      return next();
    logger.warn({ reqId: req.id }, 'login refused: plain HTTP in production, the Secure session cookie cannot be set');
    const t = res.locals.t;
    // No token: over this connection no form can be accepted anyway.
    res.locals.csrfToken = '';
    const email = typeof req.body?.email === 'string' ? req.body.email.slice(0, 200) : '';
    renderPage(
      res,
      'auth/login',
      { title: t('auth.title'), email, next: '', error: t('hardening.login.needsHttps') },
      400,
    ).catch(next);
  };
}

export function authRoutes({ services, config }: RouteDeps, throttle: LoginThrottle): Router {
  const router = Router();
  const sessionCookie = cookieNames(config.isProduction).session;

  const renderLogin = (
    req: Request,
    res: Response,
    form: { email: string; next: string; error: string | null },
    status = 200,
  ) => {
    const t = res.locals.t;
    const https = insecureInProduction(req, config.isProduction) ? t('hardening.login.needsHttps') : null;
    return renderPage(res, 'auth/login', { title: t('auth.title'), ...form, error: form.error ?? https }, status);
  };

  router.get('/login', async (req, res) => {
    if (req.user) return res.redirect(303, '/dashboard');
    await renderLogin(req, res, {
      email: '',
      next: typeof req.query.next === 'string' ? req.query.next : '',
      error: null,
    });
  });

  router.post('/login', async (req, res, next) => {
    const t = res.locals.t;
    // Input too long to be anyone's credentials fails like a wrong password, without a hint.
    const parsed = parse(loginSchema, req.body ?? {});
    const input = parsed.ok ? parsed.data : { email: '', password: '', next: undefined };
    const form = { email: input.email, next: input.next ?? '' };
    const address = req.ip ?? 'unknown';
    const wait = throttle.retryAfter(input.email, address);
    if (wait > 0) {
      // The same answer for every account, known or not: the wait reveals nothing.
      const seconds = Math.ceil(wait / 1000);
      res.set('retry-after', String(seconds));
      return renderLogin(req, res, { ...form, error: t('hardening.login.wait', { seconds }) }, 429);
    }
    const user = input.email && input.password ? await services.users.authenticate(input.email, input.password) : null;
    if (!user) {
      throttle.failed(input.email, address);
      // One message for unknown e-mail, wrong password and disabled account: no enumeration.
      return renderLogin(req, res, { ...form, error: t('auth.failed') }, 401);
    }
    throttle.succeeded(input.email);
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
      // A __Host- cookie is only replaced (here: removed) with the attributes it was set with.
      res.clearCookie(sessionCookie, { path: '/', httpOnly: true, sameSite: 'lax', secure: config.isProduction });
      res.redirect(303, '/');
    });
  });
  return router;
}
