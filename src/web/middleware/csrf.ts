import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { AppError } from '../../errors.js';
import { readCookie } from '../cookies.js';

export const CSRF_FIELD = '_csrf';

/**
 * Signed tokens: every form carries an HMAC the server computes with its secret. For a
 * signed-in person the HMAC is of the session id, which lives only in the server's session
 * store and changes at every login, so a token is good for that one session and nothing an
 * attacker can plant (a cookie from a sibling subdomain) helps mint one. Anonymous forms (login,
 * complaints) are a signed double submit: the HMAC of a random value in an httpOnly cookie.
 * Another site can neither read the cookie nor compute the HMAC without the secret.
 *
 * `csrfProtection` issues the token and checks every unsafe form post whose body is already
 * parsed. Multipart bodies are parsed later by the route's upload middleware, so such routes
 * must put `verifyCsrf` after it; `/api/` is exempt because it authenticates with Bearer
 * tokens, never with cookies.
 */
export function csrfProtection(
  secret: string,
  secureCookies: boolean,
  cookieName: string,
): {
  csrfProtection: RequestHandler;
  verifyCsrf: RequestHandler;
} {
  const sign = (nonce: string) => createHmac('sha256', secret).update(nonce).digest('base64url');
  const verifyCsrf: RequestHandler = (req, res, next) => {
    const nonce = res.locals.csrfNonce;
    const sent = submittedToken(req);
    if (!nonce || typeof sent !== 'string' || !sameString(sent, sign(nonce))) {
      return next(csrfError());
    }
    next();
  };
  const protection: RequestHandler = (req, res, next) => {
    if (req.session?.userId !== undefined) {
      const nonce = `session:${req.sessionID}`;
      res.locals.csrfToken = sign(nonce);
      res.locals.csrfNonce = nonce;
    } else {
      let nonce = readCookie(req, cookieName);
      const hadCookie = Boolean(nonce && /^[A-Za-z0-9_-]{43}$/.test(nonce));
      if (!hadCookie) {
        nonce = randomBytes(32).toString('base64url');
        res.cookie(cookieName, nonce, { path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookies });
      }
      res.locals.csrfToken = sign(`cookie:${nonce}`);
      // A post that arrives without the cookie can never carry a matching token.
      res.locals.csrfNonce = hadCookie ? `cookie:${nonce}` : undefined;
    }
    if (isSafe(req.method) || req.path.startsWith('/api/') || req.is('multipart/form-data')) {
      return next();
    }
    verifyCsrf(req, res, next);
  };
  return { csrfProtection: protection, verifyCsrf };
}

function submittedToken(req: Request): unknown {
  const body = req.body as Record<string, unknown> | undefined;
  return (body && typeof body === 'object' ? body[CSRF_FIELD] : undefined) ?? req.get('x-csrf-token');
}

function isSafe(method: string) {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
}

function sameString(a: string, b: string) {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

function csrfError() {
  return new AppError(
    'forbidden',
    'csrf_invalid',
    'The form has expired or did not come from this site; reload the page and try again',
  );
}
