import { apiGet } from './client.ts';
import type { QueryValue } from './client.ts';
import { peopleFilter, peoplePageQuery } from './people-query.ts';

/** Reads started before the app's code has loaded, by the key `useApi` gives them. */
export const earlyRequests = new Map<string, Promise<unknown>>();

/** The key a read is known by: path and query, exactly as `useApi` builds it. */
export function requestKey(path: string, query: Record<string, QueryValue>): string {
  return `${path}?${JSON.stringify(query)}`;
}

const queueBadge: [string, Record<string, QueryValue>] = ['/entries', { unjudged: true, limit: 1 }];

function firstReads(pathname: string, search: URLSearchParams): [string, Record<string, QueryValue>][] {
  switch (pathname) {
    case '/':
      return [['/settings', {}], ['/insights/dashboard', { top: 5 }], queueBadge];
    case '/people':
      return [['/people', peoplePageQuery(peopleFilter(search), 0)], queueBadge];
    default:
      return [];
  }
}

/** Starts the first page's reads at once, so they travel while React and the page's code load. */
export function startEarlyRequests(pathname: string, search: URLSearchParams): void {
  for (const [path, query] of firstReads(pathname, search)) {
    const p = apiGet(path, query);
    // A failure is reported when the page reads it; until then it must not count as unhandled.
    p.catch(() => undefined);
    earlyRequests.set(requestKey(path, query), p);
  }
}
