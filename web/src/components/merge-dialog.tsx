import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { apiGet, apiSend } from '../api/client.ts';
import type { MergeResult, PairEvidence, UnmergeResult } from '../api/merge-types.ts';
import type { PersonDetail } from '../api/types.ts';
import { ledgerChanged } from '../api/use-api.ts';
import { minutes, plural } from '../format.ts';
import { showToast } from './toasts.tsx';

interface Loaded {
  people: [PersonDetail, PersonDetail];
  evidence: PairEvidence;
}

/** Takes a merge back, saying so; the toast's Undo and a person page's Unmerge both use it. */
export async function unmerge(mergedId: number): Promise<UnmergeResult> {
  const r = await apiSend<UnmergeResult>('POST', `/people/${mergedId}/unmerge`);
  ledgerChanged();
  showToast(`${r.restored.name} is their own person again, apart from ${r.survivor.name}.`);
  return r;
}

/** The one kept by default: whoever has more time logged with them, then more contact points, then the older. */
function likelyKeeper(a: PersonDetail, b: PersonDetail): number {
  const score = (p: PersonDetail) => [p.totals.entries, p.contacts.length, -p.id];
  const [x, y] = [score(a), score(b)];
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! > y[i]! ? a.id : b.id;
  return a.id;
}

function PersonSide({ person: p, kept, onKeep }: { person: PersonDetail; kept: boolean; onKeep(): void }) {
  const role = [p.title, p.organization].filter(Boolean).join(' at ');
  return (
    <label className={`merge-side${kept ? ' kept' : ''}`}>
      <span className="merge-choice">
        <input type="radio" name="keep" checked={kept} onChange={onKeep} />
        <span>{kept ? 'Kept' : 'Merged into the other'}</span>
      </span>
      <strong className="merge-name">
        {p.name} <span className="muted small">#{p.id}</span>
      </strong>
      <span className="muted small">
        {[role, p.location].filter(Boolean).join(' · ') || 'No title or organization'}
      </span>
      <ul className="merge-facts">
        {p.contacts.slice(0, 5).map((c) => (
          <li key={c.id}>
            {c.value} <span className="muted small">{c.kind}</span>
          </li>
        ))}
        {p.contacts.length > 5 ? <li className="muted small">and {p.contacts.length - 5} more</li> : null}
        {p.contacts.length === 0 ? <li className="muted small">No email, phone or profile</li> : null}
      </ul>
      <span className="small">
        {p.totals.entries === 0
          ? 'Nothing logged together'
          : `${plural(p.totals.entries, 'entry', 'entries')}, ${minutes(p.totals.minutes)}`}
        {' · '}
        {p.circle}
      </span>
      {p.tags.length > 0 ? (
        <span>
          {p.tags.slice(0, 6).map((t) => (
            <span key={t} className="tag">
              {t}
            </span>
          ))}
        </span>
      ) : null}
    </label>
  );
}

/**
 * Asks before two people become one: shows both side by side with what links them, lets the owner
 * choose who is kept, merges, and offers the way back in a toast.
 */
export function MergeDialog({
  pair,
  keep,
  onClose,
  onMerged,
}: {
  /** The two people, or null while the dialog is closed. */
  pair: readonly [number, number] | null;
  /** Who is kept unless the owner says otherwise (by default the one with more time logged). */
  keep?: number | undefined;
  onClose(): void;
  onMerged?(result: MergeResult): void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [kept, setKept] = useState<number | null>(null);
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const a = pair?.[0];
  const b = pair?.[1];

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (a !== undefined && b !== undefined) {
      if (!d.open) d.showModal();
    } else if (d.open) d.close();
  }, [a, b]);

  useEffect(() => {
    setLoaded(null);
    setProblem(undefined);
    setKept(null);
    if (a === undefined || b === undefined) return;
    const ctrl = new AbortController();
    Promise.all([
      apiGet<PersonDetail>(`/people/${a}`, {}, ctrl.signal),
      apiGet<PersonDetail>(`/people/${b}`, {}, ctrl.signal),
      apiGet<PairEvidence>(`/people/${a}/evidence`, { other: `#${b}` }, ctrl.signal),
    ]).then(
      ([pa, pb, evidence]) => {
        setLoaded({ people: [pa, pb], evidence });
        setKept(keep === pa.id || keep === pb.id ? keep : likelyKeeper(pa, pb));
      },
      (e: unknown) => {
        if (e instanceof DOMException && e.name === 'AbortError') return;
        setProblem(e instanceof Error ? e.message : String(e));
      },
    );
    return () => ctrl.abort();
  }, [a, b, keep]);

  const survivor = loaded?.people.find((p) => p.id === kept);
  const other = loaded?.people.find((p) => p.id !== kept);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!survivor || !other) return;
    setBusy(true);
    setProblem(undefined);
    try {
      const r = await apiSend<MergeResult>('POST', `/people/${survivor.id}/merge`, { other: `#${other.id}` });
      ledgerChanged();
      onClose();
      onMerged?.(r);
      showToast(`Merged ${r.merged.name} into ${r.survivor.name}.`, {
        label: 'Undo',
        run: async () => {
          await unmerge(r.merged.id);
        },
      });
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const ev = loaded?.evidence;
  return (
    <dialog ref={dialog} className="form-dialog merge-dialog" aria-labelledby="merge-title" onClose={onClose}>
      <form onSubmit={submit}>
        <header className="dialog-head">
          <h2 id="merge-title">Merge two people</h2>
          <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </header>
        {!loaded && !problem ? <p aria-busy="true">Loading both people…</p> : null}
        {loaded && ev ? (
          <>
            <section className="merge-evidence" aria-label="What links them">
              <h3>What links them</h3>
              {ev.evidence.length > 0 ? (
                <ul>
                  {ev.evidence.map((x) => (
                    <li key={x}>{x}</li>
                  ))}
                </ul>
              ) : (
                <p>
                  They share no email, phone, profile or name: merge only if you know they are one person.
                </p>
              )}
              {ev.distinct ? (
                <p className="merge-caution">You said before that these two are different people.</p>
              ) : null}
            </section>
            <fieldset className="merge-sides">
              <legend>Who is kept?</legend>
              {loaded.people.map((p) => (
                <PersonSide key={p.id} person={p} kept={p.id === kept} onKeep={() => setKept(p.id)} />
              ))}
            </fieldset>
            {survivor && other ? (
              <p className="small">
                {other.name} goes into {survivor.name}: contact points, tags and time logged move over, and
                details {survivor.name.split(' ')[0]} lacks are filled in. Nothing is lost: you can unmerge
                from {survivor.name.split(' ')[0]}’s page.
              </p>
            ) : null}
          </>
        ) : null}
        {problem ? (
          <p className="form-error" role="alert">
            {problem}
          </p>
        ) : null}
        <footer className="dialog-foot">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy || !survivor || !other}>
            {other && survivor ? `Merge into ${survivor.name}` : 'Merge'}
          </button>
        </footer>
      </form>
    </dialog>
  );
}
