import { useState } from 'react';
import { apiSend } from '../api/client.ts';
import type { Circle, PeoplePage, Person } from '../api/types.ts';
import { ledgerChanged, useApi } from '../api/use-api.ts';
import { archiveRequest, useCapabilities } from '../api/use-capabilities.ts';
import { showToast } from '../components/toasts.tsx';
import { plural } from '../format.ts';
import { Link } from '../router.tsx';
import { useKeys } from '../shortcuts.ts';

type Action = Circle | 'archive';

interface Done {
  person: Person;
  action: Action;
}

const actions: { key: string; action: Action; label: string; help: string }[] = [
  { key: 'i', action: 'inner', label: 'Inner', help: 'a true friend' },
  { key: 'n', action: 'network', label: 'Network', help: 'common purpose' },
  { key: 'a', action: 'acquaintance', label: 'Acquaintance', help: 'we know each other' },
  { key: 's', action: 'social', label: 'Social', help: 'mostly socializing' },
  { key: 'x', action: 'archive', label: 'Archive', help: 'out of sight' },
];

/** Sorting people who arrived by the thousand: one key puts each one in a circle or away. */
export default function TriagePage() {
  const q = useApi<PeoplePage>('/people', { circle: 'unsorted', limit: 100 });
  const [done, setDone] = useState<Done[]>([]);
  const [busy, setBusy] = useState(false);
  const { archive } = useCapabilities();
  const offered = actions.filter((a) => a.action !== 'archive' || archive !== null);
  const doneIds = new Set(done.map((d) => d.person.id));
  const queue = (q.data?.people ?? []).filter((p) => !doneIds.has(p.id));
  const current = queue[0];
  const stale = (q.data?.people ?? []).filter((p) => doneIds.has(p.id)).length;
  const remaining = Math.max(0, (q.data?.total ?? 0) - stale);

  const apply = async (action: Action) => {
    if (!current || busy) return;
    setBusy(true);
    try {
      if (action === 'archive') {
        if (!archive) return;
        const r = archiveRequest(archive, current.id, true);
        await apiSend(r.method, r.path, r.body);
      } else await apiSend('PATCH', `/people/${current.id}`, { circle: action });
      setDone((d) => [...d, { person: current, action }]);
      ledgerChanged();
    } catch (e) {
      showToast(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const undo = async () => {
    const last = done[done.length - 1];
    if (!last || busy) return;
    setBusy(true);
    try {
      if (last.action === 'archive' && archive) {
        const r = archiveRequest(archive, last.person.id, false);
        await apiSend(r.method, r.path, r.body);
      } else await apiSend('PATCH', `/people/${last.person.id}`, { circle: 'unsorted' });
      setDone((d) => d.slice(0, -1));
      ledgerChanged();
    } catch (e) {
      showToast(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  useKeys((key, e) => {
    const k = key.toLowerCase();
    const a = offered.find((x) => x.key === k);
    if (a) {
      e.preventDefault();
      void apply(a.action);
    } else if (k === 'u') {
      e.preventDefault();
      void undo();
    }
  });

  return (
    <section className="page narrow triage-page" aria-labelledby="triage-title">
      <header className="page-head">
        <div>
          <h1 id="triage-title">Triage</h1>
          <p className="muted" aria-live="polite">
            {q.data
              ? remaining > 0
                ? `${plural(remaining, 'person', 'people')} unsorted`
                : 'Everyone is sorted'
              : 'Loading…'}
            {done.length > 0 ? ` · ${done.length} sorted just now` : ''}
          </p>
        </div>
      </header>
      <p className="keys-legend">
        {offered.map((a) => (
          <span key={a.key}>
            <kbd>{a.key}</kbd> {a.label.toLowerCase()}{' '}
          </span>
        ))}
        · <kbd>u</kbd> undo
      </p>
      {q.data && !current ? (
        <div className="empty-state done">
          <h2>Nobody waits to be sorted</h2>
          <p>
            People you import arrive here as <em>unsorted</em>. Put each in a circle — inner for the few true
            friends, network for people of common purpose — or archive them.{' '}
            <Link to="/imports">Import contacts</Link>.
          </p>
        </div>
      ) : null}
      {current ? (
        <article className="card triage-card" aria-labelledby="triage-name" aria-busy={busy}>
          <h2 id="triage-name" className="review-title">
            <Link to={`/people/${current.id}`}>{current.name}</Link>
          </h2>
          <p className="muted">
            {[current.title, current.organization, current.location].filter(Boolean).join(' · ') ||
              'Nothing more is known.'}
          </p>
          {current.purpose ? <p className="purpose-quote">{current.purpose}</p> : null}
          {current.contacts.length > 0 ? (
            <ul className="contact-chips">
              {current.contacts.slice(0, 4).map((c) => (
                <li key={c.id}>
                  <span className="muted small">{c.kind}</span> {c.value}
                </li>
              ))}
            </ul>
          ) : null}
          <div className="triage-actions" role="group" aria-label="Sort into">
            {offered.map((a) => (
              <button
                key={a.key}
                type="button"
                className={`decide ${a.action === 'archive' ? 'archive' : `circle-${a.action}`}`}
                onClick={() => void apply(a.action)}
              >
                <kbd>{a.key}</kbd> {a.label}
                <span className="decide-help">{a.help}</span>
              </button>
            ))}
          </div>
          <footer className="review-foot">
            <button
              type="button"
              className="link-button"
              disabled={done.length === 0}
              onClick={() => void undo()}
            >
              Undo last
            </button>
          </footer>
        </article>
      ) : null}
    </section>
  );
}
