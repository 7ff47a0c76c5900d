import { readFileSync } from 'node:fs';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { demoUsers } from '../../src/services/demo-centres.js';
import { seedDemo } from '../../src/services/demo-seed.js';
import { type Locale, loadMessages, locales } from '../../src/web/i18n.js';
import { loginAs } from '../support/auth.js';
import { frenchTypographyProblems, pageProse } from '../support/french-typography.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

/**
 * Every page a person can reach in the demo register, crawled in Dutch, English and French as
 * each kind of visitor, must show only its own language: no text of another language's
 * catalogue, no scheme text in another language, no engine sentence, no untranslated key.
 */

const catalogues = new Map(locales.map((l) => [l, loadMessages(l)] as const));

type Texts = { nl: string; en: string; fr: string };
const scheme = parse(readFileSync('db/schemes/KM-2026.1.yaml', 'utf8')) as {
  title: Texts;
  promises: { title: Texts; description: Texts; items: { text: Texts; guidance: Texts }[] }[];
};
const schemeTexts = [
  scheme.title,
  ...scheme.promises.flatMap((p) => [p.title, p.description, ...p.items.flatMap((i) => [i.text, i.guidance])]),
];

/**
 * Phrases of the other languages that the page's language never uses (short words such as
 * "Chat", "E-mail" or "Audit" are shared, so only phrases of 14 characters with a space count).
 */
function foreignMarkers(page: Locale): string[] {
  const own = [...catalogues.get(page)!.values(), ...schemeTexts.map((t) => t[page])];
  const markers = new Set<string>();
  const add = (text: string) => {
    for (const part of text.split(/\{\w+\}/)) {
      const phrase = part.trim();
      if (phrase.length >= 14 && phrase.includes(' ') && !own.some((t) => t.includes(phrase))) markers.add(phrase);
    }
  };
  for (const other of locales.filter((l) => l !== page)) {
    for (const text of catalogues.get(other)!.values()) add(text);
    for (const text of schemeTexts) add(text[other]);
  }
  return [...markers];
}
const markers = new Map(locales.map((l) => [l, foreignMarkers(l)] as const));

/** Internal ids belong on staff pages (an auditor's "Audit #40"), never on public ones. */
const internalIds = [/\baudit #\d+/i, /\baudit:\d+/];

/** Public pages show dates as their reader writes them ("1 octobre 2026"), never as ISO. */
const isoDates = [/\b\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}|\b)/];

/** Catalogue keys or codes shown instead of their text, in any language. */
const untranslated = [
  /\bcodes\.[a-z_]+/,
  /\b(?:register|audits|admin|complaints|portal|account|auth|verifyPdf|home|nav|layout|errors|forms|vocab|codes|hardening)\.[a-zA-Z_]+(?:\.[a-zA-Z_]+)*\b/,
];

/** The engine's English sentences (the message of a reason), on a Dutch or French page. */
const engineSentences = [
  /\bIssued: /,
  /\bdecided (pass|conditional|fail)\b/,
  /\bReinstated: /,
  /\bSuperseded by KM-/,
  /\b(surveillance|recertification|initial|special) audit\b/,
  /\bcertificate\.(issued|active|suspended|withdrawn|expired|superseded)\b/,
  /\baudit\.(planned|decided|submitted|returned)\b/,
];

const patternsFor = (locale: Locale) => (locale === 'en' ? untranslated : [...untranslated, ...engineSentences]);

