import type { Params } from '../../domain/reason.js';
import { describe } from '../describe.js';
import type { Locale, Translate } from '../i18n.js';

/**
 * A stored reason in the reader's language: the catalogue's text for its code when a code was
 * stored and the catalogue knows it, otherwise the English text stored beside it (rows written
 * before codes were kept).
 */
export function reasonText(
  stored: { code: string | null | undefined; params?: Params | null; text: string },
  t: Translate,
  locale: Locale,
): string {
  if (!stored.code) return stored.text;
  const text = describe({ code: stored.code, params: stored.params ?? {} }, t, locale);
  return text === `codes.${stored.code}` ? stored.text : text;
}
