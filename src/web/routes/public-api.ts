import { Router } from 'express';
import type { AppDeps } from '../../app.js';
import { toPublicScheme } from '../../domain/scheme.js';
import { AppError, notFound } from '../../errors.js';
import { eventsQuerySchema, searchQuerySchema } from '../api-schemas.js';
import { buildOpenApiDocument } from '../openapi.js';
import { parseOrThrow } from '../validation.js';
import { sealRoutes } from './register.js';

const SHORT_CACHE = 'public, max-age=60';

/**
 * The public JSON API, the OpenAPI document and the seal. Mounted before the body parsers,
 * session and CSRF cookie: these answers need none of them, and a seal must never carry a
 * cookie, or no CDN would cache it.
 */
export function publicApiRoutes(deps: AppDeps): Router {
  const router = Router();
  const register = deps.services.register;
  const openApiText = JSON.stringify(buildOpenApiDocument(deps.config.baseUrl));

  router.use(sealRoutes(deps, register));

  router.get('/api/openapi.json', (_req, res) => {
    res.set('cache-control', 'public, max-age=300').type('json').send(openApiText);
  });

  router.get('/api/v1/scheme', (_req, res) => {
    res.set('cache-control', 'public, max-age=300').json(toPublicScheme(deps.services.schemes.current()));
  });

  router.get('/api/v1/scheme/:code', (req, res) => {
    const scheme = deps.services.schemes.find(req.params.code);
    if (!scheme) throw notFound(`Scheme ${req.params.code}`);
    res.set('cache-control', 'public, max-age=300').json(toPublicScheme(scheme));
  });

  router.get('/api/v1/centres', (req, res) => {
    const query = parseOrThrow(searchQuerySchema, req.query, 'search');
    res.set('cache-control', SHORT_CACHE).json(register.search(query));
  });

  router.get('/api/v1/centres/:slug', (req, res) => {
    const profile = register.profile(req.params.slug);
    if (!profile) throw notFound('Centre');
    res.set('cache-control', SHORT_CACHE).json(profile.json);
  });

  router.get('/api/v1/certificates/:number', (req, res) => {
    const found = register.lookupCertificate(req.params.number);
    switch (found.kind) {
      case 'format':
        throw new AppError('bad_request', 'Not a certificate number: expected something like KM-2026-00042-17', [
          { path: 'number', message: 'expected KM-YYYY-NNNNN-CC' },
        ]);
      case 'check-digits':
        throw new AppError(
          'bad_request',
          'The check digits do not match: probably a typo. Compare the number with the certificate or seal.',
          [{ path: 'number', message: 'the check digits do not match: probably a typo' }],
        );
      case 'unknown':
        throw new AppError('not_found', `No certificate with number ${found.number} exists in the register`);
      case 'found':
        res.set('cache-control', SHORT_CACHE).json(found.certificate);
    }
  });

  router.get('/api/v1/events', (req, res) => {
    const { after } = parseOrThrow(eventsQuerySchema, req.query, 'query');
    res.set('cache-control', SHORT_CACHE).json(register.eventsAfter(after));
  });

  router.get('/api/v1/events/verify', (_req, res) => {
    res.set('cache-control', 'no-store').json(register.verifyLog());
  });

  return router;
}
