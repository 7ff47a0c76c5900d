import { readdirSync } from 'node:fs';
import { type ClientRequest, request as httpRequest } from 'node:http';
import type { Server } from 'node:http';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CONCURRENT_UPLOADS, UPLOAD_DIR } from '../../src/web/pdf-upload.js';
import { closeServer, serveOnLoopback } from '../support/browser.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

/**
 * PDF uploads are open to anyone: bounded in number at once, streamed to a temporary file that
 * is gone afterwards, and the form's CSRF check comes before the file is read.
 */
let r: TestRegistry;
let server: Server;
let base: string;
beforeAll(async () => {
  r = createTestRegistry();
  ({ server, base } = await serveOnLoopback(r.app));
});
afterAll(async () => {
  await closeServer(server);
  r.close();
});

const BOUNDARY = 'keurmerk-upload-test';

/** Starts a multipart upload whose file part never ends (the request stays open). */
function openUpload(path: string): Promise<ClientRequest> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'transfer-encoding': 'chunked' },
    });
    req.on('error', () => undefined);
    req.write(
      `--${BOUNDARY}\r\ncontent-disposition: form-data; name="file"; filename="c.pdf"\r\ncontent-type: application/pdf\r\n\r\n%PDF-1.7\n`,
      (err) => (err ? reject(err) : resolve(req)),
    );
  });
}

const uploadFiles = () => new Set(readdirSync(UPLOAD_DIR));

describe('PDF uploads', () => {
  it('when more uploads arrive at once than the limit, then the next one is answered 503 with Retry-After, and a slot frees up when one ends', async () => {
    const before = uploadFiles();
    const open = await Promise.all(Array.from({ length: MAX_CONCURRENT_UPLOADS }, () => openUpload('/api/v1/verify')));
    try {
      // Each open upload has been admitted once its first chunk is being read into a temporary file.
      await expect
        .poll(
          async () => (await request(base).post('/api/v1/verify').attach('file', Buffer.from('%PDF'), 'x.pdf')).status,
        )
        .toBe(503);
      const busy = await request(base).post('/api/v1/verify').attach('file', Buffer.from('%PDF'), 'x.pdf');
      expect(busy.status).toBe(503);
      expect(busy.headers['retry-after']).toBe('5');
      expect(busy.body.code).toBe('uploads_busy');
      // The form says so in a page, not a 500.
      const page = await request(base).post('/verify/pdf?lang=en').attach('file', Buffer.from('%PDF'), 'x.pdf');
      expect(page.status).toBe(503);
      expect(page.headers['retry-after']).toBe('5');
      expect(page.text).toContain('Temporarily unavailable');
    } finally {
      for (const req of open) req.destroy();
    }
    await expect.poll(async () => (await request(base).post('/api/v1/verify').field('other', 'x')).status).toBe(400);
    // The partial files of the aborted uploads are deleted.
    await expect.poll(() => [...uploadFiles()].filter((name) => !before.has(name))).toEqual([]);
  });

  it('when the verify form is posted without its CSRF cookie, then 403 before the file is read', async () => {
    const res = await request(base)
      .post('/verify/pdf')
      .attach('file', Buffer.alloc(1024 * 1024, 0x20), 'c.pdf');
    expect(res.status).toBe(403);
  });
});
