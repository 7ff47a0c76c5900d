import { once } from 'node:events';
import { Router, type Response } from 'express';
import type { AppDeps } from '../../app.js';
import { notFound } from '../../errors.js';
import { contentEtag, escapeXml, MAX_COMPARE, type RegisterService } from '../../services/register-service.js';
import { SEARCH_QUERY_MAX, searchQuerySchema } from '../api-schemas.js';
import type { Locale, Translate } from '../i18n.js';
import { buildOpenApiDocument, listOperations } from '../openapi.js';
import { renderPage, renderPageToString } from '../render.js';
import { fieldErrors } from '../validation.js';
import { channelCodes, centreTypes, sectorCodes } from '../../domain/centre.js';
import { certificateStatuses } from '../api-schemas.js';

const t = (res: Response) => res.locals.t as Translate;

/**
 * The seal: live status as SVG. Cached for at most 60 seconds (a suspension must show within a
 * minute) and revalidated by a strong ETag; embeddable by any site. Its language comes only
 * from `?lang`, never from a cookie, so one URL always gives the same bytes.
 */
export function sealRoutes(_deps: AppDeps, register: RegisterService): Router {
  const router = Router();
  router.get('/seal/:number.svg', (req, res) => {
    const locale: Locale = req.query.lang === 'en' ? 'en' : 'nl';
    const seal = register.seal(req.params.number, locale);
    const etag = contentEtag(seal.svg);
    res.set({
      'content-type': 'image/svg+xml; charset=utf-8',
      'cache-control': 'public, max-age=60, must-revalidate',
      etag,
      'cross-origin-resource-policy': 'cross-origin',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    });
    const asked = req.get('if-none-match');
    if (asked?.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*')) {
      res.status(304).end();
      return;
    }
    res.status(seal.found ? 200 : 404).send(seal.svg);
  });
  return router;
}

/** Writes chunks with back-pressure, so a download of the whole register never sits in memory. */
async function streamChunks(res: Response, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (res.destroyed) return;
    if (!res.write(chunk)) {
      await Promise.race([once(res, 'drain'), once(res, 'close')]);
    }
  }
  res.end();
}

function listParam(value: unknown): string[] {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return [
    ...new Set(
      values
        .filter((v): v is string => typeof v === 'string')
        .flatMap((v) => v.split(','))
        .map((v) => v.trim())
        .filter(Boolean),
    ),
  ];
}

/** The search's own URL with some parameters changed: filters live in the URL so a search can be shared. */
function searchUrl(query: Record<string, unknown>, changes: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...query, ...changes })) {
    if (key === 'lang' || value === undefined || value === '' || typeof value === 'object') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `/register?${text}` : '/register';
}

