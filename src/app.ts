import ejs from 'ejs';
import express, { type Express } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Db } from './persistence/database.js';
import type { Services } from './services/index.js';
import { publicDir, viewsDir } from './paths.js';
import {
  type LoginThrottle,
  loginThrottle,
  productionThrottle,
  type ThrottleLimits,
} from './services/login-throttle.js';
import { cookieNames } from './web/middleware/cookie-names.js';
import { csrfProtection } from './web/middleware/csrf.js';
import { writeGuard } from './web/middleware/write-guard.js';
import { errorHandler, notFoundHandler } from './web/middleware/errors.js';
import { localeMiddleware, urlWithLang } from './web/middleware/locale.js';
import { requestLog } from './web/middleware/request-log.js';
import { readCookie } from './web/cookies.js';
import { bearerUser, sessionUser } from './web/middleware/auth.js';
import { accountRoutes } from './web/routes/account.js';
import { adminRoutes } from './web/routes/admin.js';
import { auditRoutes } from './web/routes/audits.js';
import { certificatePdfRoutes } from './web/routes/certificate-pdf.js';
import { evidenceRoutes } from './web/routes/evidence-routes.js';
import { checkRoutes } from './web/routes/check-pages.js';
import { type ComplaintLimits, complaintRoutes, productionComplaintLimits } from './web/routes/complaints.js';
import { authRoutes, loginNeedsHttps } from './web/routes/auth.js';
import { feedRoutes } from './web/routes/feeds.js';
import { healthRoutes } from './web/routes/health.js';
import { homeRoutes } from './web/routes/home.js';
import { outboxRoutes } from './web/routes/outbox.js';
import { watchRoutes } from './web/routes/watch.js';
import { portalRoutes } from './web/routes/portal.js';
import { portalBrandRoutes } from './web/routes/portal-brands.js';
import { portalContactRoutes } from './web/routes/portal-contact.js';
import { publicApiRoutes } from './web/routes/public-api.js';
import { profilePages } from './web/routes/profile-pages.js';
import { registerRoutes } from './web/routes/register.js';
import { searchPages } from './web/routes/search-pages.js';
import { verifyPages } from './web/routes/verify-pages.js';
import { SEAL_PATH, sealHandler } from './web/routes/seal.js';
import { staffApiRoutes } from './web/routes/staff-api.js';
import { productionSubscriptionLimit, webhookApiRoutes } from './web/routes/webhook-api.js';
import type { RouteDeps } from './web/route-deps.js';
import { SqliteSessionStore } from './web/session-store.js';
import { sessionRepository } from './persistence/session-repository.js';
import { viewHelpers } from './web/view-helpers.js';

export interface AppDeps {
  config: Config;
  db: Db;
  services: Services;
  clock: Clock;
  logger: Logger;
  sessionSecret: string;
  /** Lets /readyz report a shutdown in progress. */
  lifecycle?: { isShuttingDown(): boolean };
  /** Abuse limits; the defaults are production's, with room for test suites when NODE_ENV=test. */
  limits?: { login?: ThrottleLimits; complaints?: ComplaintLimits; subscriptions?: number };
  /** A login throttle shared with the caller (tests read or reset it). */
  loginThrottle?: LoginThrottle;
}

// Test suites sign in and file complaints far more often than a person would.
const testLimits = {
  login: { ...productionThrottle, accountFreeFailures: 1000, addressFreeFailures: 1000 },
  complaints: { perAddress: 1000, perCentre: 1000 },
  subscriptions: 1000,
};

const SESSION_EXPIRES_MS = 8 * 3600 * 1000;

/** Pages the anonymous fast lane serves: home, search, a profile, a verification result. */
const ANONYMOUS_PAGE = /^\/(register|centres\/[^/]+|verify\/[^/]+)?$/;

