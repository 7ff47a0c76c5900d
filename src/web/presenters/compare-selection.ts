import { MAX_COMPARE } from '../../services/register-service.js';

/**
 * The centres a visitor picked to compare travel in the URL as `c=slug,slug` (or repeated `c`),
 * so the selection survives every search, filter and page without a session or JavaScript.
 */
export type CompareSelection = readonly string[];

/** Every slug asked, in order, without repeats (the compare page reports the unknown ones). */
export function requestedSlugs(value: unknown): string[] {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return [
    ...new Set(
      values
        .filter((v): v is string => typeof v === 'string')
        .flatMap((v) => v.split(','))
        .map((v) => v.trim())
        .filter(Boolean),
    ),
  ];
}

// Only what can be a slug is carried on into links: a crafted `c` cannot grow the URLs.
const slugShape = /^[a-z0-9][a-z0-9-]{0,99}$/;

/** The selection carried on from a request: at most four slug-shaped entries. */
export function compareSelection(value: unknown): CompareSelection {
  return requestedSlugs(value)
    .filter((slug) => slugShape.test(slug))
    .slice(0, MAX_COMPARE);
}

const isFull = (selection: CompareSelection) => selection.length >= MAX_COMPARE;

const withCentre = (selection: CompareSelection, slug: string): CompareSelection =>
  selection.includes(slug) || isFull(selection) ? selection : [...selection, slug];

export const withoutCentre = (selection: CompareSelection, slug: string): CompareSelection =>
  selection.filter((s) => s !== slug);

/** A path with the selection as its `c` parameter (commas kept readable). */
export function withSelection(path: string, selection: CompareSelection): string {
  if (selection.length === 0) return path;
  return `${path}${path.includes('?') ? '&' : '?'}c=${selection.map(encodeURIComponent).join(',')}`;
}

/**
 * What a profile or a result offers for one centre: add it or remove it, as the selection that
 * follows (the caller puts it in its own URL, so the rest of the query stays), and the way on
 * to the comparison.
 */
export function compareLinks(selection: CompareSelection, slug: string) {
  const selected = selection.includes(slug);
  return {
    selected,
    full: !selected && isFull(selection),
    count: selection.length,
    compareUrl: withSelection('/compare', selection),
    added: withCentre(selection, slug),
    removed: withoutCentre(selection, slug),
  };
}
