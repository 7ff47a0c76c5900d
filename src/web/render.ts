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
  const body = await new Promise<string>((resolve, reject) =>
    res.render(view, locals, (err, html) => (err ? reject(err) : resolve(html))),
  );
  const page = await new Promise<string>((resolve, reject) =>
    res.render('layouts/main', { ...locals, body }, (err, html) =>
      err ? reject(err) : resolve(html),
    ),
  );
  res.status(status).type('html').send(page);
}

export function wantsJson(req: { path: string; accepts(types: string[]): string | false }): boolean {
  return req.path.startsWith('/api/') || req.accepts(['html', 'json']) === 'json';
}
