import { useEffect, useState, useSyncExternalStore } from 'react';
import { ApiError, apiGet } from './client.ts';
import type { QueryValue } from './client.ts';
import { earlyRequests, requestKey } from './early-requests.ts';

// Every write bumps the revision; every query re-reads after it, so all pages stay true to the ledger.
let revision = 0;
const listeners = new Set<() => void>();
const cache = new Map<string, unknown>();

/** Tells every open page that the ledger changed. */
export function ledgerChanged(): void {
  revision += 1;
  for (const l of listeners) l();
}

/** Drops every remembered result, so the next reads show nothing stale (a page that failed on one retries clean). */
export function forgetResults(): void {
  cache.clear();
  ledgerChanged();
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** The current ledger revision, as a React value. */
export function useRevision(): number {
  return useSyncExternalStore(
    subscribe,
    () => revision,
    () => revision,
  );
}

export interface Query<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
}

// Several parts of a page often ask for the same thing at once (the queue badge and the dashboard);
// they share one request per ledger revision.
const inflight = new Map<string, Promise<unknown>>();

function shared<T>(path: string, query: Record<string, QueryValue>, key: string): Promise<T> {
  const k = `${revision}#${key}`;
  let p = inflight.get(k) as Promise<T> | undefined;
  const early = revision === 0 ? earlyRequests.get(key) : undefined;
  if (!p && early) {
    earlyRequests.delete(key);
    p = early as Promise<T>;
    inflight.set(k, p);
    void p.finally(() => inflight.delete(k)).catch(() => undefined);
  }
  if (!p) {
    p = apiGet<T>(path, query).finally(() => inflight.delete(k));
    inflight.set(k, p);
  }
  return p;
}

/** Reads an API result, showing the last known one while a fresh one loads. `path: null` waits. */
export function useApi<T>(path: string | null, query: Record<string, QueryValue> = {}): Query<T> {
  const rev = useRevision();
  const key = path === null ? null : requestKey(path, query);
  const [state, setState] = useState<{
    key: string | null;
    data: T | undefined;
    error: ApiError | undefined;
    loading: boolean;
  }>(() => ({
    key,
    data: key ? (cache.get(key) as T | undefined) : undefined,
    error: undefined,
    loading: key !== null,
  }));

  useEffect(() => {
    if (path === null || key === null) return;
    let current = true;
    setState((s) => ({
      key,
      data: s.key === key ? s.data : (cache.get(key) as T | undefined),
      error: undefined,
      loading: true,
    }));
    shared<T>(path, query, key).then(
      (data) => {
        cache.set(key, data);
        if (current) setState({ key, data, error: undefined, loading: false });
      },
      (e: unknown) => {
        if (!current) return;
        const error = e instanceof ApiError ? e : new ApiError(0, 'error', String(e));
        setState((s) => ({ ...s, error, loading: false }));
      },
    );
    return () => {
      current = false;
    };
    // The key captures path and query, so they are not listed themselves.
  }, [key, rev]);

  if (state.key !== key)
    return {
      data: key ? (cache.get(key) as T | undefined) : undefined,
      error: undefined,
      loading: key !== null,
    };
  return { data: state.data, error: state.error, loading: state.loading };
}
