import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import type { ComponentType, ReactNode } from 'react';
import type { EntryPage, PersonRef } from './api/types.ts';
import { useApi } from './api/use-api.ts';
import { LogDialog } from './components/log-dialog.tsx';
import { PageBoundary } from './components/page-boundary.tsx';
import { Toasts } from './components/toasts.tsx';
import { DashboardPage } from './pages/dashboard-page.tsx';
import { Link, navigate, useLocation } from './router.tsx';
import { useKeys } from './shortcuts.ts';
import { LogContext } from './log-context.ts';
import { pages } from './page-modules.ts';
import type { PageModule } from './page-modules.ts';

/**
 * A page whose code loads on first visit. When the code is already there (the address's own page,
 * started with the app), it renders at once: no placeholder, so React does not hold the page back
 * for the placeholder's minimum time on screen.
 */
function lazyPage<P extends object>(module: PageModule<P>): ComponentType<P> {
  const Lazy = lazy(() => module.load());
  return function Page(props: P) {
    // Fixed for the life of the page, so a page shown through Lazy is never mounted a second time.
    const [ready] = useState(() => module.loaded !== undefined);
    const Loaded = module.loaded?.default;
    return ready && Loaded ? <Loaded {...props} /> : <Lazy {...props} />;
  };
}

const PeoplePage = lazyPage(pages.people);
const PersonPage = lazyPage(pages.person);
const ReviewPage = lazyPage(pages.review);
const TriagePage = lazyPage(pages.triage);
const ImportsPage = lazyPage(pages.imports);
const GoalsPage = lazyPage(pages.goals);
const AuditPage = lazyPage(pages.audit);
const ReviewsPage = lazyPage(pages.reviews);
const SettingsPage = lazyPage(pages.settings);
const EntriesPage = lazyPage(pages.entries);

interface NavItem {
  to: string;
  label: string;
  key: string;
}

const nav: NavItem[] = [
  { to: '/', label: 'Dashboard', key: 'd' },
  { to: '/people', label: 'People', key: 'p' },
  { to: '/entries', label: 'Ledger', key: 'e' },
  { to: '/review', label: 'Review queue', key: 'r' },
  { to: '/triage', label: 'Triage', key: 't' },
  { to: '/imports', label: 'Imports', key: 'i' },
  { to: '/goals', label: 'Purpose & goals', key: 'g' },
  { to: '/audit', label: 'Circle audit', key: 'a' },
  { to: '/reviews', label: 'Reviews', key: 'v' },
  { to: '/settings', label: 'Settings', key: 's' },
];

function route(path: string): { page: ReactNode; title: string } {
  const person = /^\/people\/(\d+)$/.exec(path);
  if (person) return { page: <PersonPage id={Number(person[1])} />, title: 'Person' };
  switch (path) {
    case '/':
      return { page: <DashboardPage />, title: 'Dashboard' };
    case '/people':
      return { page: <PeoplePage />, title: 'People' };
    case '/entries':
      return { page: <EntriesPage />, title: 'Ledger' };
    case '/review':
      return { page: <ReviewPage />, title: 'Review queue' };
    case '/triage':
      return { page: <TriagePage />, title: 'Triage' };
    case '/imports':
      return { page: <ImportsPage />, title: 'Imports' };
    case '/goals':
      return { page: <GoalsPage />, title: 'Purpose & goals' };
    case '/audit':
      return { page: <AuditPage />, title: 'Circle audit' };
    case '/reviews':
      return { page: <ReviewsPage />, title: 'Reviews' };
    case '/settings':
      return { page: <SettingsPage />, title: 'Settings' };
    default:
      return {
        page: (
          <section className="page narrow">
            <h1>Nothing here</h1>
            <p>
              There is no page at this address. <Link to="/">Back to the dashboard</Link>.
            </p>
          </section>
        ),
        title: 'Not found',
      };
  }
}

function UnjudgedBadge() {
  const q = useApi<EntryPage>('/entries', { unjudged: true, limit: 1 });
  const n = q.data?.total ?? 0;
  if (n === 0) return null;
  return (
    <span className="badge" aria-label={`${n} waiting`}>
      {n > 999 ? '999+' : n}
    </span>
  );
}

