import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type RegistryLanguage, registryLanguages } from '../domain/vocabulary.js';
import { localesDir } from '../paths.js';

export const locales = registryLanguages;
export type Locale = RegistryLanguage;
export const defaultLocale: Locale = 'nl';

/**
 * The BCP 47 tag every Intl formatter of a locale uses. French is Belgian French: the registry's
 * French readers are in Brussels and Wallonia (fr-BE writes 1 234,5 and « 1 octobre 2026 »).
 */
const intlTags: Record<Locale, string> = { nl: 'nl-NL', en: 'en-GB', fr: 'fr-BE' };
export const intlLocale = (locale: Locale): string => intlTags[locale];

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

/**
 * Messages of one locale: every JSON file in views/locales/<locale>/, one per area, merged.
 * A key defined in two files is an error, so areas cannot silently overwrite each other.
 */
export function loadMessages(locale: Locale): Map<string, string> {
  const dir = join(localesDir, locale);
  const merged = new Map<string, string>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    for (const [key, value] of flatten(JSON.parse(readFileSync(join(dir, file), 'utf8')) as Messages)) {
      if (merged.has(key)) throw new Error(`Message key ${key} is defined twice (${locale}/${file})`);
      merged.set(key, value);
    }
  }
  return merged;
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
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
}
