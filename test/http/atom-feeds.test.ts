import { XMLParser, XMLValidator } from 'fast-xml-parser';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Centre } from '../../src/persistence/centre-repository.js';
import type { Certificate } from '../../src/persistence/certificate-repository.js';
import { translator } from '../../src/web/i18n.js';
import { buildCast, buildCertifiedCentre, type Cast, runAudit } from '../support/factories.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

/**
 * The Atom feeds read as XML (fast-xml-parser) and checked against the rules of RFC 4287:
 * one id, title and updated per feed and per entry, RFC 3339 dates, an author, self and
 * alternate links, unique entry ids that never change, and the language asked for.
 */

let r: TestRegistry;
let cast: Cast;
let noord: { centre: Centre; certificate: Certificate };
let zuid: { centre: Centre; certificate: Certificate };
const HOSTILE = `Zorg & Co <"Zuid"> 'B'`;

beforeAll(async () => {
  r = createTestRegistry({ now: '2026-11-23T10:00:00Z' });
  cast = buildCast(r.services);
  noord = await buildCertifiedCentre(r.services, cast, { tradeName: 'Klantlijn Noord' });
  zuid = await buildCertifiedCentre(r.services, cast, { tradeName: HOSTILE });
  r.clock.set('2026-11-24T09:30:00Z');
  await runAudit(r.services, cast, zuid.centre, 'surveillance', { F3: 'major' });
}, 60_000);
afterAll(() => r.close());

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  isArray: (name) => ['entry', 'link', 'id', 'title', 'updated', 'author', 'summary', 'category'].includes(name),
});
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

interface Link {
  '@rel'?: string;
  '@href': string;
  '@type'?: string;
}
interface Entry {
  id: string[];
  title: string[];
  updated: string[];
  link: Link[];
  summary: { '#text': string; '@type': string }[];
  author?: unknown[];
}
interface Feed {
  '@xmlns': string;
  '@xml:lang': string;
  id: string[];
  title: string[];
  updated: string[];
  author: { name: string; uri: string }[];
  link: Link[];
  entry?: Entry[];
}

