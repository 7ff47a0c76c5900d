import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/services/demo-seed.js';
import { demoUsers } from '../../src/services/demo-centres.js';
import { loadMessages } from '../../src/web/i18n.js';
import { loginAs } from '../support/auth.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

/**
 * Every page a person can reach in the demo register, crawled in Dutch as each kind of visitor,
 * must show no English: no text of the English catalogue, no English scheme text, no engine
 * sentence and no untranslated catalogue key.
 */

const nl = loadMessages('nl');
const en = loadMessages('en');
const nlTexts = new Set(nl.values());

/** English sentences that are not also Dutch (short words like "Chat" or "E-mail" are both). */
function englishMarkers(): string[] {
  const markers = new Set<string>();
  const add = (text: string) => {
    for (const part of text.split(/\{\w+\}/)) {
      const phrase = part.trim();
      if (phrase.length >= 14 && phrase.includes(' ') && ![...nlTexts].some((t) => t.includes(phrase)))
        markers.add(phrase);
    }
  };
  for (const [key, text] of en) if (nl.get(key) !== text) add(text);
  const scheme = parse(readFileSync('db/schemes/KM-2026.1.yaml', 'utf8')) as {
    promises: { title: { en: string }; items: { text: { en: string } }[] }[];
  };
  for (const promise of scheme.promises) {
    add(promise.title.en);
    for (const item of promise.items) add(item.text.en);
  }
  return [...markers];
}

/** Internal ids belong on staff pages (an auditor's "Audit #40"), never on public ones. */
const internalIds = [/\baudit #\d+/i, /\baudit:\d+/];

/** Public pages show dates as a Dutch reader writes them ("1 oktober 2026"), never as ISO. */
const isoDates = [/\b\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}|\b)/];

const engineSentences = [
  /\bIssued: /,
  /\bdecided (pass|conditional|fail)\b/,
  /\bReinstated: /,
  /\bSuperseded by KM-/,
  /\bcodes\.[a-z_]+/,
  /\b(surveillance|recertification|initial|special) audit\b/,
  /\bcertificate\.(issued|active|suspended|withdrawn|expired|superseded)\b/,
  /\baudit\.(planned|decided|submitted|returned)\b/,
  // A catalogue key shown instead of its text.
  /\b(?:register|audits|admin|complaints|portal|account|auth|verifyPdf|home|nav|layout|errors|forms|vocab|codes)\.[a-zA-Z_]+(?:\.[a-zA-Z_]+)*\b/,
];

/** What a reader sees: text nodes and the attributes that are read out or shown. */
function visibleText(html: string): string {
  const attributes = [...html.matchAll(/\s(?:alt|title|aria-label|placeholder)="([^"]*)"/g)].map((m) => m[1]);
  const body = html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<(pre|code)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ');
  return [body, ...attributes]
    .join(' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

const skip = /\.(pdf|svg|csv|json|pem|atom)(\?|$)|^\/(logout|api\/|assets\/)|[?&]lang=/;

/** Follows every same-site link from the start pages, in Dutch, up to a bound. */
async function crawl(agent: TestAgent, start: string[], limit = 250): Promise<Map<string, string>> {
  const seen = new Map<string, string>();
  const queue = [...start];
  while (queue.length > 0 && seen.size < limit) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    const res = await agent.get(path).set('accept-language', 'nl');
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

let r: TestRegistry;
const markers = englishMarkers();

beforeAll(async () => {
  r = createTestRegistry({ now: '2026-11-23T10:00:00Z' });
  await seedDemo(r.db, r.services, r.config, r.clock.now());
}, 120_000);
afterAll(() => r.close());

function englishOn(pages: Map<string, string>, patterns: RegExp[] = engineSentences): string[] {
  const found: string[] = [];
  for (const [path, html] of pages) {
    if (!html) continue;
    const text = visibleText(html);
    for (const marker of markers) if (text.includes(marker)) found.push(`${path}: "${marker}"`);
    for (const pattern of patterns) {
      const m = pattern.exec(text);
      if (m) found.push(`${path}: "${m[0]}"`);
    }
  }
  return found;
}

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

describe('Dutch pages', () => {
  it('when a page is shown in English, then the detector finds English on it (it is not vacuous)', async () => {
    const agent = request.agent(r.app);
    const english = new Map<string, string>();
    for (const path of ['/?lang=en', '/rules?lang=en', '/scheme?lang=en'])
      english.set(path, (await agent.get(path)).text);
    expect(englishOn(english).length).toBeGreaterThan(20);
  });

  it('when the public crawls the demo register in Dutch, then no English shows', async () => {
    const pages = await crawl(request.agent(r.app), publicStart);
    expect(pages.size).toBeGreaterThan(40);
    expect(englishOn(pages, [...engineSentences, ...internalIds, ...isoDates])).toEqual([]);
  });

  for (const role of ['admin', 'auditor', 'centre'] as const) {
    it(`when a ${role} works through the demo register in Dutch, then no English shows`, async () => {
      const demo = demoUsers.find((u) => u.role === role)!;
      const { agent } = await loginAs(r.app, demo.email, demo.password);
      const pages = await crawl(agent, [
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
      ]);
      expect([...pages.values()].filter(Boolean).length).toBeGreaterThan(role === 'centre' ? 1 : 5);
      expect(englishOn(pages)).toEqual([]);
    });
  }
});
