import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';

/**
 * Renders a view inside the main layout. EJS has no layouts, so the page is rendered first
 * and handed to the layout as `body`.
 */
export async function renderPage(
  res: Response,
  view: string,
  locals: Record<string, unknown> & { title: string },
  status = 200,
): Promise<void> {
  res
    .status(status)
    .type('html')
    .send(await renderPageToString(res, view, locals));
}

/** The whole page as a string, for pages that may be cached. */
export async function renderPageToString(
  res: Response,
  view: string,
  locals: Record<string, unknown> & { title: string },
): Promise<string> {
  const body = await new Promise<string>((resolve, reject) =>
    res.render(view, locals, (err, html) => (err ? reject(err) : resolve(html))),
  );
  return new Promise<string>((resolve, reject) =>
    res.render('layouts/main', { ...locals, body }, (err, html) => (err ? reject(err) : resolve(html))),
  );
}

export function wantsJson(req: { path: string; accepts(types: string[]): string | false }): boolean {
  return req.path.startsWith('/api/') || req.accepts(['html', 'json']) === 'json';
}

/** A rendered page as it is sent: status, bytes and their ETag, computed once per cached rendering. */
export interface PageBody {
  status: number;
  bytes: Buffer;
  etag: string;
}

export interface PageToRender {
  view: string;
  locals: Record<string, unknown> & { title: string };
  status?: number;
}

/**
 * Sends a page that carries nothing personal for a visitor who is not signed in (no form with a
 * CSRF token, no sign-in state): rendered once per URL, language and data version, and shared
 * by every anonymous visitor. Signed-in people get their own rendering. `page` is only called
 * when the page is rendered, so a cached answer costs a lookup.
 */
export async function sendPublicPage(
  req: Request,
  res: Response,
  publicPage: (key: string, render: () => Promise<PageBody>) => Promise<PageBody>,
  page: () => PageToRender | Promise<PageToRender>,
  /** What else the page depends on (the minute a "checked on" line shows). */
  variant = '',
): Promise<void> {
  if (req.user) {
    const { view, locals, status } = await page();
    return renderPage(res, view, locals, status);
  }
  const body = await publicPage(`${res.locals.locale}:${variant}:${req.originalUrl}`, async () => {
    const { view, locals, status = 200 } = await page();
    const bytes = Buffer.from(await renderPageToString(res, view, locals));
    return { status, bytes, etag: `"${createHash('sha1').update(bytes).digest('base64url')}"` };
  });
  // With the ETag set, Express neither hashes the page again nor misses a 304.
  res.status(body.status).type('html').set('etag', body.etag).send(body.bytes);
}
