import { useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { apiGet } from '../api/client.ts';
import type { MergeSummary, PersonMerges as Merges } from '../api/merge-types.ts';
import type { PeoplePage, Person, PersonDetail } from '../api/types.ts';
import { useApi } from '../api/use-api.ts';
import { dateLabel } from '../format.ts';
import { Link, navigate } from '../router.tsx';
import { MergeDialog, unmerge } from './merge-dialog.tsx';
import { showToast } from './toasts.tsx';

function when(m: MergeSummary): string {
  return `${dateLabel(m.createdAt.slice(0, 10))}${m.importRun !== null ? `, chosen in import #${m.importRun}` : ''}`;
}

/** Searches anyone in the ledger but one, and hands back the person chosen. */
function PersonSearch({ exclude, onChoose }: { exclude: number; onChoose(p: Person): void }) {
  const listId = useId();
  const [text, setText] = useState('');
  const [found, setFound] = useState<Person[]>([]);
  const [active, setActive] = useState(0);
  const [searched, setSearched] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => input.current?.focus(), []);
  useEffect(() => {
    const q = text.trim();
    if (q === '') {
      setFound([]);
      setSearched(false);
      return;
    }
    const ctrl = new AbortController();
    const timer = window.setTimeout(() => {
      apiGet<PeoplePage>('/people', { search: q, limit: 9, archived: true }, ctrl.signal).then(
        (page) => {
          setFound(page.people.filter((p) => p.id !== exclude).slice(0, 8));
          setActive(0);
          setSearched(true);
        },
        () => undefined,
      );
    }, 120);
    return () => {
      window.clearTimeout(timer);
      ctrl.abort();
    };
  }, [text, exclude]);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' && found.length > 0) {
      e.preventDefault();
      setActive((a) => (a + 1) % found.length);
    } else if (e.key === 'ArrowUp' && found.length > 0) {
      e.preventDefault();
      setActive((a) => (a - 1 + found.length) % found.length);
    } else if (e.key === 'Enter' && found[active]) {
      e.preventDefault();
      onChoose(found[active]);
    }
  };

  const open = found.length > 0;
  return (
    <div className="picker same-person-search">
      <div className="picker-box">
        <input
          ref={input}
          type="text"
          role="combobox"
          aria-label="Search for the same person"
          autoComplete="off"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          aria-activedescendant={open ? `${listId}-${active}` : undefined}
          placeholder="Name, email, phone or organization…"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
        />
      </div>
      {open ? (
        <ul className="picker-list" role="listbox" id={listId}>
          {found.map((p, i) => (
            <li
              key={p.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                onChoose(p);
              }}
            >
              <span className="picker-name">{p.name}</span>
              <span className="picker-detail">
                {[p.title, p.organization].filter(Boolean).join(', ') || p.contacts[0]?.value || p.circle}
              </span>
            </li>
          ))}
        </ul>
      ) : searched ? (
        <p className="small muted">Nobody else matches “{text.trim()}”.</p>
      ) : null}
    </div>
  );
}

/**
 * A person's merges on their page: "Same person as…" to merge someone into them (after seeing what
 * links the two), and the people merged into them, each with Unmerge.
 */
export function PersonMerges({ person: p }: { person: PersonDetail }) {
  const merges = useApi<Merges>(`/people/${p.id}/merges`);
  const [searching, setSearching] = useState(false);
  const [other, setOther] = useState<number | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const from = merges.data?.person.id === p.id ? merges.data.from : [];

  const takeBack = async (m: MergeSummary) => {
    setBusy(m.merged.id);
    try {
      await unmerge(m.merged.id);
    } catch (e) {
      showToast(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="card person-merges" aria-labelledby="merges-title">
      <h2 id="merges-title" className="card-title">
        Same person?
      </h2>
      {from.length > 0 ? (
        <>
          <p className="small muted">Merged into {p.name.split(' ')[0]}:</p>
          <ul className="merged-list">
            {from.map((m) => (
              <li key={m.merge}>
                <span>
                  <strong>{m.merged.name}</strong> <span className="muted small">#{m.merged.id}</span>
                  <span className="muted small"> · {when(m)}</span>
                </span>
                <button
                  type="button"
                  disabled={busy !== null}
                  onClick={() => void takeBack(m)}
                  aria-label={`Unmerge ${m.merged.name}`}
                >
                  Unmerge
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="small muted">
          Two entries for one person (an old email, a second phone, a nickname)? Merge them: everything moves
          to one, and you can unmerge later.
        </p>
      )}
      {searching ? (
        <>
          <PersonSearch
            exclude={p.id}
            onChoose={(o) => {
              setOther(o.id);
              setSearching(false);
            }}
          />
          <button type="button" className="link-button" onClick={() => setSearching(false)}>
            Cancel
          </button>
        </>
      ) : (
        <button type="button" onClick={() => setSearching(true)}>
          Same person as…
        </button>
      )}
      <MergeDialog
        pair={other === null ? null : [p.id, other]}
        keep={p.id}
        onClose={() => setOther(null)}
        onMerged={(r) => {
          // Merged away into the other: their page is now the one to show.
          if (r.merged.id === p.id) navigate(`/people/${r.survivor.id}`);
        }}
      />
    </section>
  );
}

/** The page of someone merged into another person: who, when, and the way back. */
export function MergedPerson({ id, survivor }: { id: number; survivor: PersonDetail }) {
  const merges = useApi<Merges>(`/people/${id}/merges`);
  const [busy, setBusy] = useState(false);
  const m = merges.data?.person.id === id ? merges.data : undefined;
  const into = m?.into;
  const takeBack = async () => {
    setBusy(true);
    try {
      await unmerge(id);
    } catch (e) {
      showToast(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <article className="page narrow" aria-labelledby="merged-name">
      <p className="breadcrumb">
        <Link to="/people">People</Link>
      </p>
      <h1 id="merged-name">{m?.person.name ?? `#${id}`}</h1>
      <p>
        Merged into{' '}
        <Link to={`/people/${into?.survivor.id ?? survivor.id}`}>{into?.survivor.name ?? survivor.name}</Link>
        {into ? ` on ${when(into)}` : ''}. Everything known about them is on that page now.
      </p>
      <div className="actions">
        <Link to={`/people/${survivor.id}`} className="button primary">
          Open {survivor.name}
        </Link>
        <button type="button" disabled={busy || !into} onClick={() => void takeBack()}>
          Unmerge
        </button>
      </div>
    </article>
  );
}
