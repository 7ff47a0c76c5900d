import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { buildRegisterFixture, type RegisterFixture } from '../http/register-fixture.js';
import { closeServer, launchChromium, serveOnLoopback } from './browser.js';

/** The two sizes every public page is checked at. */
export const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 900 },
] as const;

export interface RegisterInBrowser {
  readonly f: RegisterFixture;
  readonly base: string;
  readonly browser: Browser;
}

/**
 * The public register's fixture served on loopback with one Chromium for the file: registers
 * the hooks and returns live accessors. `extend` adds records to the fixture before it is served.
 */
export function registerInBrowser(shots: string, extend?: (f: RegisterFixture) => Promise<void>): RegisterInBrowser {
  let f: RegisterFixture | undefined;
  let server: Server | undefined;
  let base = '';
  let browser: Browser | undefined;
  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    f = await buildRegisterFixture();
    await extend?.(f);
    ({ server, base } = await serveOnLoopback(f.r.app));
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await closeServer(server);
    f?.r.close();
  });
  return {
    get f() {
      return f!;
    },
    get base() {
      return base;
    },
    get browser() {
      return browser!;
    },
  };
}