/** The frame every page sits in: navigation, the log button, shortcuts and messages. */
export function App() {
  const { path } = useLocation();
  const [logOpen, setLogOpen] = useState(false);
  const [logPeople, setLogPeople] = useState<PersonRef[] | undefined>();
  const [helpOpen, setHelpOpen] = useState(false);
  const [navOpen, setNavOpen] = useState(false);
  const main = useRef<HTMLElement>(null);
  const { page, title } = route(path);

  const firstPath = useRef(path);
  useEffect(() => {
    document.title = `${title} · Fathom`;
    setNavOpen(false);
    // After a navigation (not the first load), start reading and tabbing at the new page.
    if (path !== firstPath.current) {
      firstPath.current = '';
      main.current?.focus({ preventScroll: true });
    }
  }, [title, path]);

  const openLog = useCallback((people?: PersonRef[]) => {
    setLogPeople(people);
    setLogOpen(true);
  }, []);

  useKeys(
    (key, e, afterG) => {
      if (afterG) {
        const item = nav.find((n) => n.key === key);
        if (item) {
          e.preventDefault();
          navigate(item.to);
        }
        return;
      }
      if (key === 'l' || key === 'L') {
        e.preventDefault();
        openLog();
      } else if (key === '?') {
        setHelpOpen((h) => !h);
      }
    },
    true,
    true,
  );

  return (
    <LogContext.Provider value={openLog}>
      <a className="skip-link" href="#main" onClick={() => main.current?.focus()}>
        Skip to content
      </a>
      <div className="shell">
        <header className="topbar">
          <Link to="/" className="brand" aria-label="Fathom, dashboard">
            <svg viewBox="0 0 32 32" aria-hidden="true" className="brand-mark">
              <rect width="32" height="32" rx="7" />
              <path d="M6 11c3 0 3 3 6 3s3-3 6-3 3 3 6 3 3-3 3-3M6 18c3 0 3 3 6 3s3-3 6-3 3 3 6 3 3-3 3-3" />
            </svg>
            <span>Fathom</span>
          </Link>
          <button
            type="button"
            className="nav-toggle"
            aria-expanded={navOpen}
            aria-controls="site-nav"
            onClick={() => setNavOpen((o) => !o)}
          >
            Menu
          </button>
          <button
            type="button"
            className="primary log-button"
            onClick={() => openLog()}
            aria-keyshortcuts="L"
          >
            Log time <kbd>L</kbd>
          </button>
        </header>
        <nav id="site-nav" className={`sidenav${navOpen ? ' open' : ''}`} aria-label="Main">
          <ul>
            {nav.map((n) => {
              const current = n.to === '/' ? path === '/' : path === n.to || path.startsWith(`${n.to}/`);
              return (
                <li key={n.to}>
                  <Link to={n.to} aria-current={current ? 'page' : undefined}>
                    <span>{n.label}</span>
                    {n.to === '/review' ? <UnjudgedBadge /> : null}
                  </Link>
                </li>
              );
            })}
          </ul>
          <p className="nav-hint">
            Press <kbd>?</kbd> for shortcuts
          </p>
        </nav>
        <main id="main" ref={main} tabIndex={-1}>
          {/* Keyed by address: leaving a failed page for another starts that one afresh. */}
          <PageBoundary key={path} title={title}>
            <Suspense fallback={<div className="page loading-page" aria-busy="true" />}>{page}</Suspense>
          </PageBoundary>
        </main>
      </div>
      <LogDialog open={logOpen} onClose={() => setLogOpen(false)} initialPeople={logPeople} />
      {helpOpen ? <ShortcutHelp onClose={() => setHelpOpen(false)} /> : null}
      <Toasts />
    </LogContext.Provider>
  );
}

const shortcuts: [string[], string][] = [
  [['L'], 'Log time, from any page'],
  ...nav.map((n): [string[], string] => [['g', n.key], n.label]),
  [['/'], 'Search (people, ledger)'],
  [['n', 's', 'f', 'b', 'u'], 'Review queue: networking, socializing, forward, back, undo'],
  [['i', 'n', 'a', 's', 'x'], 'Triage: inner, network, acquaintance, social, archive'],
  [['?'], 'Show or hide this list'],
];

function ShortcutHelp({ onClose }: { onClose(): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="help-dialog" aria-labelledby="help-title" onClose={onClose}>
      <header className="dialog-head">
        <h2 id="help-title">Keyboard shortcuts</h2>
        <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </header>
      <dl className="shortcut-list">
        {shortcuts.map(([keys, label]) => (
          <div key={label}>
            <dt>
              {keys.map((k) => (
                <kbd key={k}>{k}</kbd>
              ))}
            </dt>
            <dd>{label}</dd>
          </div>
        ))}
      </dl>
    </dialog>
  );
}