export function registerRoutes(deps: AppDeps): Router {
  const router = Router();
  const register = deps.services.register;
  const options = { channels: channelCodes, sectors: sectorCodes, types: centreTypes, statuses: certificateStatuses };

  router.get('/register', async (req, res) => {
    const raw = req.query as Record<string, unknown>;
    const values = Object.fromEntries(
      ['q', 'channel', 'language', 'sector', 'type', 'status', 'minScore', 'sort'].map((k) => [
        k,
        typeof raw[k] === 'string' ? (raw[k] as string).slice(0, SEARCH_QUERY_MAX + 50) : '',
      ]),
    );
    const parsed = searchQuerySchema.safeParse(raw);
    if (!parsed.success) {
      await renderPage(
        res,
        'register/search',
        {
          title: t(res)('register.search.title'),
          values,
          errors: fieldErrors(parsed.error),
          result: null,
          options,
          searchUrl: (changes: Record<string, string | number | undefined>) => searchUrl(raw, changes),
        },
        400,
      );
      return;
    }
    const result = register.search(parsed.data);
    await renderPage(res, 'register/search', {
      title: t(res)('register.search.title'),
      values,
      errors: {},
      result,
      query: parsed.data,
      options,
      searchUrl: (changes: Record<string, string | number | undefined>) => searchUrl(raw, changes),
    });
  });

  router.get('/centres/:slug', async (req, res) => {
    const profile = register.profile(req.params.slug);
    if (!profile) throw notFound('Centre');
    const { row } = profile;
    // The snippet is HTML the centre pastes into its own site, so the name is escaped for that
    // page; the view escapes the whole snippet once more to show it as text.
    const embedCode =
      `<a href="${deps.config.baseUrl}/centres/${row.slug}">` +
      `<img src="${deps.config.baseUrl}/seal/${row.certificate.number}.svg" width="300" height="72" ` +
      `alt="Keurmerk: ${escapeXml(row.tradeName)}"></a>`;
    const locals = {
      title: row.tradeName,
      profile,
      scheme: deps.services.schemes.get(row.certificate.schemeCode),
      embedCode,
    };
    if (req.user) return renderPage(res, 'register/centre', locals);
    // For anonymous visitors the page is the same for everyone with the same URL and language.
    const html = await register.publicPage(`${res.locals.locale as string}:${req.originalUrl}`, () =>
      renderPageToString(res, 'register/centre', locals),
    );
    res.type('html').send(html);
  });

  router.get('/compare', async (req, res) => {
    const slugs = listParam(req.query.c);
    const tooMany = slugs.length > MAX_COMPARE;
    const { centres, missing } = register.compare(slugs.slice(0, MAX_COMPARE));
    await renderPage(
      res,
      'register/compare',
      { title: t(res)('register.compare.title'), centres, missing, tooMany, scheme: deps.services.schemes.current() },
      tooMany ? 400 : 200,
    );
  });

  router.get('/verify', async (req, res) => {
    const number = typeof req.query.number === 'string' ? req.query.number.slice(0, 100) : '';
    if (!number) {
      await renderPage(res, 'register/verify', { title: t(res)('register.verify.title'), number, error: null });
      return;
    }
    const found = register.lookupCertificate(number);
    if (found.kind === 'found' || found.kind === 'unknown') {
      res.redirect(303, `/verify/${encodeURIComponent(found.number)}`);
      return;
    }
    await renderPage(
      res,
      'register/verify',
      { title: t(res)('register.verify.title'), number, error: t(res)(`register.verify.error.${found.kind}`) },
      400,
    );
  });

  router.get('/verify/:number', async (req, res) => {
    const found = register.lookupCertificate(req.params.number);
    const title = t(res)('register.verify.resultTitle');
    if (found.kind === 'found') {
      await renderPage(res, 'register/verify-result', {
        title,
        certificate: found.certificate,
        scheme: deps.services.schemes.find(found.certificate.scheme) ?? deps.services.schemes.current(),
      });
      return;
    }
    const number = req.params.number.slice(0, 100);
    const error =
      found.kind === 'unknown'
        ? t(res)('register.verify.error.unknown', { number: found.number })
        : t(res)(`register.verify.error.${found.kind}`);
    await renderPage(
      res,
      'register/verify',
      { title: t(res)('register.verify.title'), number, error },
      found.kind === 'unknown' ? 404 : 400,
    );
  });

  router.get('/rules', async (_req, res) => {
    await renderPage(res, 'register/rules', {
      title: t(res)('register.rules.title'),
      scheme: deps.services.schemes.current(),
    });
  });

  router.get('/scheme', async (_req, res) => {
    await renderPage(res, 'register/scheme', {
      title: t(res)('register.scheme.title'),
      scheme: deps.services.schemes.current(),
    });
  });

  router.get('/open-data', async (_req, res) => {
    const scheme = deps.services.schemes.current();
    await renderPage(res, 'register/open-data', {
      title: t(res)('register.openData.title'),
      columns: register.openDataColumns(),
      scheme,
    });
  });

  router.get('/open-data/register.csv', async (_req, res) => {
    res.set({
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="keurmerk-register.csv"',
      'cache-control': 'public, max-age=60',
    });
    await streamChunks(res, register.csvLines());
  });

  router.get('/open-data/register.json', async (_req, res) => {
    res.set({
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': 'inline; filename="keurmerk-register.json"',
      'cache-control': 'public, max-age=60',
    });
    await streamChunks(res, register.jsonChunks());
  });

  router.get('/transparency', async (_req, res) => {
    await renderPage(res, 'register/transparency', {
      title: t(res)('register.transparency.title'),
      events: register.latestEvents(50),
      check: register.verifyLog(),
    });
  });

  const operations = listOperations(buildOpenApiDocument(deps.config.baseUrl));
  router.get('/api', async (_req, res) => {
    await renderPage(res, 'register/api', { title: t(res)('register.api.title'), operations });
  });

  return router;
}
