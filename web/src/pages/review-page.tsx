import { useEffect, useState } from 'react';
import { apiSend } from '../api/client.ts';
import type { Entry, Mode, Verdict } from '../api/types.ts';
import { ledgerChanged, useApi } from '../api/use-api.ts';
import { channelLabels, dateLabel, minutes, plural } from '../format.ts';
import { editEntry } from '../log-context.ts';
import { Link } from '../router.tsx';
import { useKeys } from '../shortcuts.ts';
import { showToast } from '../components/toasts.tsx';

/** What Fathom would judge an entry and why, as `GET /entries/suggestions` gives it. */
interface Suggestion {
  mode: Mode | null;
  verdict: Verdict | null;
  goalId: number | null;
  goal: string | null;
  confidence: number;
  reasons: string[];
}

type SuggestedEntry = Entry & { suggestion: Suggestion | null };

interface SuggestedPage {
  entries: SuggestedEntry[];
  total: number;
}

interface Decision {
  entry: SuggestedEntry;
  mode: Mode;
  verdict: Verdict;
}

const modeNames: Record<Mode, string> = { networking: 'Networking', socializing: 'Socializing' };
const verdictNames: Record<Verdict, string> = { forward: 'Forward', back: 'Back' };

/** The review queue: every unjudged entry with a suggestion and why, one key per decision, with undo. */
export default function ReviewPage() {
  // Suggestions are read again after every decision, so judging one entry of a series informs the next.
  const q = useApi<SuggestedPage>('/entries/suggestions', { limit: 50 });
  const [done, setDone] = useState<Set<number>>(new Set());
  const [skipped, setSkipped] = useState<number[]>([]);
  const [history, setHistory] = useState<Decision[]>([]);
  const [mode, setMode] = useState<Mode | null>(null);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [busy, setBusy] = useState(false);

  const queue = (q.data?.entries ?? []).filter((e) => !done.has(e.id));
  // Skipped entries go to the back of the line.
  queue.sort((a, b) => skipped.indexOf(a.id) - skipped.indexOf(b.id));
  const current = queue[0];
  // Judged entries leave the server's count once it re-reads; until then, subtract them here.
  const stale = (q.data?.entries ?? []).filter((e) => done.has(e.id)).length;
  const remaining = Math.max(0, (q.data?.total ?? 0) - stale);

  useEffect(() => {
    setMode(current?.mode ?? null);
    setVerdict(current?.verdict ?? null);
  }, [current?.id]);

  const decide = async (m: Mode | null, v: Verdict | null, goalId: number | null = null) => {
    setMode(m);
    setVerdict(v);
    if (!current || !m || !v || busy) return;
    setBusy(true);
    try {
      await apiSend('POST', `/entries/${current.id}/judge`, {
        mode: m,
        verdict: v,
        ...(goalId !== null && current.goalId === null ? { goal: String(goalId) } : {}),
      });
      setDone((d) => new Set(d).add(current.id));
      setHistory((h) => [...h, { entry: current, mode: m, verdict: v }]);
      ledgerChanged();
    } catch (e) {
      showToast(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const undo = async () => {
    const last = history[history.length - 1];
    if (!last || busy) return;
    setBusy(true);
    try {
      // Judging back to `none` restores the entry exactly, without marking it edited by hand.
      await apiSend('POST', `/entries/${last.entry.id}/judge`, {
        mode: last.entry.mode ?? 'none',
        verdict: last.entry.verdict ?? 'none',
        goal: last.entry.goalId === null ? '' : String(last.entry.goalId),
      });
      setHistory((h) => h.slice(0, -1));
      setDone((d) => {
        const n = new Set(d);
        n.delete(last.entry.id);
        return n;
      });
      setSkipped((s) => s.filter((id) => id !== last.entry.id));
      ledgerChanged();
      showToast(`Undone: “${last.entry.title}” is back in the queue.`);
    } catch (e) {
      showToast(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const suggestion = current?.suggestion ?? null;
  const acceptable = Boolean((mode ?? suggestion?.mode) && (verdict ?? suggestion?.verdict));
  // Accepting keeps what was already chosen by hand and takes the rest from the suggestion.
  const accept = () => {
    if (!suggestion || !acceptable) return;
    const m = mode ?? suggestion.mode;
    void decide(m, verdict ?? suggestion.verdict, m === 'networking' ? suggestion.goalId : null);
  };

  const skip = () => {
    if (current) setSkipped((s) => [...s.filter((id) => id !== current.id), current.id]);
  };

  useKeys((key, e) => {
    const k = key.toLowerCase();
    if (k === 'n' || k === 's') {
      e.preventDefault();
      void decide(k === 'n' ? 'networking' : 'socializing', verdict);
    } else if (k === 'f' || k === 'b') {
      e.preventDefault();
      void decide(mode, k === 'f' ? 'forward' : 'back');
    } else if (
      k === 'a' ||
      (key === 'Enter' && !(e.target instanceof HTMLButtonElement || e.target instanceof HTMLAnchorElement))
    ) {
      e.preventDefault();
      accept();
    } else if (k === 'u') {
      e.preventDefault();
      void undo();
    } else if (k === 'j' || key === 'ArrowRight') {
      e.preventDefault();
      skip();
    }
  });

  return (
    <section className="page narrow review-page" aria-labelledby="review-title">
      <header className="page-head">
        <div>
          <h1 id="review-title">Review queue</h1>
          <p className="muted" aria-live="polite">
            {q.data
              ? remaining > 0
                ? `${plural(remaining, 'entry', 'entries')} to judge`
                : 'All judged'
              : 'Loading…'}
            {history.length > 0 ? ` · ${history.length} judged just now` : ''}
          </p>
        </div>
      </header>
      <p className="keys-legend" aria-label="Keys">
        <kbd>a</kbd> accept suggestion · <kbd>n</kbd> networking · <kbd>s</kbd> socializing · <kbd>f</kbd>{' '}
        forward · <kbd>b</kbd> back · <kbd>u</kbd> undo · <kbd>j</kbd> skip
      </p>

      {q.data && !current ? (
        <div className="empty-state done">
          <h2>Nothing waits for a verdict</h2>
          <p>
            Entries land here when they arrive without one — from a calendar import, or when you log in a
            hurry. Every hour gets a kind and a verdict; there is no neutral.
          </p>
          <p>
            <Link to="/">Back to the dashboard</Link>
            {history.length > 0 ? (
              <>
                {' '}
                ·{' '}
                <button type="button" className="link-button" onClick={() => void undo()}>
                  Undo the last one
                </button>
              </>
            ) : null}
          </p>
        </div>
      ) : null}

      {current ? (
        <article
          className="card review-card"
          aria-labelledby="review-entry-title"
          aria-busy={busy}
          data-entry-id={current.id}
        >
          <p className="review-when">
            {dateLabel(current.localDate)} · {current.allDay ? 'all day' : minutes(current.minutes)}
            {current.channel ? ` · ${channelLabels[current.channel] ?? current.channel}` : ''}
            {current.source !== 'manual' && current.source !== 'demo' ? (
              <span className="provenance"> {current.source.replace(/^import:/, 'import #')}</span>
            ) : null}
          </p>
          <h2 id="review-entry-title" className="review-title">
            {current.title}
          </h2>
          {current.people.length > 0 ? (
            <p className="review-people">
              with{' '}
              {current.people.map((p, i) => (
                <span key={p.id}>
                  {i > 0 ? ', ' : ''}
                  <Link to={`/people/${p.id}`}>{p.name}</Link>
                </span>
              ))}
            </p>
          ) : (
            <p className="review-people muted">with nobody named</p>
          )}
          {current.notes ? <p className="entry-notes">{current.notes}</p> : null}
          {suggestion && (suggestion.mode || suggestion.verdict) ? (
            <section className="review-suggestion" aria-label="Suggestion">
              <p className="review-suggestion-what">
                <span className="muted">Suggested:</span>{' '}
                <strong>
                  {[
                    suggestion.mode ? modeNames[suggestion.mode] : null,
                    suggestion.verdict ? verdictNames[suggestion.verdict] : null,
                    suggestion.goal ? `for “${suggestion.goal}”` : null,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </strong>{' '}
                <span className="muted">({Math.round(suggestion.confidence * 100)}% sure)</span>{' '}
                <button type="button" className="link-button" disabled={!acceptable} onClick={accept}>
                  <kbd>a</kbd> Accept
                </button>
              </p>
              <ul className="review-suggestion-why">
                {suggestion.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            </section>
          ) : (
            <p className="review-suggestion muted">
              No suggestion yet: nothing in your ledger speaks for one.
            </p>
          )}
          <div className="decision-rows">
            <div className="decision" role="group" aria-label="Kind">
              <button
                type="button"
                className={`decide mode-networking${mode === 'networking' ? ' on' : ''}`}
                aria-pressed={mode === 'networking'}
                onClick={() => void decide('networking', verdict)}
              >
                <kbd>n</kbd> Networking
                <span className="decide-help">it furthered my purpose</span>
              </button>
              <button
                type="button"
                className={`decide mode-socializing${mode === 'socializing' ? ' on' : ''}`}
                aria-pressed={mode === 'socializing'}
                onClick={() => void decide('socializing', verdict)}
              >
                <kbd>s</kbd> Socializing
                <span className="decide-help">mixing and mingling</span>
              </button>
            </div>
            <div className="decision" role="group" aria-label="Verdict">
              <button
                type="button"
                className={`decide verdict-forward${verdict === 'forward' ? ' on' : ''}`}
                aria-pressed={verdict === 'forward'}
                onClick={() => void decide(mode, 'forward')}
              >
                <kbd>f</kbd> Forward
                <span className="decide-help">it moved me toward it</span>
              </button>
              <button
                type="button"
                className={`decide verdict-back${verdict === 'back' ? ' on' : ''}`}
                aria-pressed={verdict === 'back'}
                onClick={() => void decide(mode, 'back')}
              >
                <kbd>b</kbd> Back
                <span className="decide-help">it held me back</span>
              </button>
            </div>
          </div>
          <footer className="review-foot">
            <span className="review-foot-group">
              <button type="button" className="link-button" onClick={skip}>
                Skip for now
              </button>
              <button
                type="button"
                className="link-button"
                onClick={() => editEntry(current)}
                aria-label={`Edit “${current.title}”`}
              >
                Edit people, time or notes
              </button>
            </span>
            <button
              type="button"
              className="link-button"
              disabled={history.length === 0}
              onClick={() => void undo()}
            >
              Undo last
            </button>
          </footer>
        </article>
      ) : null}

      {queue.length > 1 ? (
        <section className="up-next" aria-labelledby="next-title">
          <h2 id="next-title" className="card-title">
            Up next
          </h2>
          <ul>
            {queue.slice(1, 6).map((e) => (
              <li key={e.id}>
                <span className="muted">{dateLabel(e.localDate)}</span> {e.title}{' '}
                <span className="muted">· {minutes(e.minutes)}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  );
}
