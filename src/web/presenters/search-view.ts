import type { SearchItemJson, SearchResultJson } from '../../contracts/register.js';
import type { Scheme } from '../../domain/scheme.js';
import type { Locale, Translate } from '../i18n.js';
import { type CompareSelection, compareLinks, withSelection } from './compare-selection.js';
import { scoresView, statusText } from './profile-view.js';

/** The search fields in the order their URL parameters are written. */
export const searchFields = [
  'q',
  'channel',
  'language',
  'sector',
  'type',
  'status',
  'minScore',
  'promise',
  'minPromiseScore',
  'sort',
] as const;
export type SearchValues = Record<(typeof searchFields)[number], string>;

/** The search's own URL with some fields changed: filters and the compare selection live in the URL, so a search can be shared. */
export function searchUrl(
  values: SearchValues,
  selection: CompareSelection,
  changes: { page?: number; c?: CompareSelection } = {},
): string {
  const params = new URLSearchParams();
  for (const field of searchFields) if (values[field]) params.set(field, values[field]);
  if (changes.page && changes.page > 1) params.set('page', String(changes.page));
  const text = params.toString();
  return withSelection(text ? `/register?${text}` : '/register', changes.c ?? selection);
}

/** One result as the page shows it: badge with open findings, labelled scores, compare links. */
function resultView(
  item: SearchItemJson,
  values: SearchValues,
  selection: CompareSelection,
  promiseId: string | undefined,
  page: number,
  t: Translate,
  locale: Locale,
) {
  const links = compareLinks(selection, item.slug);
  return {
    ...item,
    status: item.certificate.status,
    statusText: statusText(item.certificate.status, item.openFindings, t, locale),
    scores: scoresView({ overall: item.overall, audit: item.scoresAudit }, item.certificate.status, t, locale),
    promiseScore: promiseId ? (item.promises.find((p) => p.id === promiseId)?.score ?? null) : undefined,
    profileUrl: withSelection(`/centres/${item.slug}`, selection),
    compare: {
      ...links,
      addUrl: searchUrl(values, selection, { page, c: links.added }),
      removeUrl: searchUrl(values, selection, { page, c: links.removed }),
    },
  };
}

/** The search page's model: the exchange shape, each item ready to show, and the chosen promise. */
export function searchView(
  result: SearchResultJson,
  values: SearchValues,
  selection: CompareSelection,
  scheme: Scheme,
  t: Translate,
  locale: Locale,
) {
  const promise = scheme.promises.find((p) => p.id === values.promise);
  return {
    ...result,
    items: result.items.map((item) => resultView(item, values, selection, promise?.id, result.page, t, locale)),
    promise: promise
      ? { id: promise.id, title: promise.title[locale], description: promise.description[locale] }
      : null,
  };
}
