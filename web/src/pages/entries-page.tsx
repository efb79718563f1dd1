import { useState } from 'react';
import type { EntryPage } from '../api/types.ts';
import { useApi } from '../api/use-api.ts';
import { EntryList } from '../components/entry-list.tsx';
import { minutes, plural } from '../format.ts';
import { useOpenLog } from '../log-context.ts';
import { Link, navigate, useLocation } from '../router.tsx';

const step = 100;

/** The ledger itself: every entry, filtered by kind, verdict or dates; deleted ones can come back. */
export default function EntriesPage() {
  const { search } = useLocation();
  const mode = search.get('mode') ?? '';
  const verdict = search.get('verdict') ?? '';
  const from = search.get('from') ?? '';
  const to = search.get('to') ?? '';
  const deleted = search.get('deleted') === '1';
  const [limit, setLimit] = useState(step);
  const q = useApi<EntryPage>('/entries', { mode, verdict, from, to, deleted, limit });
  const openLog = useOpenLog();

  const setParam = (name: string, value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(name, value);
    else next.delete(name);
    setLimit(step);
    const qs = next.toString();
    navigate(`/entries${qs ? `?${qs}` : ''}`, { replace: true });
  };

  const shown = q.data?.entries ?? [];
  return (
    <section className="page" aria-labelledby="entries-title">
      <header className="page-head">
        <div>
          <h1 id="entries-title">Ledger</h1>
          <p className="muted" aria-live="polite">
            {q.data
              ? `${plural(q.data.total, 'entry', 'entries')}${shown.length ? ` · ${minutes(shown.reduce((s, e) => s + e.minutes, 0))} shown` : ''}`
              : 'Loading…'}
          </p>
        </div>
        <button type="button" className="primary" onClick={() => openLog()}>
          Log time <kbd>L</kbd>
        </button>
      </header>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter entries">
        <label>
          <span className="visually-hidden">Kind</span>
          <select value={mode} onChange={(e) => setParam('mode', e.target.value)}>
            <option value="">Networking and socializing</option>
            <option value="networking">Networking only</option>
            <option value="socializing">Socializing only</option>
          </select>
        </label>
        <label>
          <span className="visually-hidden">Verdict</span>
          <select value={verdict} onChange={(e) => setParam('verdict', e.target.value)}>
            <option value="">Any verdict</option>
            <option value="forward">Forward</option>
            <option value="back">Back</option>
          </select>
        </label>
        <label className="inline-label">
          From <input type="date" value={from} onChange={(e) => setParam('from', e.target.value)} />
        </label>
        <label className="inline-label">
          to <input type="date" value={to} onChange={(e) => setParam('to', e.target.value)} />
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={deleted}
            onChange={(e) => setParam('deleted', e.target.checked ? '1' : '')}
          />
          <span>Deleted entries</span>
        </label>
      </form>
      {q.error ? (
        <p className="form-error" role="alert">
          {q.error.message}
        </p>
      ) : null}
      {q.data && q.data.total === 0 ? (
        <div className="empty-state">
          {deleted ? (
            <p>No deleted entries. Deleting an entry moves it here, where it can be restored.</p>
          ) : (
            <>
              <h2>The ledger is empty</h2>
              <p>
                Log an hour with <kbd>L</kbd>, or import a calendar on the <Link to="/imports">imports</Link>{' '}
                page: its meetings arrive unjudged and wait in the review queue.
              </p>
            </>
          )}
        </div>
      ) : (
        <div className="card">
          <EntryList entries={shown} />
          {q.data && q.data.total > shown.length ? (
            <button type="button" className="more" onClick={() => setLimit((l) => l + step)}>
              Show more ({plural(q.data.total - shown.length, 'entry', 'entries')} older)
            </button>
          ) : null}
        </div>
      )}
    </section>
  );
}
