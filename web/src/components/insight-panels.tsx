import type { HoldingBackResult, InvestResult, KeepInTouchResult } from '../api/types.ts';
import { useApi } from '../api/use-api.ts';
import { dateLabel, minutes, percent, plural } from '../format.ts';
import { useOpenLog } from '../log-context.ts';
import { Link } from '../router.tsx';
import { CircleChip } from './chips.tsx';

/** The people the dashboard points at: overdue for contact, holding the owner back, worth investing in. */
export function InsightPanels() {
  const touch = useApi<KeepInTouchResult>('/insights/keep-in-touch', { days: 7, limit: 6 });
  const back = useApi<HoldingBackResult>('/insights/holding-back', {});
  const invest = useApi<InvestResult>('/insights/invest', { limit: 5 });
  const openLog = useOpenLog();

  return (
    <>
      <article className="card" aria-labelledby="touch-title">
        <h2 id="touch-title" className="card-title">
          Keep in touch
        </h2>
        {!touch.data ? (
          <p className="muted small">{touch.error?.message ?? 'Loading…'}</p>
        ) : touch.data.overdueTotal === 0 ? (
          <p className="empty small">
            Nobody is overdue.{' '}
            {touch.data.tracked === 0
              ? 'Put people in the inner circle (every 14 days) or network (every 30) to get reminders.'
              : `${plural(touch.data.tracked, 'person', 'people')} have a rhythm; ${touch.data.upcomingTotal} come due this week.`}
          </p>
        ) : (
          <>
            <p className="small muted">
              {plural(touch.data.overdueTotal, 'person', 'people')} overdue by the rhythm you chose.
            </p>
            <ul className="insight-list">
              {touch.data.overdue.map((p) => (
                <li key={p.id} className="touch-item">
                  <span>
                    <Link to={`/people/${p.id}`}>{p.name}</Link> <CircleChip circle={p.circle} />
                    <span className="why">
                      {p.overdueDays} days overdue · every {p.cadenceDays} days ·{' '}
                      {p.lastDay ? `last ${dateLabel(p.lastDay)}` : 'never logged'}
                    </span>
                  </span>
                  <button
                    type="button"
                    className="pill"
                    onClick={() => openLog([{ id: p.id, name: p.name }])}
                    aria-label={`Log time with ${p.name}`}
                  >
                    Log
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </article>

      <article className="card" aria-labelledby="back-title">
        <h2 id="back-title" className="card-title">
          Holding you back
        </h2>
        {!back.data ? (
          <p className="muted small">{back.error?.message ?? 'Loading…'}</p>
        ) : back.data.people.length === 0 ? (
          <p className="empty small">
            Over {back.data.period.label}, nobody who takes a real share of your time mostly holds you back.
          </p>
        ) : (
          <>
            <p className="small muted">
              People with much of your {minutes(back.data.ownerMinutes)} over {back.data.period.label}, mostly
              judged back.
            </p>
            <ul className="insight-list">
              {back.data.people.slice(0, 5).map((p) => (
                <li key={p.id}>
                  <Link to={`/people/${p.id}`}>{p.name}</Link> <CircleChip circle={p.circle} />{' '}
                  <span className="figure verdict-back-text">{percent(p.share)}</span>
                  <span className="why">{p.reasons.join('; ')}</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </article>

      <article className="card wide" aria-labelledby="invest-title">
        <h2 id="invest-title" className="card-title">
          Worth more of your time
        </h2>
        {!invest.data ? (
          <p className="muted small">{invest.error?.message ?? 'Loading…'}</p>
        ) : invest.data.people.length === 0 ? (
          <p className="empty small">
            Nobody you have reason to invest in is neglected. Mark the people you aspire to, or who are ahead
            of you, and Fathom will tell you when they slip.
          </p>
        ) : (
          <ul className="insight-list invest-list">
            {invest.data.people.map((p) => (
              <li key={p.id}>
                <Link to={`/people/${p.id}`}>{p.name}</Link> <CircleChip circle={p.circle} />
                {p.aspire ? (
                  <span className="aspire" title="You aspire to be like them">
                    ★
                  </span>
                ) : null}
                <span className="why">{p.reasons.join('; ')}</span>
              </li>
            ))}
          </ul>
        )}
      </article>
    </>
  );
}
