import { once } from 'node:events';
import { type Response, Router } from 'express';
import { SEARCH_QUERY_MAX, searchQuerySchema } from '../../contracts/register.js';
import { centreTypes, channelCodes, sectorCodes } from '../../domain/centre.js';
import { certificateStatuses } from '../../domain/vocabulary.js';
import { notFound } from '../../errors.js';
import { MAX_COMPARE, type RegisterService } from '../../services/register-service.js';
import type { Params } from '../../domain/reason.js';
import type { Locale } from '../i18n.js';
import { fieldErrors, parse } from '../input.js';
import { buildOpenApiDocument, listOperations } from '../openapi.js';
import { certificateView, presentCertificate } from '../presenters/certificate-presenter.js';
import {
  centreProfileView,
  embedSnippet,
  presentCentreProfile,
  presentSearchResult,
} from '../presenters/centre-presenter.js';
import { openDataColumns, openDataCsv, openDataJson } from '../presenters/open-data.js';
import { reasonText } from '../presenters/reason-text.js';
import { contentEtag, drawSeal } from '../presenters/seal-svg.js';
import { renderPage, renderPageToString } from '../render.js';
import type { RouteDeps } from '../route-deps.js';

/**
 * The seal: live status as SVG. Cached for at most 60 seconds (a suspension must show within a
 * minute) and revalidated by a strong ETag; embeddable by any site. Its language comes only
 * from `?lang`, never from a cookie, so one URL always gives the same bytes.
 */
export function sealRoutes(register: RegisterService): Router {
  const router = Router();
  router.get('/seal/:number.svg', (req, res) => {
    const locale: Locale = req.query.lang === 'en' ? 'en' : 'nl';
    const seal = register.seal(req.params.number);
    const svg = drawSeal(seal.facts, locale);
    const etag = contentEtag(svg);
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
    res.status(seal.found ? 200 : 404).send(svg);
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

/** The reason an event's payload gives, in the reader's language; null when it gives none. */
function eventReason(payload: unknown, t: Response['locals']['t'], locale: Locale): string | null {
  const p = (payload ?? {}) as { reason?: unknown; reasonCode?: unknown; reasonParams?: unknown };
  if (typeof p.reason !== 'string') return null;
  const code = typeof p.reasonCode === 'string' ? p.reasonCode : null;
  return reasonText({ code, params: (p.reasonParams ?? {}) as Params, text: p.reason }, t, locale);
}

export function registerRoutes(deps: Pick<RouteDeps, 'services' | 'config'>): Router {
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
    const parsed = parse(searchQuerySchema, raw);
    const page = {
      title: res.locals.t('register.search.title'),
      values,
      options,
      searchUrl: (changes: Record<string, string | number | undefined>) => searchUrl(raw, changes),
    };
    if (!parsed.ok) {
      await renderPage(res, 'register/search', { ...page, errors: fieldErrors(parsed.issues, res), result: null }, 400);
      return;
    }
    const result = presentSearchResult(register.search(parsed.data));
    await renderPage(res, 'register/search', { ...page, errors: {}, result, query: parsed.data });
  });

  router.get('/centres/:slug', async (req, res) => {
    const found = register.profile(req.params.slug);
    if (!found) throw notFound('centre');
    const profile = centreProfileView(found, res.locals.t, res.locals.locale);
    const { row } = profile;
    const locals = {
      title: row.tradeName,
      profile,
      scheme: deps.services.schemes.get(row.certificate.schemeCode),
      embedCode: embedSnippet(deps.config.baseUrl, { ...row, number: row.certificate.number }),
    };
    if (req.user) return renderPage(res, 'register/centre', locals);
    // For anonymous visitors the page is the same for everyone with the same URL and language.
    const html = await register.publicPage(`${res.locals.locale}:${req.originalUrl}`, () =>
      renderPageToString(res, 'register/centre', locals),
    );
    res.type('html').send(html);
  });

  router.get('/compare', async (req, res) => {
    const slugs = listParam(req.query.c);
    const tooMany = slugs.length > MAX_COMPARE;
    const { centres, missing } = register.compare(slugs.slice(0, MAX_COMPARE));
    const presented = centres.map((p) => ({ row: p.row, json: presentCentreProfile(p) }));
    await renderPage(
      res,
      'register/compare',
      {
        title: res.locals.t('register.compare.title'),
        centres: presented,
        missing,
        tooMany,
        scheme: deps.services.schemes.current(),
      },
      tooMany ? 400 : 200,
    );
  });

  router.get('/verify', async (req, res) => {
    const number = typeof req.query.number === 'string' ? req.query.number.slice(0, 100) : '';
    if (!number) {
      await renderPage(res, 'register/verify', { title: res.locals.t('register.verify.title'), number, error: null });
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
      {
        title: res.locals.t('register.verify.title'),
        number,
        error: res.locals.t(`register.verify.error.${found.kind}`),
      },
      400,
    );
  });

  router.get('/verify/:number', async (req, res) => {
    const found = register.lookupCertificate(req.params.number);
    const title = res.locals.t('register.verify.resultTitle');
    if (found.kind === 'found') {
      const certificate = certificateView(presentCertificate(found.record), res.locals.t, res.locals.locale);
      await renderPage(res, 'register/verify-result', {
        title,
        certificate,
        scheme: deps.services.schemes.find(certificate.scheme) ?? deps.services.schemes.current(),
      });
      return;
    }
    const number = req.params.number.slice(0, 100);
    const error =
      found.kind === 'unknown'
        ? res.locals.t('register.verify.error.unknown', { number: found.number })
        : res.locals.t(`register.verify.error.${found.kind}`);
    await renderPage(
      res,
      'register/verify',
      { title: res.locals.t('register.verify.title'), number, error },
      found.kind === 'unknown' ? 404 : 400,
    );
  });

  router.get('/rules', async (_req, res) => {
    await renderPage(res, 'register/rules', {
      title: res.locals.t('register.rules.title'),
      scheme: deps.services.schemes.current(),
    });
  });

  router.get('/scheme', async (_req, res) => {
    await renderPage(res, 'register/scheme', {
      title: res.locals.t('register.scheme.title'),
      scheme: deps.services.schemes.current(),
    });
  });

  router.get('/open-data', async (_req, res) => {
    const scheme = deps.services.schemes.current();
    await renderPage(res, 'register/open-data', {
      title: res.locals.t('register.openData.title'),
      columns: openDataColumns(scheme),
      scheme,
    });
  });

  router.get('/open-data/register.csv', async (_req, res) => {
    res.set({
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="keurmerk-register.csv"',
      'cache-control': 'public, max-age=60',
    });
    await streamChunks(res, openDataCsv(register.publicRows(), deps.services.schemes.current(), deps.config.baseUrl));
  });

  router.get('/open-data/register.json', async (_req, res) => {
    res.set({
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': 'inline; filename="keurmerk-register.json"',
      'cache-control': 'public, max-age=60',
    });
    await streamChunks(res, openDataJson(register.publicRows(), deps.services.schemes.current(), deps.config.baseUrl));
  });

  router.get('/transparency', async (_req, res) => {
    const { t, locale } = res.locals;
    await renderPage(res, 'register/transparency', {
      title: t('register.transparency.title'),
      events: register.latestEvents(50).map((e) => ({ ...e, reasonText: eventReason(e.payload, t, locale) })),
      check: register.verifyLog(),
    });
  });

  const operations = listOperations(buildOpenApiDocument(deps.config.baseUrl));
  router.get('/api', async (_req, res) => {
    await renderPage(res, 'register/api', { title: res.locals.t('register.api.title'), operations });
  });

  return router;
}
