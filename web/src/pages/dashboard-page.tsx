import { useState } from 'react';
import type { FormEvent } from 'react';
import { apiSend } from '../api/client.ts';
import type { Dashboard, DemoResult, EntryPage, Settings, TimeSplit } from '../api/types.ts';
import { ledgerChanged, useApi } from '../api/use-api.ts';
import { MonthChart, SplitBar, TargetBar } from '../components/charts.tsx';
import { CircleChip, VerdictChip } from '../components/chips.tsx';
import { Field } from '../components/field.tsx';
import { InsightPanels } from '../components/insight-panels.tsx';
import { minutes, monthLabel, percent, plural } from '../format.ts';
import { useOpenLog } from '../log-context.ts';
import { Link } from '../router.tsx';

type Span = 'month' | 'year';

/** Where the owner stands this month, how the year went, and what needs attention. */
export function DashboardPage() {
  const settings = useApi<Settings>('/settings');
  const [span, setSpan] = useState<Span>('month');
  const dash = useApi<Dashboard>('/insights/dashboard', { top: 5, months: span === 'year' ? 12 : undefined });
  const unjudged = useApi<EntryPage>('/entries', { unjudged: true, limit: 1 });
  const openLog = useOpenLog();

  const failure = settings.error ?? dash.error;
  if (failure) {
    return (
      <section className="page">
        <h1>Dashboard</h1>
        <p className="form-error" role="alert">
          {failure.message}
        </p>
      </section>
    );
  }
  const s = settings.data;
  const d = dash.data;
  if (!s || !d) return <div className="page loading-page" aria-busy="true" />;

  if (
    !s.initializedAt &&
    !s.purpose &&
    d.target.trailing.every((m) => m.networkingMinutes === 0) &&
    d.time.totals.entries === 0
  ) {
    return <Welcome />;
  }

  const t = d.target;
  const waiting = unjudged.data?.total ?? 0;
  const expected = t.pace ? Math.round((t.targetMinutes * t.pace.elapsedDays) / t.pace.daysInMonth) : null;
  const daysLeft = t.pace ? t.pace.daysInMonth - t.pace.elapsedDays : 0;
  let paceText: string;
  let paceClass: string;
  if (t.met) {
    paceText = `Target met${t.networkingMinutes > t.targetMinutes ? `, ${minutes(t.networkingMinutes - t.targetMinutes)} beyond it` : ''}.`;
    paceClass = 'met';
  } else if (t.pace?.onTrack) {
    paceText = `On pace for ${minutes(t.pace.projectedMinutes)}: ${minutes(t.remainingMinutes)} to go, ${plural(daysLeft, 'day')} left.`;
    paceClass = 'ahead';
  } else if (t.pace) {
    paceText = `Behind pace, heading for ${minutes(t.pace.projectedMinutes)}: ${minutes(t.remainingMinutes)} to go, ${plural(daysLeft, 'day')} left.`;
    paceClass = 'behind';
  } else {
    paceText = `${minutes(t.remainingMinutes)} short of the target.`;
    paceClass = 'behind';
  }

  return (
    <section className="page dashboard" data-ready="true" aria-labelledby="dash-title">
      <header className="page-head">
        <div>
          <h1 id="dash-title">{monthLabel(t.month, true)}</h1>
          {s.purpose ? (
            <p className="purpose-line">{s.purpose}</p>
          ) : (
            <p className="purpose-line muted">
              <Link to="/goals">State your purpose</Link> so Fathom can measure time against it.
            </p>
          )}
        </div>
      </header>

      {d.audit.warnings.length > 0 ? (
        <ul className="warnings" aria-label="Worth a look">
          {d.audit.warnings.map((w) => (
            <li key={w.code + (w.dimension ?? '')}>
              {w.message} <Link to="/audit">See the circle audit</Link>
            </li>
          ))}
        </ul>
      ) : null}

      <div className="dash-grid">
        <article className="card hero" aria-labelledby="hero-title">
          <h2 id="hero-title" className="card-title">
            Networking this month
          </h2>
          <p className="hero-figure" data-testid="month-networking">
            <strong>{minutes(t.networkingMinutes)}</strong>
            <span className="muted"> of {minutes(t.targetMinutes)}</span>
          </p>
          <TargetBar value={t.networkingMinutes} target={t.targetMinutes} pace={expected} />
          <p className={`pace ${paceClass}`}>{paceText}</p>
          <p className="muted small">
            {percent(Math.min(t.progress, 9.99))} of the target
            {t.streak > 0 ? ` · met ${plural(t.streak, 'month')} in a row` : ''}
            {t.unjudged.entries > 0 ? ` · ${minutes(t.unjudged.minutes)} this month not yet judged` : ''}
          </p>
        </article>

        <article
          className={`card queue-card${waiting > 0 ? ' attention' : ''}`}
          aria-labelledby="queue-title"
        >
          <h2 id="queue-title" className="card-title">
            Review queue
          </h2>
          {waiting > 0 ? (
            <>
              <p className="hero-figure">
                <strong data-testid="unjudged-count">{waiting.toLocaleString('en')}</strong>
                <span className="muted"> {waiting === 1 ? 'entry waits' : 'entries wait'} for a verdict</span>
              </p>
              <p className="small muted">Unjudged time counts toward nothing until you say what it was.</p>
              <Link to="/review" className="button">
                Judge them now
              </Link>
            </>
          ) : (
            <>
              <p className="hero-figure">
                <strong data-testid="unjudged-count">0</strong>
                <span className="muted"> waiting</span>
              </p>
              <p className="small muted">
                Every entry has a kind and a verdict. Imported calendars will land here.
              </p>
              <button type="button" className="button" onClick={() => openLog()}>
                Log time <kbd>L</kbd>
              </button>
            </>
          )}
        </article>

        <article className="card wide" aria-labelledby="year-title">
          <h2 id="year-title" className="card-title">
            Networking, the last twelve months
          </h2>
          <MonthChart months={t.trailing} title="Networking by month against the monthly target" />
          <ul className="legend inline">
            <li>
              <span className="swatch state-met" aria-hidden="true" /> Target met
            </li>
            <li>
              <span className="swatch state-missed" aria-hidden="true" /> Missed
            </li>
            <li>
              <span className="swatch state-in_progress" aria-hidden="true" /> This month so far
            </li>
            <li>
              <span className="swatch target" aria-hidden="true" /> Monthly target
            </li>
          </ul>
        </article>

        <article className="card wide" aria-labelledby="where-title">
          <div className="card-head">
            <h2 id="where-title" className="card-title">
              Where the time goes
            </h2>
            <div className="tabs" role="group" aria-label="Period">
              <button type="button" aria-pressed={span === 'month'} onClick={() => setSpan('month')}>
                This month
              </button>
              <button type="button" aria-pressed={span === 'year'} onClick={() => setSpan('year')}>
                12 months
              </button>
            </div>
          </div>
          <Breakdown time={d.time} />
        </article>

        <InsightPanels />
      </div>
    </section>
  );
}

