import { Router } from 'express';
import { SEARCH_QUERY_MAX, searchQuerySchema } from '../../contracts/register.js';
import { centreTypes, channelCodes, sectorCodes } from '../../domain/centre.js';
import { certificateStatuses } from '../../domain/vocabulary.js';
import { MAX_COMPARE } from '../../services/register-service.js';
import { fieldErrors, parse } from '../input.js';
import { presentCentreProfile, presentSearchResult } from '../presenters/centre-presenter.js';
import { renderPage } from '../render.js';
import type { RouteDeps } from '../route-deps.js';

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

/** The register search page and the side-by-side comparison. */
export function searchPages(deps: Pick<RouteDeps, 'services'>): Router {
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

  return router;
}