/** Builds the registry's web app from its dependencies; it never listens (main.ts does). */
export function createApp(deps: AppDeps): Express {
  const { config, logger } = deps;
  // What routes get: everything but the database and the session secret.
  const routeDeps: RouteDeps = {
    config,
    services: deps.services,
    clock: deps.clock,
    logger,
    lifecycle: deps.lifecycle,
  };
  const cookies = cookieNames(config.isProduction);
  const defaults =
    config.env === 'test'
      ? testLimits
      : {
          login: productionThrottle,
          complaints: productionComplaintLimits,
          subscriptions: productionSubscriptionLimit,
        };
  const throttle = deps.loginThrottle ?? loginThrottle(deps.clock, deps.limits?.login ?? defaults.login);
  const csrf = csrfProtection(deps.sessionSecret, config.isProduction, cookies.csrf);
  const app = express();
  app.disable('x-powered-by');
  // Nobody's X-Forwarded-For is believed unless TRUST_PROXY says whose: otherwise any client
  // picks its own address and walks around every per-address limit.
  app.set('trust proxy', config.trustProxy);
  app.set('views', viewsDir);
  // Compiled templates are cached everywhere but in development, where edits should show at
  // once. Includes are written from the views root ('/register/_badge'): EJS resolves those
  // without probing the file system on every include, which relative includes would.
  const cacheViews = config.env !== 'development';
  app.set('view cache', cacheViews);
  app.engine('ejs', (file, data, callback) =>
    ejs.renderFile(file, data as ejs.Data, { root: viewsDir, cache: cacheViews }, (err, html) => callback(err, html)),
  );
  app.set('view engine', 'ejs');
  app.locals.h = viewHelpers;
  app.locals.baseUrl = config.baseUrl;
  app.locals.urlWithLang = urlWithLang;

  // The seal before everything else, the request log and helmet included: see seal.ts.
  app.get(SEAL_PATH, sealHandler(deps.services.register, { hsts: config.isProduction }));
  app.use(requestLog(logger));
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          objectSrc: ["'none'"],
          upgradeInsecureRequests: config.isProduction ? [] : null,
        },
      },
      strictTransportSecurity: config.isProduction,
    }),
  );
  // The hot public routes next: the certificate and search API need
  // neither a language, nor a session, nor CSRF, nor a parsed body.
  app.use(healthRoutes(routeDeps));
  app.use(publicApiRoutes(routeDeps));
  app.use('/assets', express.static(publicDir, { maxAge: config.isProduction ? '1d' : 0 }));
  app.use(localeMiddleware(config.isProduction, cookies.lang));
  app.use(feedRoutes(routeDeps));
  const certificatePdf = certificatePdfRoutes(routeDeps, csrf.verifyCsrf);
  app.use(certificatePdf.publicApi);

  // Public pages without a form, for a visitor without a session cookie: the same for everyone
  // with the URL and language (served from the data-version cache), so nothing of the session,
  // CSRF or body machinery below runs for them. Signed-in visitors get them further down.
  const pages = [homeRoutes(routeDeps), searchPages(routeDeps), profilePages(routeDeps), verifyPages(routeDeps)];
  const anonymousPages = express.Router();
  anonymousPages.use((req, _res, next) =>
    (req.method === 'GET' || req.method === 'HEAD') &&
    ANONYMOUS_PAGE.test(req.path) &&
    readCookie(req, cookies.session) === undefined
      ? next()
      : next('router'),
  );
  anonymousPages.use(...pages);
  app.use(anonymousPages);
  app.use(writeGuard(deps.services.register.isDatabaseReady));

  app.use(express.urlencoded({ extended: false, limit: '200kb', parameterLimit: 2000 }));
  app.use(express.json({ limit: '1mb' }));
  // RFC 8058 one-click unsubscribe: mail clients post without cookies or a CSRF token.
  const watch = watchRoutes(routeDeps);
  app.use(watch.oneClick);
  const sessions = session({
    name: cookies.session,
    secret: deps.sessionSecret,
    store: new SqliteSessionStore(sessionRepository(deps.db), () => deps.clock.now().getTime()),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.isProduction,
      path: '/',
      maxAge: SESSION_EXPIRES_MS,
    },
  });
  // Anonymous visitors of the public register carry no session cookie; only signing in starts
  // a session. Skipping the session machinery for them keeps public pages close to a lookup.
  app.use((req, res, next) =>
    readCookie(req, cookies.session) !== undefined || (req.method === 'POST' && req.path === '/login')
      ? sessions(req, res, next)
      : next(),
  );
  app.use(loginNeedsHttps(routeDeps));
  app.use(csrf.csrfProtection);
  // Its Bearer tokens are subscriptions' own, not staff tokens: before the staff check.
  app.use(webhookApiRoutes(routeDeps, deps.limits?.subscriptions ?? defaults.subscriptions));
  app.use('/api/v1', bearerUser(deps.services));
  app.use(staffApiRoutes(routeDeps));
  const evidence = evidenceRoutes(routeDeps, csrf.verifyCsrf);
  app.use(evidence.api);
  app.use(sessionUser(deps.services));

  app.use(...pages);
  app.use(registerRoutes(routeDeps));
  app.use(certificatePdf.pages);
  app.use(checkRoutes(routeDeps, csrf.verifyCsrf));
  app.use(authRoutes(routeDeps, throttle));
  app.use(accountRoutes(routeDeps));
  app.use(adminRoutes(routeDeps));
  app.use(outboxRoutes(routeDeps));
  app.use(watch.pages);
  app.use(auditRoutes(routeDeps));
  app.use(portalRoutes(routeDeps));
  app.use(portalBrandRoutes(routeDeps));
  app.use(portalContactRoutes(routeDeps));
  app.use(evidence.pages);
  app.use(complaintRoutes(routeDeps, deps.limits?.complaints ?? defaults.complaints));

  app.use(notFoundHandler);
  app.use(errorHandler(config.isProduction, logger));
  return app;
}
