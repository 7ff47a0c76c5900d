import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError } from '../../errors.js';
import type { Role } from '../../domain/vocabulary.js';
import type { Services, User } from '../../services/index.js';

declare module 'express-session' {
  interface SessionData {
    userId?: number;
  }
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      user?: User;
    }
  }
}

/**
 * What a signed-in person sees is theirs alone (names, e-mails of complainants, tokens): no
 * browser or proxy cache may keep it. Forced at the moment the headers go out, so a route that
 * marks a public page cacheable cannot make a signed-in view of it cacheable.
 */
function keepPrivate(res: Response): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: unknown[]) {
    // A route that already forbids storing (private files: `private, no-store`) keeps its own words.
    if (!/\bno-store\b/.test(String(this.getHeader('cache-control') ?? '')))
      this.setHeader('cache-control', 'no-store');
    return (writeHead as (...a: unknown[]) => Response).apply(this, args);
  } as Response['writeHead'];
}

/** Loads the signed-in person from the session (pages) and exposes it to views. */
export function sessionUser(services: Services): RequestHandler {
  return (req, res, next) => {
    const id = req.session?.userId;
    if (id !== undefined) {
      const user = services.users.find(id);
      if (user && !user.disabled) {
        req.user = user;
        keepPrivate(res);
      } else delete req.session.userId;
    }
    res.locals.currentUser = req.user ?? null;
    next();
  };
}

/** Authenticates `Authorization: Bearer km_…` for the JSON API; never uses cookies. */
export function bearerUser(services: Services): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization');
    if (!header) return next();
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const user = match ? services.tokens.authenticate(match[1]!) : null;
    if (!user)
      return next(new AppError('unauthenticated', 'token_invalid', 'The API token is missing, unknown or revoked'));
    req.user = user;
    keepPrivate(res);
    next();
  };
}

/** Requires a signed-in user with one of the roles; pages redirect anonymous visitors to login. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.user) {
      if (req.path.startsWith('/api/') || req.baseUrl.startsWith('/api/') || req.accepts(['html', 'json']) === 'json') {
        return next(new AppError('unauthenticated', 'unauthenticated', 'Sign in or send an API token'));
      }
      return res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
    }
    if (roles.length > 0 && !roles.includes(req.user.role)) {
      return next(new AppError('forbidden', 'role_not_allowed', 'Your role does not allow this'));
    }
    next();
  };
}

export const requireUser = requireRole();

/** The signed-in user in a handler that runs behind requireRole. */
export function currentUser(req: Request): User {
  if (!req.user) throw new AppError('unauthenticated', 'unauthenticated', 'Sign in first');
  return req.user;
}
