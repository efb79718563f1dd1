import type { QueryValue } from './client.ts';

/** People are read this many at a time as the list scrolls. */
export const pageSize = 200;

/** The people list's filter as the address holds it (`q` is the search box's text). */
export function peopleFilter(search: URLSearchParams): Record<string, QueryValue> {
  return {
    search: search.get('q') ?? undefined,
    circle: search.get('circle') || undefined,
    verdict: search.get('verdict') || undefined,
    tag: search.get('tag') || undefined,
    archived: search.get('archived') === '1' || undefined,
  };
}

/** The query that reads one page of the list under `filter`. */
export function peoplePageQuery(
  filter: Record<string, QueryValue>,
  page: number,
): Record<string, QueryValue> {
  return { ...filter, limit: pageSize, offset: page * pageSize };
}
