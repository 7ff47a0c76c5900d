import type { Response } from 'express';

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
