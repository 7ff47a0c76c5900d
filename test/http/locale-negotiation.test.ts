import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { negotiateLocale } from '../../src/web/middleware/locale.js';
import { formatParams } from '../../src/web/describe.js';
import { translator } from '../../src/web/i18n.js';
import { viewHelpers as h } from '../../src/web/view-helpers.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

let r: TestRegistry;
beforeAll(() => {
  r = createTestRegistry({ now: '2026-11-23T10:00:00Z' });
});
afterAll(() => r.close());

const langOf = (html: string) => /<html lang="(\w+)">/.exec(html)?.[1];

describe('Accept-Language', () => {
  it.each([
    ['fr-BE,fr;q=0.9,en;q=0.5', 'fr'],
    ['nl-BE', 'nl'],
    ['de-DE,de;q=0.9,en-GB;q=0.8,fr;q=0.7', 'en'],
    ['en;q=0.2, fr;q=0.8', 'fr'],
    ['fr;q=0, en', 'en'],
    ['FR-be', 'fr'],
    ['de, *;q=0.5', undefined],
    ['', undefined],
  ])('when the header is "%s", then the locale is %s', (header, expected) => {
    expect(negotiateLocale(header)).toBe(expected);
  });
});

describe('choosing the language of a page', () => {
  it('when only the browser asks for French, then the page is French and says it varies by the header', async () => {
    const res = await request(r.app).get('/').set('accept-language', 'fr-BE,fr;q=0.9');
    expect(langOf(res.text)).toBe('fr');
    expect(res.headers.vary).toMatch(/Accept-Language/);
  });

  it('when ?lang is given, then it wins over the browser, and the choice is remembered over the browser next time', async () => {
    const agent = request.agent(r.app);
    const chosen = await agent.get('/rules?lang=en').set('accept-language', 'fr');
    expect(langOf(chosen.text)).toBe('en');
    const later = await agent.get('/').set('accept-language', 'fr');
    expect(langOf(later.text)).toBe('en');
  });

  it('when nothing says a language, then the page is Dutch', async () => {
    expect(langOf((await request(r.app).get('/')).text)).toBe('nl');
  });

  it('when a public page is shown, then the switch offers NL · EN · FR and it names its alternates', async () => {
    const res = await request(r.app).get('/register?q=klant&lang=fr');
    expect(res.text).toMatch(/<span aria-current="true">FR<\/span>/);
    expect(res.text).toContain('href="/register?q=klant&amp;lang=nl" lang="nl" hreflang="nl"');
    expect(res.text).toContain('href="/register?q=klant&amp;lang=en" lang="en" hreflang="en"');
    const alternates = [...res.text.matchAll(/<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">/g)].map(
      (m) => `${m[1]} ${m[2]!.replace(/&amp;/g, '&')}`,
    );
    expect(alternates).toEqual([
      'nl http://registry.test/register?q=klant&lang=nl',
      'en http://registry.test/register?q=klant&lang=en',
      'fr http://registry.test/register?q=klant&lang=fr',
      'x-default http://registry.test/register?q=klant',
    ]);
  });

  it('when a page behind the login is shown, then it names no alternates', async () => {
    const res = await request(r.app).get('/login?lang=fr');
    expect(langOf(res.text)).toBe('fr');
    expect(res.text).not.toContain('rel="alternate"');
  });
});

describe('French formatting through Intl (fr-BE)', () => {
  const t = translator('fr');
  it('when dates, numbers, plurals and lists are formatted, then they read as Belgian French', () => {
    expect(h.date('2026-10-01', 'fr')).toBe('1 octobre 2026');
    expect(h.score(97.5, 'fr')).toBe('97,5');
    expect(h.number(1234, 'fr')).toMatch(/^1\s234$/u);
    expect(h.count(t, 'register.search.results', 1, 'fr')).toBe('1 centre de contact');
    expect(h.count(t, 'register.search.results', 0, 'fr')).toBe('0 centre de contact');
    expect(h.count(t, 'register.search.results', 2, 'fr')).toBe('2 centres de contact');
    expect(formatParams({ items: ['R1', 'R2', 'F3'], severity: 'major' }, t, 'fr')).toEqual({
      items: 'R1, R2 et F3',
      severity: 'majeur',
    });
  });
});
