import { intlLocale as bcp47, type Locale, type Translate } from './i18n.js';

// Building an Intl formatter costs far more than using one; a profile page formats a dozen
// dates, so each formatter is made once per locale.
const dateFormats = new Map<Locale, Intl.DateTimeFormat>();
const scoreFormats = new Map<Locale, Intl.NumberFormat>();
const numberFormats = new Map<Locale, Intl.NumberFormat>();
const pluralRules = new Map<Locale, Intl.PluralRules>();
const languageNames = new Map<Locale, Intl.DisplayNames>();

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
  /** The colon after a label: French sets a no-break space before it ("Canaux :", with U+00A0). */
  colon(locale: Locale): string {
    return locale === 'fr' ? '\u00a0:' : ':';
  },
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
  /** A moment as the registry states times: its date in the reader's language and HH:MM UTC. */
  dateTime(value: string | null | undefined, locale: Locale): string {
    if (!value) return '—';
    return `${viewHelpers.date(value, locale)} ${value.slice(11, 16)} UTC`;
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
  /** A language code as its name: the catalogue's, else the locale's own (ICU) name. */
  language(code: string, t: Translate, locale: Locale): string {
    const key = `register.language.${code}`;
    const name = t(key);
    if (name !== key) return name;
    const names = cached(languageNames, locale, () => new Intl.DisplayNames([bcp47(locale)], { type: 'language' }));
    try {
      return names.of(code) ?? code;
    } catch {
      return code;
    }
  },
  /**
   * A counted phrase by the locale's plural rules: the catalogue holds `<key>.one`,
   * `<key>.other` (and whatever other forms a language needs); `{n}` is the formatted count.
   * A form the catalogue lacks falls back to `other`.
   */
  count(t: Translate, key: string, n: number, locale: Locale): string {
    const form = cached(pluralRules, locale, () => new Intl.PluralRules(bcp47(locale))).select(n);
    const params = { n: viewHelpers.number(n, locale) };
    const text = t(`${key}.${form}`, params);
    return text === `${key}.${form}` ? t(`${key}.other`, params) : text;
  },
};
