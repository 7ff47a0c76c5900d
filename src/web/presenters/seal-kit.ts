import type { RegisterRow } from '../../services/register-service.js';
import { escapeXml } from './seal-svg.js';

/**
 * The snippet a centre pastes into its own site. The name is escaped for that page; the view
 * escapes the whole snippet once more to show it as text.
 */
export function embedSnippet(
  baseUrl: string,
  row: Pick<RegisterRow, 'slug' | 'tradeName'> & { number: string },
): string {
  return (
    `<a href="${baseUrl}/centres/${row.slug}">` +
    `<img src="${baseUrl}/seal/${row.number}.svg" width="300" height="72" ` +
    `alt="Keurmerk: ${escapeXml(row.tradeName)}"></a>`
  );
}
