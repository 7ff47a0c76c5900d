import ejs from 'ejs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Centre } from '../../src/persistence/centre-repository.js';
import type { Certificate } from '../../src/persistence/certificate-repository.js';
import { viewsDir } from '../../src/paths.js';
import { translator } from '../../src/web/i18n.js';
import { buildSealKit } from '../../src/web/presenters/seal-kit.js';
import { loginAs } from '../support/auth.js';
import {
  buildCast,
  buildCertifiedCentre,
  buildUser,
  runAudit,
  TEST_PASSWORD,
  type Cast,
} from '../support/factories.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

let r: TestRegistry;
let cast: Cast;
let live: { centre: Centre; certificate: Certificate };
let withdrawn: { centre: Centre; certificate: Certificate };

beforeAll(async () => {
  r = createTestRegistry({ now: '2026-11-23T10:00:00Z' });
  cast = buildCast(r.services);
  live = await buildCertifiedCentre(r.services, cast, { tradeName: 'Klantlijn "Zegel" & Co' });
  withdrawn = await buildCertifiedCentre(r.services, cast, { tradeName: 'Contactpunt West' });
  await runAudit(r.services, cast, withdrawn.centre, 'surveillance', { F3: 'major' });
  await runAudit(r.services, cast, withdrawn.centre, 'special', { C3: 'major' });
}, 60_000);
afterAll(() => r.close());

async function portalOf(centre: Centre, query = '') {
  const user = buildUser(r.services, 'centre', { centre: centre.slug });
  const { agent } = await loginAs(r.app, user.email, TEST_PASSWORD);
  return (await agent.get(`/portal${query}`).expect(200)).text;
}

const unescapeHtml = (html: string) =>
  html.replace(/&#34;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** The snippet as the centre copies it (the textarea's text, unescaped once). */
function snippetOf(html: string): string {
  const match = /<textarea id="seal-kit-snippet"[^>]*readonly[^>]*>([^<]*)<\/textarea>/.exec(html);
  expect(match, 'the page offers a snippet').not.toBeNull();
  return unescapeHtml(match![1]!);
}

describe('seal kit', () => {
  it('when the portal offers the snippet, then there is exactly one, reserving the size the seal is drawn at', async () => {
    const html = await portalOf(live.centre);
    expect(html.match(/id="seal-kit-snippet"/g)).toHaveLength(1);
    const snippet = snippetOf(html);
    const svg = (await request(r.app).get(`/seal/${live.certificate.number}.svg`).expect(200)).body.toString();
    const drawn = /^<svg [^>]*width="(\d+)" height="(\d+)"/.exec(svg)!;
    const reserved = /<img [^>]*width="(\d+)" height="(\d+)"/.exec(snippet)!;
    expect([reserved[1], reserved[2]]).toEqual([drawn[1], drawn[2]]);
    expect(html).toContain(`Het zegel is ${drawn[1]} × ${drawn[2]} pixels`);
    // The name is escaped for the page the snippet is pasted into.
    expect(snippet).toContain('alt="Keurmerk-zegel van Klantlijn &quot;Zegel&quot; &amp; Co');
    expect(snippet).toContain(`<a href="http://registry.test/centres/${live.centre.slug}">`);
    // The preview is the seal itself, at the same size.
    expect(html).toContain(
      `<img src="/seal/${live.certificate.number}.svg?lang=nl" width="${drawn[1]}" height="${drawn[2]}"`,
    );
  });

  it('when a language is chosen, then the snippet and preview use it; both snippets ride along for the script', async () => {
    const nl = snippetOf(await portalOf(live.centre));
    expect(nl).toContain(`/seal/${live.certificate.number}.svg?lang=nl"`);
    const html = await portalOf(live.centre, '?sealLang=en');
    const en = snippetOf(html);
    expect(en).toContain(`/seal/${live.certificate.number}.svg?lang=en"`);
    expect(en).toContain('alt="Keurmerk seal of Klantlijn');
    expect(html).toMatch(/<input type="radio" name="sealLang" value="en" [^>]*checked>/);
    expect(html).toMatch(/<input type="radio" name="sealLang" value="nl" data-snippet="[^"]*lang=nl[^"]*"/);
    expect(html).toContain('data-seal-lang-submit>Code in deze taal tonen</button>');
    // An unknown language falls back to the page's.
    expect(snippetOf(await portalOf(live.centre, '?sealLang=xx'))).toContain('?lang=nl"');
  });

  it('when the kit is shown, then the copy button is there for the script and the script is served', async () => {
    const html = await portalOf(live.centre);
    expect(html).toMatch(
      /<button type="button" hidden data-copy-target="seal-kit-snippet"[^>]*>Code kopiëren<\/button>/,
    );
    expect(html).toContain('<script src="/assets/seal-kit.js" defer></script>');
    const script = await request(r.app).get('/assets/seal-kit.js').expect(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
    expect(script.text).toContain('navigator.clipboard.writeText');
  });

  it('when the certificate is withdrawn, then no snippet is offered and the portal says why', async () => {
    const html = await portalOf(withdrawn.centre);
    expect(html).not.toContain('id="seal-kit-snippet"');
    expect(html).not.toContain('/assets/seal-kit.js');
    expect(html).toContain('data-seal-refused="withdrawn"');
    expect(html).toContain('Er is geen zegel: het certificaat is ingetrokken');
  });

  it('when the certificate is expired or superseded, then the kit offers no snippet and says why', async () => {
    const t = translator('en');
    for (const status of ['expired', 'superseded'] as const) {
      const kit = buildSealKit({
        baseUrl: 'http://registry.test',
        centre: { slug: 'oude-lijn', tradeName: 'Oude Lijn' },
        certificate: { number: live.certificate.number, status },
        requestedLang: 'en',
        pageLocale: 'en',
        path: '/centres/oude-lijn',
      });
      expect(kit.offered).toBe(false);
      expect(kit.snippet).toBeNull();
      const html = await ejs.renderFile(`${viewsDir}/register/_seal-kit.ejs`, { kit, t }, { root: viewsDir });
      expect(html).not.toContain('<textarea');
      expect(html).toContain(`data-seal-refused="${status}"`);
    }
    const expired = await ejs.renderFile(
      `${viewsDir}/register/_seal-kit.ejs`,
      {
        kit: buildSealKit({
          baseUrl: 'http://registry.test',
          centre: { slug: 'oude-lijn', tradeName: 'Oude Lijn' },
          certificate: { number: live.certificate.number, status: 'expired' },
          requestedLang: undefined,
          pageLocale: 'nl',
          path: '/centres/oude-lijn',
        }),
        t: translator('nl'),
      },
      { root: viewsDir },
    );
    expect(expired).toContain('het certificaat is verlopen, dus het centrum mag het keurmerk niet voeren');
    expect(expired).toContain('het toont nu „Verlopen”');
  });

  it('when the seal is drawn, then it words the status in the one vocabulary of its language', async () => {
    const seal = async (number: string, lang: string) =>
      (await request(r.app).get(`/seal/${number}.svg?lang=${lang}`)).body.toString() as string;
    expect(await seal(live.certificate.number, 'nl')).toMatch(/>Geldig tot \d+ \w+\.? \d{4}</);
    expect(await seal(live.certificate.number, 'en')).toMatch(/>Valid until \d+ \w+ \d{4}</);
    expect(await seal(withdrawn.certificate.number, 'nl')).toContain('>Ingetrokken<');
    expect(await seal(withdrawn.certificate.number, 'en')).toContain('>Withdrawn<');
  });
});
