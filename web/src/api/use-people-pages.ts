import { useCallback, useEffect, useRef, useState } from 'react';
import { apiGet } from './client.ts';
import type { QueryValue } from './client.ts';
import { earlyRequests, requestKey } from './early-requests.ts';
import { pageSize, peoplePageQuery } from './people-query.ts';
import type { PeoplePage, Person } from './types.ts';
import { useRevision } from './use-api.ts';

/**
 * A long list of people read page by page as it scrolls into view, so 50,000 people cost only
 * the pages one actually looks at. Changing the filter starts over; a ledger change re-reads.
 */
export function usePeoplePages(filter: Record<string, QueryValue>): {
  total: number | undefined;
  get(index: number): Person | undefined;
  want(first: number, last: number): void;
  error: string | undefined;
} {
  const rev = useRevision();
  const key = JSON.stringify(filter);
  const pages = useRef(new Map<number, Person[] | 'loading'>());
  const [total, setTotal] = useState<number>();
  const [error, setError] = useState<string>();
  const [, setTick] = useState(0);
  const generation = useRef(0);

  const load = useCallback(
    (page: number, gen: number) => {
      pages.current.set(page, 'loading');
      const query = peoplePageQuery(filter, page);
      // The first page may already be on its way, asked for as the app started.
      const asked = requestKey('/people', query);
      const early = earlyRequests.get(asked) as Promise<PeoplePage> | undefined;
      earlyRequests.delete(asked);
      (early ?? apiGet<PeoplePage>('/people', query)).then(
        (r) => {
          if (gen !== generation.current) return;
          pages.current.set(page, r.people);
          setTotal(r.total);
          setTick((t) => t + 1);
        },
        (e: unknown) => {
          if (gen !== generation.current) return;
          pages.current.delete(page);
          setError(e instanceof Error ? e.message : String(e));
        },
      );
    },
    // The key stands for the filter.
    [key],
  );

  useEffect(() => {
    generation.current += 1;
    pages.current = new Map();
    setError(undefined);
    load(0, generation.current);
  }, [key, rev, load]);

  const want = useCallback(
    (first: number, last: number) => {
      const a = Math.floor(Math.max(0, first) / pageSize);
      const b = Math.floor(Math.max(0, last) / pageSize);
      for (let p = a; p <= b; p++) if (!pages.current.has(p)) load(p, generation.current);
    },
    [load],
  );

  const get = useCallback((index: number): Person | undefined => {
    const page = pages.current.get(Math.floor(index / pageSize));
    return Array.isArray(page) ? page[index % pageSize] : undefined;
  }, []);

  return { total, get, want, error };
}
