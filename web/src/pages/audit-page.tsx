import { useState } from 'react';
import type { CircleAudit, HoldingBackResult, InvestResult, StandingMix } from '../api/types.ts';
import { useApi } from '../api/use-api.ts';
import { SplitBar } from '../components/charts.tsx';
import { CircleChip, VerdictChip } from '../components/chips.tsx';
import { capitalize, standingDimensions } from '../components/vocabulary.ts';
import { minutes, percent, plural } from '../format.ts';
import { Link } from '../router.tsx';

type AuditResult = CircleAudit & { period: { from: string; to: string; label: string } };

const spans: [string, string, number][] = [
  ['month', 'This month', 1],
  ['quarter', '3 months', 3],
  ['year', '12 months', 12],
];

function standingSegments(mix: StandingMix) {
  return [
    { key: 'ahead', label: 'Ahead of you', value: mix.ahead.minutes, className: 'verdict-forward' },
    { key: 'alongside', label: 'Alongside', value: mix.alongside.minutes, className: 'mode-networking' },
    { key: 'behind', label: 'Behind you', value: mix.behind.minutes, className: 'mode-socializing' },
    { key: 'unknown', label: 'Not placed', value: mix.unknown.minutes, className: 'mode-unjudged' },
  ];
}

/** Who the time goes to, weighted by minutes: standing, verdicts, the inner circle, and who to change. */
export default function AuditPage() {
  const [span, setSpan] = useState('quarter');
  const months = spans.find((s) => s[0] === span)?.[2] ?? 3;
  const audit = useApi<AuditResult>('/insights/audit', { months });
  const back = useApi<HoldingBackResult>('/insights/holding-back', { months });
  const invest = useApi<InvestResult>('/insights/invest', { months, limit: 8 });
  const a = audit.data;

  return (
    <section className="page" aria-labelledby="audit-title">
      <header className="page-head">
        <div>
          <h1 id="audit-title">Circle audit</h1>
          <p className="muted">
            {a
              ? `${a.period.from} to ${a.period.to} · ${minutes(a.personMinutes)} of time with people`
              : 'Loading…'}
          </p>
        </div>
        <div className="tabs" role="group" aria-label="Period">
          {spans.map(([key, label]) => (
            <button key={key} type="button" aria-pressed={span === key} onClick={() => setSpan(key)}>
              {label}
            </button>
          ))}
        </div>
      </header>
      {audit.error ? (
        <p className="form-error" role="alert">
          {audit.error.message}
        </p>
      ) : null}
      {a ? (
        <>
          {a.warnings.length > 0 ? (
            <ul className="warnings" aria-label="What looks wrong">
              {a.warnings.map((w) => (
                <li key={w.code + (w.dimension ?? '')}>{w.message}</li>
              ))}
            </ul>
          ) : null}
          <div className="dash-grid">
            <article className="card" aria-labelledby="inner-title">
              <h2 id="inner-title" className="card-title">
                Inner circle
              </h2>
              <p className="hero-figure">
                <strong className={a.inner.over ? 'verdict-back-text' : undefined}>{a.inner.size}</strong>
                <span className="muted"> of at most {a.inner.cap} true friends</span>
              </p>
              {a.inner.people.length > 0 ? (
                <p>
                  {a.inner.people.map((p, i) => (
                    <span key={p.id}>
                      {i > 0 ? ', ' : ''}
                      <Link to={`/people/${p.id}`}>{p.name}</Link>
                    </span>
                  ))}
                </p>
              ) : (
                <p className="muted">
                  Nobody yet. The inner circle is for the very few who are truly on your side.
                </p>
              )}
              {a.inner.over ? (
                <p className="small">
                  True friends are few. Who among them belongs in <em>network</em> instead?
                </p>
              ) : null}
            </article>

            <article className="card" aria-labelledby="people-verdict-title">
              <h2 id="people-verdict-title" className="card-title">
                Time by your verdict on each person
              </h2>
              <SplitBar
                label="Forward, back or not yet judged"
                segments={[
                  {
                    key: 'f',
                    label: 'Move you forward',
                    value: a.personVerdict.forward.minutes,
                    className: 'verdict-forward',
                  },
                  {
                    key: 'b',
                    label: 'Hold you back',
                    value: a.personVerdict.back.minutes,
                    className: 'verdict-back',
                  },
                  {
                    key: 'u',
                    label: 'Not yet judged',
                    value: a.personVerdict.unjudged.minutes,
                    className: 'mode-unjudged',
                  },
                ]}
              />
            </article>

            <article className="card wide" aria-labelledby="standing-title">
              <h2 id="standing-title" className="card-title">
                Are you spending time with people ahead of you?
              </h2>
              <div className="breakdown four">
                {standingDimensions.map((d) => (
                  <SplitBar key={d} label={capitalize(d)} segments={standingSegments(a.standing[d])} />
                ))}
              </div>
            </article>

            <article className="card wide" aria-labelledby="sort-title">
              <h2 id="sort-title" className="card-title">
                Not yet placed
              </h2>
              <p>
                {plural(a.unsorted.unsortedCircle, 'person', 'people')} unsorted and{' '}
                {plural(a.unsorted.noVerdict, 'person', 'people')} without a verdict.{' '}
                <Link to="/triage">Sort them in triage</Link>.
              </p>
              {a.unsorted.withTime.length > 0 ? (
                <>
                  <p className="small muted">These took time in the period without being placed:</p>
                  <ul className="insight-list">
                    {a.unsorted.withTime.map((p) => (
                      <li key={p.id}>
                        <Link to={`/people/${p.id}`}>{p.name}</Link> <CircleChip circle={p.circle} />{' '}
                        <VerdictChip verdict={p.verdict} />{' '}
                        <span className="figure">{minutes(p.minutes)}</span>
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
            </article>

            <article className="card" aria-labelledby="audit-back-title">
              <h2 id="audit-back-title" className="card-title">
                Holding you back
              </h2>
              {back.data && back.data.people.length === 0 ? (
                <p className="empty small">
                  Nobody with a real share of your time mostly holds you back. Keep it that way.
                </p>
              ) : (
                <ul className="insight-list">
                  {(back.data?.people ?? []).map((p) => (
                    <li key={p.id}>
                      <Link to={`/people/${p.id}`}>{p.name}</Link> <CircleChip circle={p.circle} />{' '}
                      <span className="figure verdict-back-text">{percent(p.share)}</span>
                      <span className="why">{p.reasons.join('; ')}</span>
                    </li>
                  ))}
                </ul>
              )}
            </article>

            <article className="card" aria-labelledby="audit-invest-title">
              <h2 id="audit-invest-title" className="card-title">
                Invest in
              </h2>
              {invest.data && invest.data.people.length === 0 ? (
                <p className="empty small">
                  Nobody you have reason to invest in is neglected. Mark people you aspire to, or who are
                  ahead of you.
                </p>
              ) : (
                <ul className="insight-list">
                  {(invest.data?.people ?? []).map((p) => (
                    <li key={p.id}>
                      <Link to={`/people/${p.id}`}>{p.name}</Link> <CircleChip circle={p.circle} />
                      <span className="why">{p.reasons.join('; ')}</span>
                    </li>
                  ))}
                </ul>
              )}
            </article>
          </div>
        </>
      ) : null}
    </section>
  );
}
