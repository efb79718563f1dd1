import type { ComponentType } from 'react';

/** A page's code, fetched once; `loaded` is there as soon as it has arrived. */
export interface PageModule<P> {
  load(): Promise<{ default: ComponentType<P> }>;
  loaded: { default: ComponentType<P> } | undefined;
}

function pageModule<P>(importer: () => Promise<{ default: ComponentType<P> }>): PageModule<P> {
  let pending: Promise<{ default: ComponentType<P> }> | undefined;
  const module: PageModule<P> = {
    loaded: undefined,
    load() {
      pending ??= importer().then(
        (m) => (module.loaded = m),
        (e: unknown) => {
          // A failed fetch is tried again the next time the page is wanted.
          pending = undefined;
          throw e;
        },
      );
      return pending;
    },
  };
  return module;
}

export const pages = {
  people: pageModule(() => import('./pages/people-page.tsx')),
  person: pageModule(() => import('./pages/person-page.tsx')),
  review: pageModule(() => import('./pages/review-page.tsx')),
  triage: pageModule(() => import('./pages/triage-page.tsx')),
  imports: pageModule(() => import('./pages/imports-page.tsx')),
  goals: pageModule(() => import('./pages/goals-page.tsx')),
  audit: pageModule(() => import('./pages/audit-page.tsx')),
  reviews: pageModule(() => import('./pages/reviews-page.tsx')),
  settings: pageModule(() => import('./pages/settings-page.tsx')),
  entries: pageModule(() => import('./pages/entries-page.tsx')),
};

const byPath: Record<string, { load(): Promise<unknown> }> = {
  '/people': pages.people,
  '/review': pages.review,
  '/triage': pages.triage,
  '/imports': pages.imports,
  '/goals': pages.goals,
  '/audit': pages.audit,
  '/reviews': pages.reviews,
  '/settings': pages.settings,
  '/entries': pages.entries,
};

/**
 * Loads the code of the page at `pathname`, so the first render can show it at once rather than a
 * placeholder, which React would then keep on screen for its minimum time (some 300 ms). Never
 * fails: a page that cannot load says so when it renders and asks again.
 */
export async function preloadPage(pathname: string): Promise<void> {
  const page = /^\/people\/\d+$/.test(pathname) ? pages.person : byPath[pathname];
  await page?.load().catch(() => undefined);
}
