import type { SearchQuery, SearchResultJson } from '../../src/contracts/register.js';
import { serialiseSearchResult } from '../../src/web/presenters/centre-presenter.js';
import type { TestRegistry } from './registry.js';

/** The public answer to a search, as the API sends it: from a search thread when the registry has them. */
export async function publicSearch(r: Pick<TestRegistry, 'services'>, query: SearchQuery): Promise<SearchResultJson> {
  return JSON.parse(await r.services.register.searchAnswer(query, serialiseSearchResult)) as SearchResultJson;
}