async function readFeed(path: string, headers: Record<string, string> = {}): Promise<{ feed: Feed; text: string }> {
  const res = await request(r.app).get(path).set(headers).expect(200);
  expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
  const text = res.text;
  expect(text.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
  expect(XMLValidator.validate(text)).toBe(true);
  const feed = (parser.parse(text) as { feed: Feed }).feed;
  checkAtomRules(feed);
  return { feed, text };
}

/** RFC 4287 §4.1.1 and §4.1.2, the parts a feed reader relies on. */
function checkAtomRules(feed: Feed) {
  expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
  expect(feed.id).toHaveLength(1);
  expect(feed.id[0]).toMatch(/^tag:registry\.test,2026:feed\//);
  expect(feed.title).toHaveLength(1);
  expect(feed.updated).toHaveLength(1);
  expect(feed.updated[0]).toMatch(RFC3339);
  expect(feed.author[0]!.name).toBe('Keurmerk');
  expect(feed.link.filter((l) => l['@rel'] === 'self')).toHaveLength(1);
  expect(feed.link.filter((l) => l['@rel'] === 'alternate' && l['@type'] === 'text/html')).toHaveLength(1);
  const entries = feed.entry ?? [];
  for (const entry of entries) {
    expect(entry.id).toHaveLength(1);
    expect(entry.id[0]).toMatch(/^tag:registry\.test,2026:status-change\/\d+$/);
    expect(entry.title).toHaveLength(1);
    expect(entry.title[0]!.length).toBeGreaterThan(0);
    expect(entry.updated).toHaveLength(1);
    expect(entry.updated[0]).toMatch(RFC3339);
    expect(entry.link.filter((l) => (l['@rel'] ?? 'alternate') === 'alternate').length).toBeGreaterThanOrEqual(1);
    expect(entry.summary).toHaveLength(1);
    expect(entry.summary[0]!['@type']).toBe('text');
  }
  // Unique ids, newest first; the feed's updated is its newest entry's.
  expect(new Set(entries.map((e) => e.id[0])).size).toBe(entries.length);
  const times = entries.map((e) => e.updated[0]!);
  expect([...times].sort().reverse()).toEqual(times);
  if (entries.length) expect(feed.updated[0]).toBe(times[0]);
}

const idsOf = (feed: Feed) => (feed.entry ?? []).map((e) => e.id[0]!);

const statusWord = { nl: 'Geschorst', en: 'Suspended', fr: 'Suspendu' } as const;

describe('the status-changes feed', () => {
  for (const lang of ['nl', 'en', 'fr'] as const) {
    it(`when read in ${lang}, then it is valid Atom in ${lang} with the reason in ${lang}`, async () => {
      const { feed } = await readFeed(`/feeds/status-changes.atom?lang=${lang}`);
      expect(feed['@xml:lang']).toBe(lang);
      expect(feed.title[0]).toBe(translator(lang)('feeds.allTitle'));
      expect(feed.link.find((l) => l['@rel'] === 'self')!['@href']).toBe(
        `http://registry.test/feeds/status-changes.atom?lang=${lang}`,
      );
      const entries = feed.entry!;
      expect(entries).toHaveLength(3);
      const [suspension] = entries;
      expect(suspension!.title[0]).toBe(`${HOSTILE}${lang === 'fr' ? '\u00a0' : ''}: ${statusWord[lang]}`);
      expect(suspension!.updated[0]).toBe('2026-11-24T09:30:00.000Z');
      expect(suspension!.link[0]!['@href']).toBe(`http://registry.test/centres/${zuid.centre.slug}`);
      const found = r.services.register.lookupCertificate(zuid.certificate.number);
      if (found.kind !== 'found') throw new Error('the suspended certificate is in the register');
      const last = found.record.history.at(-1)!;
      expect(last.reasonCode).toBeTruthy();
      const template = translator(lang)(`codes.${last.reasonCode}`);
      expect(template).not.toBe(`codes.${last.reasonCode}`);
      const summary = suspension!.summary[0]!['#text'];
      expect(summary).toContain(template.split('{')[0]!.trim());
      expect(summary).toContain(zuid.certificate.number);
      expect(summary).toContain(statusWord[lang]);
      if (lang !== 'en') expect(summary).not.toContain(last.reason);
    });
  }

  it('when the feed is read again, in another language or after a new change, then the entry ids stay the same', async () => {
    const first = idsOf((await readFeed('/feeds/status-changes.atom?lang=nl')).feed);
    expect(idsOf((await readFeed('/feeds/status-changes.atom?lang=nl')).feed)).toEqual(first);
    expect(idsOf((await readFeed('/feeds/status-changes.atom?lang=fr')).feed)).toEqual(first);
    r.clock.set('2026-11-25T08:00:00Z');
    await runAudit(r.services, cast, noord.centre, 'surveillance', { F3: 'major' });
    const { feed } = await readFeed('/feeds/status-changes.atom?lang=en');
    const after = idsOf(feed);
    expect(after).toHaveLength(first.length + 1);
    expect(after.slice(1)).toEqual(first);
    expect(feed.entry![0]!.title[0]).toBe('Klantlijn Noord: Suspended');
    expect(feed.updated[0]).toBe('2026-11-25T08:00:00.000Z');
  });

  it('when no language is asked for, then the feed follows Accept-Language and says which answer that is', async () => {
    const res = await request(r.app).get('/feeds/status-changes.atom').set('accept-language', 'fr-BE,fr;q=0.9');
    expect(res.headers.vary).toMatch(/Accept-Language/i);
    const feed = (parser.parse(res.text) as { feed: Feed }).feed;
    expect(feed['@xml:lang']).toBe('fr');
    expect(feed.link.find((l) => l['@rel'] === 'self')!['@href']).toBe(
      'http://registry.test/feeds/status-changes.atom',
    );
  });

  it('when a reader asks again with the ETag it got, then the answer is 304 until the data changes', async () => {
    const first = await request(r.app).get('/feeds/status-changes.atom?lang=nl').expect(200);
    expect(first.headers['cache-control']).toBe('public, max-age=60');
    const etag = first.headers.etag as string;
    await request(r.app).get('/feeds/status-changes.atom?lang=nl').set('if-none-match', etag).expect(304);
    const other = await request(r.app).get('/feeds/status-changes.atom?lang=en').expect(200);
    expect(other.headers.etag).not.toBe(etag);
  });

  it('when names hold markup characters, then they are escaped (the raw text contains no stray markup)', async () => {
    const { text } = await readFeed('/feeds/status-changes.atom?lang=en');
    expect(text).toContain('Zorg &amp; Co &lt;&quot;Zuid&quot;&gt; &apos;B&apos;');
    expect(text).not.toContain('<"Zuid">');
  });
});

describe('a centre feed', () => {
  it('when a centre feed is read, then it holds that centre’s changes only, and an unknown centre is 404', async () => {
    for (const lang of ['nl', 'en', 'fr'] as const) {
      const { feed } = await readFeed(`/centres/${zuid.centre.slug}/feed.atom?lang=${lang}`);
      expect(feed['@xml:lang']).toBe(lang);
      expect(feed.id[0]).toBe(`tag:registry.test,2026:feed/centre/${zuid.centre.slug}`);
      expect(feed.entry!.map((e) => e.link[0]!['@href'])).toEqual([
        `http://registry.test/centres/${zuid.centre.slug}`,
        `http://registry.test/centres/${zuid.centre.slug}`,
      ]);
      const all = idsOf((await readFeed(`/feeds/status-changes.atom?lang=${lang}`)).feed);
      for (const id of idsOf(feed)) expect(all).toContain(id);
    }
    await request(r.app).get('/centres/no-such-centre/feed.atom').expect(404);
  });
});

describe('links to the feeds', () => {
  it('when the profile and the register are shown, then their head and body link the feed', async () => {
    const profile = await request(r.app).get(`/centres/${noord.centre.slug}?lang=en`).expect(200);
    const centreFeed = `/centres/${noord.centre.slug}/feed.atom?lang=en`;
    expect(profile.text).toContain(
      `<link rel="alternate" type="application/atom+xml" title="Keurmerk: status changes of Klantlijn Noord" href="${centreFeed}">`,
    );
    expect(profile.text).toContain(`<a href="${centreFeed}" type="application/atom+xml">`);
    const search = await request(r.app).get('/register?lang=fr').expect(200);
    expect(search.text).toContain(
      '<link rel="alternate" type="application/atom+xml" title="Keurmerk\u00a0: changements de statut des certificats" href="/feeds/status-changes.atom?lang=fr">',
    );
    expect(search.text).toContain('<a href="/feeds/status-changes.atom?lang=fr" type="application/atom+xml">');
  });
});
