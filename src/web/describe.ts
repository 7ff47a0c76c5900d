import type { ParamValue, Params } from '../domain/reason.js';
import { intlLocale, type Locale, type Translate } from './i18n.js';
import { viewHelpers } from './view-helpers.js';

/**
 * Parameters whose values are vocabulary codes are shown by their name in the reader's
 * language: a code's params use these names so every reason reads naturally.
 */
const vocabularyOf: Record<string, string> = {
  status: 'register.status',
  from: 'register.status',
  to: 'register.status',
  previousStatus: 'register.status',
  auditType: 'register.auditType',
  outcome: 'vocab.outcome',
  severity: 'vocab.severity',
  channel: 'register.channel',
  role: 'vocab.role',
};

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function formatParam(name: string, value: ParamValue, t: Translate, locale: Locale): string {
  if (value === null) return '—';
  if (Array.isArray(value)) {
    const parts = value.map((v) => formatParam(name, v, t, locale));
    return new Intl.ListFormat(intlLocale(locale), { style: 'long', type: 'conjunction' }).format(parts);
  }
  if (typeof value === 'number') return viewHelpers.number(value, locale);
  if (typeof value === 'boolean') return String(value);
  const vocabulary = vocabularyOf[name];
  if (vocabulary) return t(`${vocabulary}.${value}`);
  if (isoDate.test(value as string) || isoDateTime.test(value as string))
    return viewHelpers.date(value as string, locale);
  return value as string;
}

/** The params of a code, formatted for the reader (dates, numbers, lists, vocabulary). */
export function formatParams(params: Params | undefined, t: Translate, locale: Locale): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(params ?? {})) out[name] = formatParam(name, value, t, locale);
  return out;
}

/** A code with params in the reader's language: the catalogue key is `codes.<code>`. */
export function describe(coded: { code: string; params?: Params }, t: Translate, locale: Locale): string {
  return t(`codes.${coded.code}`, formatParams(coded.params, t, locale));
}
