import { type Request, type Response, Router } from 'express';
import { SEARCH_QUERY_MAX, type SearchResultJson, searchQuerySchema } from '../../contracts/register.js';
import { centreTypes, channelCodes, sectorCodes } from '../../domain/centre.js';
import { certificateStatuses } from '../../domain/vocabulary.js';
import { MAX_COMPARE } from '../../services/register-service.js';
import { fieldErrors, parse } from '../input.js';
import { serialiseSearchResult } from '../presenters/centre-presenter.js';
import {
  compareLinks,
  compareSelection,
  requestedSlugs,
  withSelection,
  withoutCentre,
} from '../presenters/compare-selection.js';
import { promiseRows, scoresView, statusText } from '../presenters/profile-view.js';
import { type SearchValues, searchFields, searchUrl, searchView } from '../presenters/search-view.js';
import { type PageToRender, renderPage, sendPublicPage } from '../render.js';
import type { RouteDeps } from '../route-deps.js';

/**
 * The HTML register lists valid certificates unless the visitor asks otherwise ("all" lifts
 * the filter); the JSON API keeps its v1 default of listing every status.
 */
function registerQuery(values: SearchValues, page: unknown) {
  const status = values.status === '' ? 'active' : values.status === 'all' ? '' : values.status;
  return { ...values, status, page };
}

/** The register search page and the side-by-side comparison. */
export function searchPages(deps: Pick<RouteDeps, 'services'>): Router {
  const router = Router();
  const register = deps.services.register;
  const options = {
    channels: channelCodes,
    sectors: sectorCodes,
    types: centreTypes,
    statuses: [...certificateStatuses, 'all'],
    languages: ['nl', 'fr', 'en', 'de', 'es', 'it', 'pl', 'pt', 'tr', 'ar'],
    sorts: ['relevance', 'name', 'score', 'promise'],
  };

  // The whole page (also a 400 with its messages) depends only on the URL and language: for an
  // anonymous visitor a cached rendering is sent before any of the work below.
  router.get('/register', (req, res) => sendPublicPage(req, res, register.publicPage, () => searchPage(req, res)));

  async function searchPage(req: Request, res: Response): Promise<PageToRender> {
    const { t, locale } = res.locals;
    const raw = req.query as Record<string, unknown>;
    const values = Object.fromEntries(
      searchFields.map((k) => [
        k,
        typeof raw[k] === 'string' ? (raw[k] as string).slice(0, SEARCH_QUERY_MAX + 50) : '',
      ]),
    ) as SearchValues;
    const selection = compareSelection(raw.c);
    const scheme = deps.services.schemes.current();
    const query = registerQuery(values, raw.page);
    const parsed = parse(searchQuerySchema, query);
    const errors = parsed.ok ? {} : fieldErrors(parsed.issues, res);
    if (values.promise && !scheme.promises.some((p) => p.id === values.promise)) errors.promise = 'unknown';
    const chosen = register.compare(selection).centres.map((p) => ({
      slug: p.row.slug,
      name: p.row.tradeName,
      removeUrl: searchUrl(values, selection, { c: withoutCentre(selection, p.row.slug) }),
    }));
    const page = {
      title: t('register.search.title'),
      values: { ...values, status: values.status || 'active' },
      options,
      scheme,
      selection,
      chosen,
      compareUrl: withSelection('/compare', selection),
      searchUrl: (changes: { page?: number }) => searchUrl(values, selection, changes),
      sortByPromiseUrl: searchUrl({ ...values, sort: 'promise' }, selection),
      jsonUrl: searchUrl({ ...values, status: query.status }, []).replace('/register', '/api/v1/centres'),
      feed: { href: `/feeds/status-changes.atom?lang=${locale}`, title: t('feeds.allTitle') },
    };
    if (!parsed.ok || Object.keys(errors).length > 0) {
      return { view: 'register/search', locals: { ...page, errors, result: null }, status: 400 };
    }
    // The same answer the API gives (and caches): from a search thread when there are any.
    const found = JSON.parse(await register.searchAnswer(parsed.data, serialiseSearchResult)) as SearchResultJson;
    const result = searchView(found, values, selection, scheme, t, locale);
    return { view: 'register/search', locals: { ...page, errors: {}, result } };
  }

  router.get('/compare', async (req, res) => {
    const { t, locale } = res.locals;
    const slugs = requestedSlugs(req.query.c);
    const tooMany = slugs.length > MAX_COMPARE;
    const { centres, missing } = register.compare(slugs.slice(0, MAX_COMPARE));
    const selection = centres.map((p) => p.row.slug);
    const presented = centres.map((p) => {
      const status = p.row.certificate.status;
      const scheme = deps.services.schemes.get(p.row.certificate.schemeCode);
      return {
        row: p.row,
        status,
        statusText: statusText(status, status === 'active' ? p.findings.open.length : 0, t, locale),
        openFindings: status === 'active' ? p.findings.open.length : 0,
        scores: {
          ...scoresView(p.scores, status, t, locale),
          promises: promiseRows(scheme, p.scores.promises, locale),
        },
        lastAudit: p.lastAudit,
        upheldComplaints: p.upheldComplaints,
        profileUrl: withSelection(`/centres/${p.row.slug}`, selection),
        removeUrl: withSelection('/compare', compareLinks(selection, p.row.slug).removed),
      };
    });
    await renderPage(
      res,
      'register/compare',
      {
        title: t('register.compare.title'),
        centres: presented,
        missing,
        tooMany,
        registerUrl: withSelection('/register', selection),
        scheme: deps.services.schemes.current(),
      },
      tooMany ? 400 : 200,
    );
  });

  return router;
}