/** What a reader sees: text nodes and the attributes that are read out or shown. */
function visibleText(html: string): string {
  const attributes = [...html.matchAll(/\s(?:alt|title|aria-label|placeholder)="([^"]*)"/g)].map((m) => m[1]);
  const body = html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<(pre|code)[\s\S]*?<\/\1>/g, ' ')
    // The language switch names each language in that language ("Nederlands", "English").
    .replace(/<div class="lang-switch"[\s\S]*?<\/div>/g, ' ')
    .replace(/<[^>]+>/g, ' ');
  return [body, ...attributes.filter((a) => !['Nederlands', 'English', 'Français'].includes(a!))]
    .join(' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

const skip = /\.(pdf|svg|csv|json|pem|atom)(\?|$)|^\/(logout|api\/|assets\/)|[?&]lang=/;

/** Follows every same-site link from the start pages, asking for one language, up to a bound. */
async function crawl(agent: TestAgent, locale: Locale, start: string[], limit = 250): Promise<Map<string, string>> {
  const seen = new Map<string, string>();
  const queue = [...start];
  while (queue.length > 0 && seen.size < limit) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    const res = await agent.get(path).set('accept-language', locale);
    if (res.status !== 200 || !String(res.headers['content-type']).includes('html')) {
      seen.set(path, '');
      continue;
    }
    seen.set(path, res.text);
    for (const m of res.text.matchAll(/href="(\/[^"#]*)"/g)) {
      const href = m[1]!.replace(/&amp;/g, '&');
      if (!skip.test(href) && !seen.has(href)) queue.push(href);
    }
  }
  return seen;
}

function foreignOn(locale: Locale, pages: Map<string, string>, extra: RegExp[] = []): string[] {
  const found: string[] = [];
  for (const [path, html] of pages) {
    if (!html) continue;
    expect(html, path).toContain(`<html lang="${locale}">`);
    const text = visibleText(html);
    for (const marker of markers.get(locale)!) if (text.includes(marker)) found.push(`${path}: "${marker}"`);
    for (const pattern of [...patternsFor(locale), ...extra]) {
      const m = pattern.exec(text);
      if (m) found.push(`${path}: "${m[0]}"`);
    }
    // A French page also sets French punctuation, the templates' own colons included.
    if (locale === 'fr')
      for (const problem of frenchTypographyProblems(pageProse(html))) found.push(`${path}: ${problem}`);
  }
  return found;
}

let r: TestRegistry;
beforeAll(async () => {
  r = createTestRegistry({ now: '2026-11-23T10:00:00Z' });
  await seedDemo(r.db, r.services, r.config, r.clock.now());
}, 120_000);
afterAll(() => r.close());

const publicStart = [
  '/',
  '/register',
  '/register?status=withdrawn',
  '/register?status=suspended',
  '/register?status=expired',
  '/register?status=superseded',
  '/verify',
  '/rules',
  '/scheme',
  '/complaints/new',
  '/open-data',
  '/transparency',
  '/api',
  '/login',
];
const staffStart = [
  '/dashboard',
  '/portal',
  '/audits',
  '/actions',
  '/account/tokens',
  '/admin/users',
  '/admin/centres',
  '/admin/complaints',
  '/admin/appeals',
  '/audits/new',
];

for (const locale of locales) {
  describe(`pages in ${locale}`, () => {
    it(`when pages are shown in another language, then the ${locale} detector finds it (it is not vacuous)`, async () => {
      for (const other of locales.filter((l) => l !== locale)) {
        const pages = new Map<string, string>();
        for (const path of ['/', '/rules', '/scheme'])
          pages.set(path, (await request(r.app).get(path).set('accept-language', other)).text);
        const found = foreignOn(other, pages).length; // its own language: clean
        for (const [path, html] of pages)
          pages.set(path, html.replace(`<html lang="${other}">`, `<html lang="${locale}">`));
        expect(found, other).toBe(0);
        expect(foreignOn(locale, pages).length, `${other} on a ${locale} page`).toBeGreaterThan(20);
      }
    });

    it(`when the public crawls the demo register in ${locale}, then only ${locale} shows`, async () => {
      const pages = await crawl(request.agent(r.app), locale, publicStart);
      expect(pages.size).toBeGreaterThan(40);
      expect(foreignOn(locale, pages, [...internalIds, ...isoDates])).toEqual([]);
    });

    for (const role of ['admin', 'auditor', 'centre'] as const) {
      it(`when a ${role} works through the demo register in ${locale}, then only ${locale} shows`, async () => {
        const demo = demoUsers.find((u) => u.role === role)!;
        const { agent } = await loginAs(r.app, demo.email, demo.password);
        const pages = await crawl(agent, locale, staffStart);
        expect([...pages.values()].filter(Boolean).length).toBeGreaterThan(role === 'centre' ? 1 : 5);
        expect(foreignOn(locale, pages)).toEqual([]);
      });
    }
  });
}
