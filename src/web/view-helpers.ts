import type { Locale } from './i18n.js';

/** Small formatting helpers available in every view as `h`. */
export const viewHelpers = {
  date(value: string | null | undefined, locale: Locale): string {
    if (!value) return '—';
    const d = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
    if (Number.isNaN(d.getTime())) return value;
    return d.toLocaleDateString(locale === 'nl' ? 'nl-NL' : 'en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
  },
  score(value: number | null | undefined, locale: Locale): string {
    if (value === null || value === undefined) return '—';
    return value.toLocaleString(locale === 'nl' ? 'nl-NL' : 'en-GB', {
      minimumFractionDigits: 1,
      maximumFractionDigits: 1,
    });
  },
  number(value: number, locale: Locale): string {
    return value.toLocaleString(locale === 'nl' ? 'nl-NL' : 'en-GB');
  },
};
