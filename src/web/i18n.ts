import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { localesDir } from '../paths.js';

export const locales = ['nl', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'nl';

type Messages = { [key: string]: string | Messages };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

function flatten(messages: Messages, prefix = '', out = new Map<string, string>()) {
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else flatten(value, path, out);
  }
  return out;
}

export function loadMessages(locale: Locale): Map<string, string> {
  return flatten(JSON.parse(readFileSync(join(localesDir, `${locale}.json`), 'utf8')) as Messages);
}

const catalogue = new Map(locales.map((l) => [l, loadMessages(l)] as const));

export type Translate = (key: string, params?: Record<string, string | number>) => string;

/**
 * A translator for one locale. A missing key falls back to Dutch and then to the key itself,
 * so a forgotten translation shows up visibly instead of breaking the page.
 */
export function translator(locale: Locale): Translate {
  const own = catalogue.get(locale)!;
  const fallback = catalogue.get(defaultLocale)!;
  return (key, params) => {
    const template = own.get(key) ?? fallback.get(key) ?? key;
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    );
  };
}

/** Picks a bilingual text ({ nl, en }) for the locale. */
export function pick(text: { nl: string; en: string }, locale: Locale): string {
  return text[locale] ?? text.nl;
}
