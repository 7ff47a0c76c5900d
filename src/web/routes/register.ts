import { once } from 'node:events';
import { type Response, Router } from 'express';
import { appealWindowDays } from '../../domain/scheme.js';
import { buildOpenApiDocument, listOperations } from '../openapi.js';
import { openDataColumns, openDataCsv, openDataJson } from '../presenters/open-data.js';
import { transparencyEntryView, transparencyFiguresView } from '../presenters/transparency-view.js';
import { renderPage } from '../render.js';
import type { RouteDeps } from '../route-deps.js';

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

/** The register's reference pages: rules, scheme, open data, transparency (figures and log) and the API page. */
export function registerRoutes(deps: Pick<RouteDeps, 'services' | 'config'>): Router {
  const router = Router();
  const register = deps.services.register;

  router.get('/rules', async (_req, res) => {
    const scheme = deps.services.schemes.current();
    await renderPage(res, 'register/rules', {
      title: res.locals.t('register.rules.title'),
      scheme,
      appealWindowDays: appealWindowDays(scheme),
      // The complaint procedure's response time, from the same scheme parameter the queue uses.
      complaintResponseDays: deps.services.complaints.responseTime().workingDays,
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
    const { transparency } = deps.services;
    await renderPage(res, 'register/transparency', {
      title: t('register.transparency.title'),
      figures: transparencyFiguresView(transparency.figures(), t, locale),
      events: transparency.latestEntries(50).map((e) => transparencyEntryView(e, t, locale)),
      check: register.verifyLog(),
    });
  });

  const operations = listOperations(buildOpenApiDocument(deps.config.baseUrl));
  router.get('/api', async (_req, res) => {
    await renderPage(res, 'register/api', { title: res.locals.t('register.api.title'), operations });
  });

  return router;
}
