import { Router } from 'express';
import { eventsQuerySchema, searchQuerySchema } from '../../contracts/register.js';
import { toPublicScheme } from '../../domain/scheme.js';
import { notFound } from '../../errors.js';
import { parseOrThrow } from '../input.js';
import { buildOpenApiDocument } from '../openapi.js';
import { certificateLookupError, presentCertificate } from '../presenters/certificate-presenter.js';
import { presentCentreProfile, serialiseSearchResult } from '../presenters/centre-presenter.js';
import { presentEventsPage } from '../presenters/event-presenter.js';
import type { RouteDeps } from '../route-deps.js';

const SHORT_CACHE = 'public, max-age=60';

/**
 * The public JSON API and the OpenAPI document. Mounted before the body parsers, session and
 * CSRF cookie: these answers need none of them, and a cacheable answer must never carry a
 * cookie, or no CDN would cache it. (The seal is mounted earlier still, in app.ts.)
 */
export function publicApiRoutes({ services, config }: Pick<RouteDeps, 'services' | 'config'>): Router {
  const router = Router();
  const register = services.register;
  const openApiText = JSON.stringify(buildOpenApiDocument(config.baseUrl));

  router.get('/api/openapi.json', (_req, res) => {
    res.set('cache-control', 'public, max-age=300').type('json').send(openApiText);
  });

  router.get('/api/v1/scheme', (_req, res) => {
    res.set('cache-control', 'public, max-age=300').json(toPublicScheme(services.schemes.current()));
  });

  router.get('/api/v1/scheme/:code', (req, res) => {
    res.set('cache-control', 'public, max-age=300').json(toPublicScheme(services.schemes.get(req.params.code)));
  });

  router.get('/api/v1/centres', async (req, res) => {
    const query = parseOrThrow(searchQuerySchema, req.query, 'The search is not valid');
    const body = await register.searchAnswer(query, serialiseSearchResult);
    res.set('cache-control', SHORT_CACHE).type('json').send(body);
  });

  router.get('/api/v1/centres/:slug', (req, res) => {
    const profile = register.profile(req.params.slug);
    if (!profile) throw notFound('centre');
    res.set('cache-control', SHORT_CACHE).json(presentCentreProfile(profile));
  });

  router.get('/api/v1/certificates/:number', (req, res) => {
    const found = register.lookupCertificate(req.params.number);
    if (found.kind !== 'found') throw certificateLookupError(found);
    const body = register.publicAnswer(`certificate:${found.number}`, () =>
      JSON.stringify(presentCertificate(found.record)),
    );
    res.set('cache-control', SHORT_CACHE).type('json').send(body);
  });

  router.get('/api/v1/events', (req, res) => {
    const { after } = parseOrThrow(eventsQuerySchema, req.query, 'The query is not valid');
    res.set('cache-control', SHORT_CACHE).json(presentEventsPage(register.eventsAfter(after)));
  });

  router.get('/api/v1/events/verify', (_req, res) => {
    res.set('cache-control', 'no-store').json(register.verifyLog());
  });

  return router;
}
