import { useState } from 'react';
import type { FormEvent } from 'react';
import { apiSend } from '../api/client.ts';
import { fieldErrors } from '../api/field-errors.ts';
import type { Dashboard, ReviewKind, ReviewPrompt, StoredReview } from '../api/types.ts';
import { ledgerChanged, useApi } from '../api/use-api.ts';
import { Field } from '../components/field.tsx';
import { showToast } from '../components/toasts.tsx';
import { dateLabel, minutes, percent } from '../format.ts';
import { Link } from '../router.tsx';

/** A past review as the list gives it: everything but the figures. */
type PastReviewSummary = Omit<StoredReview, 'figures'>;

type Answers = Record<'forward' | 'heldBack' | 'aim' | 'commit', string>;
const empty: Answers = { forward: '', heldBack: '', aim: '', commit: '' };

function Figures({ figures }: { figures: Dashboard }) {
  const t = figures.time;
  return (
    <div className="stat-row">
      <div className="stat">
        <strong>{minutes(t.byMode.networking.minutes)}</strong>
        <span>networking</span>
      </div>
      <div className="stat">
        <strong>{minutes(t.byMode.socializing.minutes)}</strong>
        <span>socializing</span>
      </div>
      <div className="stat">
        <strong className="verdict-forward-text">{percent(t.byVerdict.forward.share)}</strong>
        <span>forward</span>
      </div>
      <div className="stat">
        <strong className="verdict-back-text">{percent(t.byVerdict.back.share)}</strong>
        <span>back</span>
      </div>
      <div className="stat">
        <strong>{t.byMode.unjudged.entries}</strong>
        <span>unjudged entries</span>
      </div>
    </div>
  );
}

/** Weekly and monthly reflection: a few pointed questions, answered next to the period's figures. */
export default function ReviewsPage() {
  const [kind, setKind] = useState<ReviewKind>('week');
  const [previous, setPrevious] = useState(false);
  const prompt = useApi<ReviewPrompt>('/reviews/questions', { period: kind, previous });
  const past = useApi<PastReviewSummary[]>('/reviews', { limit: 50 });
  const [answers, setAnswers] = useState<Answers>(empty);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [openId, setOpenId] = useState<number | null>(null);
  const errs = fieldErrors(error, ['forward', 'heldBack', 'aim', 'commit']);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const saved = await apiSend<StoredReview>('POST', '/reviews', { period: kind, previous, ...answers });
      setAnswers(empty);
      ledgerChanged();
      setOpenId(saved.id);
      showToast(`Review of ${dateLabel(saved.from)} to ${dateLabel(saved.to)} saved.`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const p = prompt.data;
  return (
    <section className="page narrow" aria-labelledby="reviews-title">
      <header className="page-head">
        <div>
          <h1 id="reviews-title">Reviews</h1>
          <p className="muted">
            A few minutes each week or month: look at where the time went, and decide what changes.
          </p>
        </div>
      </header>
      <div className="card">
        <div className="card-head">
          <div className="tabs" role="group" aria-label="Kind of review">
            <button type="button" aria-pressed={kind === 'week'} onClick={() => setKind('week')}>
              Weekly
            </button>
            <button type="button" aria-pressed={kind === 'month'} onClick={() => setKind('month')}>
              Monthly
            </button>
          </div>
          <div className="tabs" role="group" aria-label="Which period">
            <button type="button" aria-pressed={!previous} onClick={() => setPrevious(false)}>
              This {kind}
            </button>
            <button type="button" aria-pressed={previous} onClick={() => setPrevious(true)}>
              Last {kind}
            </button>
          </div>
        </div>
        {p ? (
          <>
            <h2 className="review-period">
              {dateLabel(p.period.from)} – {dateLabel(p.period.to)}
            </h2>
            <Figures figures={p.figures} />
            {p.figures.time.topPeople.length > 0 ? (
              <p className="small muted">
                Most time with{' '}
                {p.figures.time.topPeople.slice(0, 4).map((person, i) => (
                  <span key={person.id}>
                    {i > 0 ? ', ' : ''}
                    <Link to={`/people/${person.id}`}>{person.name}</Link> ({minutes(person.minutes)})
                  </span>
                ))}
                .
              </p>
            ) : (
              <p className="small muted">Nothing logged in this period yet.</p>
            )}
            <form onSubmit={submit} noValidate className="review-form">
              {p.questions.map((q) => (
                <Field key={q.key} label={q.question} error={errs.byField[q.key]} className="question">
                  {(a) => (
                    <textarea
                      {...a}
                      rows={3}
                      value={answers[q.key]}
                      onChange={(e) => setAnswers({ ...answers, [q.key]: e.target.value })}
                    />
                  )}
                </Field>
              ))}
              {errs.form ? (
                <p className="form-error" role="alert">
                  {errs.form}
                </p>
              ) : null}
              <div className="actions">
                <button type="submit" className="primary" disabled={busy}>
                  Save this review
                </button>
                <span className="muted small">
                  The figures above are kept with your answers, as they are today.
                </span>
              </div>
            </form>
          </>
        ) : (
          <p className="muted">{prompt.error?.message ?? 'Loading…'}</p>
        )}
      </div>

      <section className="card" aria-labelledby="past-title">
        <h2 id="past-title" className="card-title">
          Past reviews
        </h2>
        {past.data && past.data.length === 0 ? (
          <p className="muted">None yet. The first one takes five minutes; the tenth shows you a pattern.</p>
        ) : (
          <ul className="review-list">
            {(past.data ?? []).map((r) => (
              <li key={r.id}>
                <button
                  type="button"
                  className="link-button"
                  aria-expanded={openId === r.id}
                  onClick={() => setOpenId(openId === r.id ? null : r.id)}
                >
                  {r.kind === 'week' ? 'Week' : 'Month'} of {dateLabel(r.from)} – {dateLabel(r.to)}
                </button>
                {openId === r.id ? <PastReview summary={r} /> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}

/** One past review, read whole: the list carries only the answers, the figures come with the review itself. */
function PastReview({ summary }: { summary: PastReviewSummary }) {
  const full = useApi<StoredReview>(`/reviews/${summary.id}`);
  const labels: Record<string, string> = {
    forward: 'What moved you forward',
    heldBack: 'Who held you back',
    aim: 'Does the network serve the aim',
    commit: 'What you committed to',
  };
  const figures = full.data?.figures as Dashboard | null | undefined;
  return (
    <div className="past-review">
      {figures?.time ? (
        <Figures figures={figures} />
      ) : (
        <p className="muted small">
          {full.error ? full.error.message : full.data ? '' : 'Loading the figures…'}
        </p>
      )}
      <dl className="facts stacked">
        {Object.entries(summary.answers).map(([key, text]) => (
          <div key={key}>
            <dt>{labels[key] ?? key}</dt>
            <dd className="notes">{text}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
