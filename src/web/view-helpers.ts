import type { Locale } from './i18n.js';

// Building an Intl formatter costs far more than using one; a profile page formats a dozen
// dates, so each formatter is made once per locale.
const bcp47 = (locale: Locale) => (locale === 'nl' ? 'nl-NL' : 'en-GB');
const dateFormats = new Map<Locale, Intl.DateTimeFormat>();
const scoreFormats = new Map<Locale, Intl.NumberFormat>();
const numberFormats = new Map<Locale, Intl.NumberFormat>();

function cached<T>(cache: Map<Locale, T>, locale: Locale, make: () => T): T {
  let value = cache.get(locale);
  if (!value) {
    value = make();
    cache.set(locale, value);
  }
  return value;
}

/** Small formatting helpers available in every view as `h`. */
export const viewHelpers = {
  date(value: string | null | undefined, locale: Locale): string {
    if (!value) return '—';
    const d = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
    if (Number.isNaN(d.getTime())) return value;
    return cached(
      dateFormats,
      locale,
      () => new Intl.DateTimeFormat(bcp47(locale), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
    ).format(d);
  },
  score(value: number | null | undefined, locale: Locale): string {
    if (value === null || value === undefined) return '—';
    return cached(
      scoreFormats,
      locale,
      () => new Intl.NumberFormat(bcp47(locale), { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
    ).format(value);
  },
  number(value: number, locale: Locale): string {
    return cached(numberFormats, locale, () => new Intl.NumberFormat(bcp47(locale))).format(value);
  },
};
