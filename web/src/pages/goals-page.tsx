import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { apiSend } from '../api/client.ts';
import { fieldErrors } from '../api/field-errors.ts';
import type { Goal, IntroductionsResult, PurposeMatches, Settings } from '../api/types.ts';
import { ledgerChanged, useApi } from '../api/use-api.ts';
import { Field } from '../components/field.tsx';
import { CircleChip } from '../components/chips.tsx';
import { showToast } from '../components/toasts.tsx';
import { Link } from '../router.tsx';
import { dateLabel, plural } from '../format.ts';

/** The one central aim and the concrete goals under it; every hour is measured against them. */
export default function GoalsPage() {
  const settings = useApi<Settings>('/settings');
  const goals = useApi<Goal[]>('/goals', { all: true });
  const [purpose, setPurpose] = useState<string | null>(null);
  const [purposeError, setPurposeError] = useState<unknown>();
  const [title, setTitle] = useState('');
  const [goalError, setGoalError] = useState<unknown>();

  useEffect(() => {
    if (settings.data && purpose === null) setPurpose(settings.data.purpose ?? '');
  }, [settings.data, purpose]);

  const savePurpose = async (e: FormEvent) => {
    e.preventDefault();
    setPurposeError(undefined);
    try {
      await apiSend('PATCH', '/settings', { purpose: (purpose ?? '').trim() });
      ledgerChanged();
      showToast('Purpose saved.');
    } catch (err) {
      setPurposeError(err);
    }
  };

  const addGoal = async (e: FormEvent) => {
    e.preventDefault();
    setGoalError(undefined);
    try {
      await apiSend('POST', '/goals', { title });
      setTitle('');
      ledgerChanged();
    } catch (err) {
      setGoalError(err);
    }
  };

  const finish = async (g: Goal) => {
    try {
      await apiSend('POST', '/goals/done', { goal: `#${g.id}` });
      ledgerChanged();
      showToast(`Done: ${g.title}. Well earned.`);
    } catch (err) {
      showToast(err instanceof Error ? err.message : String(err));
    }
  };

  const open = (goals.data ?? []).filter((g) => g.status === 'open');
  const finished = (goals.data ?? []).filter((g) => g.status === 'done');
  const pErr = fieldErrors(purposeError, ['purpose']);
  const gErr = fieldErrors(goalError, ['title']);

  return (
    <section className="page narrow" aria-labelledby="goals-title">
      <header className="page-head">
        <h1 id="goals-title">Purpose & goals</h1>
      </header>
      <form className="card" onSubmit={savePurpose}>
        <Field
          label="Your purpose — the one thing"
          error={pErr.byField.purpose ?? pErr.form}
          hint="Networking is time that furthers this. Keep it to a sentence you would say out loud."
        >
          {(p) => (
            <textarea
              {...p}
              rows={3}
              className="purpose-input"
              value={purpose ?? ''}
              onChange={(e) => setPurpose(e.target.value)}
            />
          )}
        </Field>
        <div className="actions">
          <button
            type="submit"
            className="primary"
            disabled={purpose === null || purpose.trim() === (settings.data?.purpose ?? '')}
          >
            Save purpose
          </button>
        </div>
      </form>

      <section className="card" aria-labelledby="open-goals">
        <h2 id="open-goals" className="card-title">
          Goals under it
        </h2>
        {open.length === 0 ? (
          <p className="muted">
            No open goals. Name two or three concrete ones — “close the seed round”, “ship the beta” — and tag
            the entries that serve them when you log.
          </p>
        ) : (
          <ul className="goal-list">
            {open.map((g) => (
              <li key={g.id}>
                <span className="goal-title">{g.title}</span>
                <button type="button" className="link-button" onClick={() => void finish(g)}>
                  Mark done
                </button>
              </li>
            ))}
          </ul>
        )}
        <form className="inline-form" onSubmit={addGoal}>
          <Field label="New goal" error={gErr.byField.title ?? gErr.form}>
            {(p) => (
              <input
                {...p}
                type="text"
                value={title}
                onChange={(e) => setTitle(e.target.value)}
                placeholder="e.g. Sign three design-partner labs"
              />
            )}
          </Field>
          <button type="submit" disabled={title.trim() === ''}>
            Add goal
          </button>
        </form>
      </section>

      <CommonPurpose hasPurpose={Boolean(settings.data?.purpose) || open.length > 0} />

      {finished.length > 0 ? (
        <section className="card" aria-labelledby="done-goals">
          <h2 id="done-goals" className="card-title">
            Done
          </h2>
          <ul className="goal-list done">
            {finished.map((g) => (
              <li key={g.id}>
                <span className="goal-title">{g.title}</span>
                <span className="muted small">
                  {g.doneAt ? `done ${dateLabel(g.doneAt.slice(0, 10))}` : 'done'}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  );
}

/** The people whose own purpose matches the owner's, and pairs who should meet each other. */
function CommonPurpose({ hasPurpose }: { hasPurpose: boolean }) {
  const matches = useApi<PurposeMatches>(hasPurpose ? '/insights/purpose-matches' : null, { limit: 12 });
  const intros = useApi<IntroductionsResult>('/insights/introductions', { limit: 6 });
  return (
    <>
      <section className="card" aria-labelledby="matches-title">
        <h2 id="matches-title" className="card-title">
          People of common purpose
        </h2>
        {!hasPurpose ? (
          <p className="muted">
            Write your purpose above and Fathom will find the people whose own aims match it.
          </p>
        ) : !matches.data ? (
          <p className="muted small">{matches.error?.message ?? 'Loading…'}</p>
        ) : matches.data.matches.length === 0 ? (
          <p className="muted">
            Nobody yet. Record what people are working toward on their pages; matches are found in their
            purpose, tags, title and notes.
          </p>
        ) : (
          <>
            <p className="small muted">
              {plural(matches.data.matching, 'person', 'people')} of{' '}
              {matches.data.scored.toLocaleString('en')} share words with your purpose and goals.
            </p>
            <ul className="insight-list">
              {matches.data.matches.map((m) => (
                <li key={m.id}>
                  <Link to={`/people/${m.id}`}>{m.name}</Link> <CircleChip circle={m.circle} />
                  <span className="why">
                    {m.purpose ? `“${m.purpose}” · ` : ''}matched {m.matched.map((t) => t.term).join(', ')}
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <section className="card" aria-labelledby="intros-title">
        <h2 id="intros-title" className="card-title">
          Introductions to make
        </h2>
        {!intros.data ? (
          <p className="muted small">{intros.error?.message ?? 'Loading…'}</p>
        ) : intros.data.pairs.length === 0 ? (
          <p className="muted">
            No two people share enough of a purpose yet. Give people purposes and tags to find pairs.
          </p>
        ) : (
          <ul className="insight-list">
            {intros.data.pairs.map((p) => (
              <li key={`${p.a.id}-${p.b.id}`}>
                <Link to={`/people/${p.a.id}`}>{p.a.name}</Link> and{' '}
                <Link to={`/people/${p.b.id}`}>{p.b.name}</Link>
                <span className="why">{p.reason}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