const circleNames = ['inner', 'network', 'acquaintance', 'social', 'unsorted'] as const;

function Breakdown({ time }: { time: TimeSplit }) {
  if (time.totals.entries === 0) {
    return (
      <p className="empty">
        Nothing logged in this period yet. Press <kbd>L</kbd> after your next coffee, call or meeting — it
        takes seconds.
      </p>
    );
  }
  const goals = time.byGoal.filter((g) => g.minutes > 0);
  return (
    <div className="breakdown">
      <SplitBar
        label="Networking or socializing"
        segments={[
          {
            key: 'n',
            label: 'Networking',
            value: time.byMode.networking.minutes,
            className: 'mode-networking',
          },
          {
            key: 's',
            label: 'Socializing',
            value: time.byMode.socializing.minutes,
            className: 'mode-socializing',
          },
          {
            key: 'u',
            label: 'Not yet judged',
            value: time.byMode.unjudged.minutes,
            className: 'mode-unjudged',
          },
        ]}
      />
      <SplitBar
        label="Forward or back"
        segments={[
          { key: 'f', label: 'Forward', value: time.byVerdict.forward.minutes, className: 'verdict-forward' },
          { key: 'b', label: 'Back', value: time.byVerdict.back.minutes, className: 'verdict-back' },
          {
            key: 'u',
            label: 'Not yet judged',
            value: time.byVerdict.unjudged.minutes,
            className: 'mode-unjudged',
          },
        ]}
      />
      <SplitBar
        label="By circle (time with each person)"
        segments={circleNames.map((k) => ({
          key: k,
          label: `${k[0]?.toUpperCase()}${k.slice(1)}`,
          value: time.byCircle[k].minutes,
          className: `circle-${k}`,
        }))}
      />
      {goals.length > 0 ? (
        <div className="goal-split">
          <h3>Networking by goal</h3>
          <ul className="legend">
            {goals.map((g) => (
              <li key={g.goalId ?? 'none'}>
                <span
                  className={`swatch ${g.goalId === null ? 'mode-unjudged' : 'mode-networking'}`}
                  aria-hidden="true"
                />
                <span className="legend-label">{g.goalId === null ? 'No goal named' : g.title}</span>
                <span className="legend-value">{minutes(g.minutes)}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="goal-split">
        <h3>Weekends</h3>
        <p className="small">
          {minutes(time.weekends.minutes)} on Saturdays and Sundays,{' '}
          {minutes(time.weekendSocializing.minutes)} of it socializing.
          {time.weekendSocializing.packed ? ' Most of your socializing is packed into weekends.' : ''}
        </p>
      </div>
      {time.topPeople.length > 0 ? (
        <div className="top-people">
          <h3>Most time with</h3>
          <ol>
            {time.topPeople.map((p) => (
              <li key={p.id}>
                <Link to={`/people/${p.id}`}>{p.name}</Link>
                <CircleChip circle={p.circle} />
                <VerdictChip verdict={p.verdict} />
                <span className="figure">{minutes(p.minutes)}</span>
                <span className="muted small">{percent(p.share)}</span>
              </li>
            ))}
          </ol>
        </div>
      ) : null}
    </div>
  );
}

/** The first visit: say what Fathom is for, ask for the purpose, or offer a demo to look around. */
function Welcome() {
  const [purpose, setPurpose] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await apiSend<Settings>('POST', '/init', { purpose: purpose.trim() });
      ledgerChanged();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const demo = async () => {
    setBusy(true);
    try {
      await apiSend<DemoResult>('POST', '/demo', {});
      ledgerChanged();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="page narrow welcome" aria-labelledby="welcome-title">
      <h1 id="welcome-title">Spend your time with people on purpose.</h1>
      <p className="lede">
        Fathom keeps an honest ledger of the hours you spend with whom. Each hour is either{' '}
        <span className="word-networking">networking</span> — it furthers what you are trying to do — or{' '}
        <span className="word-socializing">socializing</span>, and it either moves you{' '}
        <span className="word-forward">forward</span> or holds you <span className="word-back">back</span>.
      </p>
      <form className="card" onSubmit={submit}>
        <Field
          label="What is the one thing you are working toward?"
          error={error}
          hint="One sentence. You can change it any time."
        >
          {(p) => (
            <textarea
              {...p}
              rows={2}
              value={purpose}
              onChange={(e) => setPurpose(e.target.value)}
              placeholder="e.g. Build a studio that makes affordable research tools for small labs"
            />
          )}
        </Field>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy || purpose.trim() === ''}>
            Start my ledger
          </button>
          <button type="button" onClick={demo} disabled={busy}>
            Look around a demo ledger first
          </button>
        </div>
      </form>
      <ol className="steps">
        <li>
          <strong>State your purpose</strong> and a few goals under it.
        </li>
        <li>
          <strong>Add the people</strong> who matter — by hand, or import your contacts.
        </li>
        <li>
          <strong>Log time</strong> with <kbd>L</kbd> from anywhere. Aim for five hours of networking a month.
        </li>
      </ol>
    </section>
  );
}
