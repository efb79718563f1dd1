import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { apiSend } from '../api/client.ts';
import type { Circle, Person } from '../api/types.ts';
import { ledgerChanged } from '../api/use-api.ts';
import { archiveRequest, useCapabilities } from '../api/use-capabilities.ts';
import { peopleFilter } from '../api/people-query.ts';
import { usePeoplePages } from '../api/use-people-pages.ts';
import { AddPersonDialog } from '../components/add-person-dialog.tsx';
import { Avatar } from '../components/avatar.tsx';
import { CircleChip, VerdictChip } from '../components/chips.tsx';
import { DuplicatesView } from '../components/duplicates-view.tsx';
import { MergeDialog } from '../components/merge-dialog.tsx';
import { showToast } from '../components/toasts.tsx';
import { circleOptions } from '../components/vocabulary.ts';
import { plural } from '../format.ts';
import { Link, navigate, useLocation } from '../router.tsx';
import { useKeys } from '../shortcuts.ts';

const rowHeight = 60;

/** Runs `work` over items a few at a time, so a bulk change does not flood the server. */
async function eachLimited<T>(items: T[], work: (item: T) => Promise<void>, limit = 4): Promise<number> {
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch {
        failed += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return failed;
}

/** Everyone in the ledger: search, filter, select and change many at once; smooth at 50,000. */
export default function PeoplePage() {
  const { search } = useLocation();
  const [text, setText] = useState(search.get('q') ?? '');
  const circle = search.get('circle') ?? '';
  const verdict = search.get('verdict') ?? '';
  const tag = search.get('tag') ?? '';
  const archived = search.get('archived') === '1';
  const duplicates = search.get('view') === 'duplicates';
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [merging, setMerging] = useState<readonly [number, number] | null>(null);
  const [adding, setAdding] = useState(false);
  const [busy, setBusy] = useState(false);
  const searchBox = useRef<HTMLInputElement>(null);
  const scroller = useRef<HTMLDivElement>(null);

  const setParam = (name: string, value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(name, value);
    else next.delete(name);
    const qs = next.toString();
    navigate(`/people${qs ? `?${qs}` : ''}`, { replace: true });
  };

  // Typing updates the address (and so the query) after a short pause.
  useEffect(() => {
    const t = window.setTimeout(() => {
      if ((search.get('q') ?? '') !== text.trim()) setParam('q', text.trim());
    }, 160);
    return () => window.clearTimeout(t);
    // Only the typed text drives this.
  }, [text]);

  const filter = useMemo(() => peopleFilter(search), [search]);
  const list = usePeoplePages(filter);
  const count = list.total ?? 0;

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (count > 0) list.want(first, last);
  }, [first, last, count, list]);

  useEffect(() => {
    setSelected(new Set());
    virtualizer.scrollToOffset(0);
    // A new filter is a new list.
  }, [JSON.stringify(filter)]);

  useKeys((key, e) => {
    if (duplicates) return;
    if (key === '/') {
      e.preventDefault();
      searchBox.current?.focus();
    } else if (key === 'x') {
      // Selects the row that has the focus, as a click on its box would.
      const row = document.activeElement?.closest('.people-row');
      const box = row?.querySelector<HTMLInputElement>('input[type="checkbox"]');
      if (box) {
        e.preventDefault();
        box.click();
      }
    } else if (key === 'm' && selected.size === 2) {
      e.preventDefault();
      const [a, b] = [...selected] as [number, number];
      setMerging([a, b]);
    } else if (key === 'Escape' && selected.size > 0) {
      setSelected(new Set());
    }
  });

  const toggle = useCallback(
    (id: number) =>
      setSelected((s) => {
        const n = new Set(s);
        if (n.has(id)) n.delete(id);
        else n.add(id);
        return n;
      }),
    [],
  );

  const bulk = async (label: string, body: Record<string, unknown>) => {
    const ids = [...selected];
    setBusy(true);
    const failed = await eachLimited(ids, async (id) => {
      await apiSend('PATCH', `/people/${id}`, body);
    });
    setBusy(false);
    setSelected(new Set());
    ledgerChanged();
    showToast(
      failed
        ? `${label}: ${ids.length - failed} changed, ${failed} failed.`
        : `${label}: ${plural(ids.length, 'person', 'people')} changed.`,
    );
  };

  const filtered = Boolean(filter.search || circle || verdict || tag || archived);

  return (
    <section className="page people-page" aria-labelledby="people-title">
      <header className="page-head">
        <div>
          <h1 id="people-title">People</h1>
          <p className="muted" aria-live="polite">
            {list.total === undefined
              ? 'Loading…'
              : filtered
                ? `${plural(count, 'person', 'people')} match`
                : plural(count, 'person', 'people')}
          </p>
        </div>
        <button type="button" className="primary" onClick={() => setAdding(true)}>
          Add person
        </button>
      </header>

      <div className="tabs people-views" role="group" aria-label="Show">
        <button type="button" aria-pressed={!duplicates} onClick={() => setParam('view', '')}>
          Everyone
        </button>
        <button type="button" aria-pressed={duplicates} onClick={() => setParam('view', 'duplicates')}>
          Likely duplicates
        </button>
      </div>

      {duplicates ? (
        <DuplicatesView />
      ) : (
        <>
          <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
            <label className="search-field">
              <span className="visually-hidden">Search people</span>
              <input
                ref={searchBox}
                type="search"
                placeholder="Search name, organization, email, purpose…  ( / )"
                value={text}
                onChange={(e) => setText(e.target.value)}
              />
            </label>
            <label>
              <span className="visually-hidden">Circle</span>
              <select value={circle} onChange={(e) => setParam('circle', e.target.value)}>
                <option value="">All circles</option>
                {circleOptions.map((c) => (
                  <option key={c.value} value={c.value}>
                    {c.label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span className="visually-hidden">Verdict</span>
              <select value={verdict} onChange={(e) => setParam('verdict', e.target.value)}>
                <option value="">Any verdict</option>
                <option value="forward">Forward</option>
                <option value="back">Back</option>
                <option value="unjudged">Not yet judged</option>
              </select>
            </label>
            <label>
              <span className="visually-hidden">Tag</span>
              <input
                type="text"
                placeholder="Tag"
                value={tag}
                onChange={(e) => setParam('tag', e.target.value.trim().toLowerCase())}
                size={10}
              />
            </label>
            <label className="check">
              <input
                type="checkbox"
                checked={archived}
                onChange={(e) => setParam('archived', e.target.checked ? '1' : '')}
              />
              <span>Include archived</span>
            </label>
          </form>

          {selected.size > 0 ? (
            <div className="bulk-bar" role="region" aria-label="Change selected people">
              <strong>{plural(selected.size, 'person', 'people')} selected</strong>
              <label>
                <span className="visually-hidden">Move to circle</span>
                <select
                  value=""
                  disabled={busy}
                  onChange={(e) => {
                    const c = e.target.value as Circle;
                    if (c) void bulk(`Moved to ${c}`, { circle: c });
                  }}
                >
                  <option value="">Move to circle…</option>
                  {circleOptions.map((c) => (
                    <option key={c.value} value={c.value}>
                      {c.label}
                    </option>
                  ))}
                </select>
              </label>
              <button
                type="button"
                disabled={busy}
                className="verdict-forward"
                onClick={() => void bulk('Judged forward', { verdict: 'forward' })}
              >
                Forward
              </button>
              <button
                type="button"
                disabled={busy}
                className="verdict-back"
                onClick={() => void bulk('Judged back', { verdict: 'back' })}
              >
                Back
              </button>
              <ArchiveButton ids={[...selected]} disabled={busy} onDone={() => setSelected(new Set())} />
              {selected.size === 2 ? (
                <button
                  type="button"
                  disabled={busy}
                  aria-keyshortcuts="m"
                  title="Merge the two selected people (m)"
                  onClick={() => {
                    const [a, b] = [...selected] as [number, number];
                    setMerging([a, b]);
                  }}
                >
                  Merge…
                </button>
              ) : null}
              <button type="button" className="link-button" onClick={() => setSelected(new Set())}>
                Clear selection
              </button>
            </div>
          ) : null}

          {list.error ? (
            <p className="form-error" role="alert">
              {list.error}
            </p>
          ) : null}

          {list.total === 0 ? (
            <div className="empty-state">
              {filtered ? (
                <>
                  <h2>Nobody matches</h2>
                  <p>Try fewer filters, or a shorter search.</p>
                </>
              ) : (
                <>
                  <h2>No people yet</h2>
                  <p>
                    Add the few people who matter most by hand, or bring everyone in at once from a LinkedIn,
                    Google or phone export on the <Link to="/imports">imports</Link> page. New arrivals wait
                    in <Link to="/triage">triage</Link>.
                  </p>
                  <button type="button" className="primary" onClick={() => setAdding(true)}>
                    Add your first person
                  </button>
                </>
              )}
            </div>
          ) : (
            <div className="people-table" role="table" aria-label="People" aria-rowcount={count}>
              <div className="people-row head" role="row">
                <span role="columnheader" className="col-check">
                  <span className="visually-hidden">Selected</span>
                </span>
                <span role="columnheader">Name</span>
                <span role="columnheader" className="col-circle">
                  Circle
                </span>
                <span role="columnheader" className="col-verdict">
                  Verdict
                </span>
                <span role="columnheader" className="col-tags">
                  Tags
                </span>
              </div>
              <div ref={scroller} className="people-scroll" data-testid="people-scroll">
                <div className="people-spacer" style={{ height: virtualizer.getTotalSize() }}>
                  {items.map((item) => {
                    const p = list.get(item.index);
                    return (
                      <PeopleRow
                        key={item.key}
                        index={item.index}
                        start={item.start}
                        person={p}
                        checked={p ? selected.has(p.id) : false}
                        onToggle={toggle}
                      />
                    );
                  })}
                </div>
              </div>
            </div>
          )}
        </>
      )}
      <AddPersonDialog open={adding} onClose={() => setAdding(false)} />
      <MergeDialog pair={merging} onClose={() => setMerging(null)} onMerged={() => setSelected(new Set())} />
    </section>
  );
}

interface RowProps {
  index: number;
  start: number;
  person: Person | undefined;
  checked: boolean;
  onToggle(id: number): void;
}

// Rows that stay in view while scrolling keep their props, so memo spares re-rendering them.
const PeopleRow = memo(function PeopleRow({ index, start, person, checked, onToggle }: RowProps) {
  return (
    <div
      className="people-row"
      role="row"
      aria-rowindex={index + 2}
      style={{ transform: `translateY(${start}px)` }}
    >
      {person ? <PersonCells person={person} checked={checked} onToggle={onToggle} /> : <SkeletonRow />}
    </div>
  );
});

function PersonCells({
  person: p,
  checked,
  onToggle,
}: {
  person: Person;
  checked: boolean;
  onToggle(id: number): void;
}) {
  const role = [p.title, p.organization].filter(Boolean).join(' · ');
  return (
    <>
      <span role="cell" className="col-check">
        <input
          type="checkbox"
          checked={checked}
          onChange={() => onToggle(p.id)}
          aria-label={`Select ${p.name}`}
        />
      </span>
      <span role="cell" className="col-name">
        <Avatar name={p.name} photo={p.photo} />
        <span className="name-lines">
          <Link to={`/people/${p.id}`} className="person-link">
            {p.name}
            {p.aspire ? (
              <span className="aspire" title="You aspire to be like them" aria-label="aspire to">
                ★
              </span>
            ) : null}
          </Link>
          <span className="sub">{role || p.contacts[0]?.value || '\u00a0'}</span>
        </span>
      </span>
      <span role="cell" className="col-circle">
        <CircleChip circle={p.circle} />
      </span>
      <span role="cell" className="col-verdict">
        <VerdictChip verdict={p.verdict} />
      </span>
      <span role="cell" className="col-tags">
        {p.tags.slice(0, 3).map((t) => (
          <span key={t} className="tag">
            {t}
          </span>
        ))}
        {p.archivedAt ? <span className="tag archived">archived</span> : null}
      </span>
    </>
  );
}

function SkeletonRow() {
  return (
    <span role="cell" className="skeleton" aria-busy="true">
      <span />
    </span>
  );
}

/** Archives the selected people, once the server offers archiving. */
function ArchiveButton({ ids, disabled, onDone }: { ids: number[]; disabled: boolean; onDone(): void }) {
  const { archive } = useCapabilities();
  if (!archive) return null;
  const run = async () => {
    const failed = await eachLimited(ids, async (id) => {
      const r = archiveRequest(archive, id, true);
      await apiSend(r.method, r.path, r.body);
    });
    onDone();
    ledgerChanged();
    showToast(
      failed
        ? `Archived ${ids.length - failed}; ${failed} could not be archived.`
        : `Archived ${plural(ids.length, 'person', 'people')}.`,
    );
  };
  return (
    <button type="button" disabled={disabled} onClick={() => void run()}>
      Archive
    </button>
  );
}
