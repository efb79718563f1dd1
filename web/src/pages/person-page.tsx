import { useState } from 'react';
import type { FormEvent } from 'react';
import { apiSend } from '../api/client.ts';
import { fieldErrors } from '../api/field-errors.ts';
import type {
  Circle,
  EntryPage,
  PersonDetail,
  PersonResult,
  Standing,
  StandingDimension,
  Verdict,
} from '../api/types.ts';
import { ledgerChanged, useApi } from '../api/use-api.ts';
import { Avatar } from '../components/avatar.tsx';
import { EntryList } from '../components/entry-list.tsx';
import { Choice, Field } from '../components/field.tsx';
import { PersonDetailsCard, workText } from '../components/person-details.tsx';
import { MergedPerson, PersonMerges } from '../components/person-merges.tsx';
import { NamePartFields, namePartKeys, namePartValues } from '../components/person-name-fields.tsx';
import { showToast } from '../components/toasts.tsx';
import { capitalize, circleOptions, standingDimensions, standingValues } from '../components/vocabulary.ts';
import { addMonths, dateLabel, minutes, monthLabel, percent, sourceLabel } from '../format.ts';
import { useOpenLog } from '../log-context.ts';
import { Link } from '../router.tsx';

function birthdayText(b: PersonDetail['birthday']): string {
  if (!b) return '';
  const md = `${String(b.month).padStart(2, '0')}-${String(b.day).padStart(2, '0')}`;
  return b.year === undefined ? `--${md}` : `${b.year}-${md}`;
}

/** One person: who they are to you, where they stand, and every hour you spent together. */
export default function PersonPage({ id }: { id: number }) {
  const person = useApi<PersonDetail>(`/people/${id}`);
  const entries = useApi<EntryPage>('/entries', { person: `#${id}`, limit: 500 });
  const openLog = useOpenLog();
  const [editing, setEditing] = useState(false);

  if (person.error) {
    return (
      <section className="page narrow">
        <h1>Person not found</h1>
        <p>{person.error.message}</p>
        <p>
          <Link to="/people">Back to people</Link>
        </p>
      </section>
    );
  }
  const p = person.data;
  // A merged person's id still answers, with the person they were merged into.
  if (p && p.id !== id && !person.loading) return <MergedPerson id={id} survivor={p} />;
  if (!p || p.id !== id) return <div className="page loading-page" aria-busy="true" />;

  const save = async (body: Record<string, unknown>) => {
    try {
      const r = await apiSend<PersonResult>('PATCH', `/people/${id}`, body);
      for (const w of r.warnings) showToast(w);
      ledgerChanged();
    } catch (e) {
      showToast(e instanceof Error ? e.message : String(e));
    }
  };

  const t = p.totals;
  const role = workText(p);
  return (
    <article className="page person-page" aria-labelledby="person-name">
      <p className="breadcrumb">
        <Link to="/people">People</Link>
      </p>
      <header className="page-head person-head">
        <Avatar name={p.name} photo={p.photo} size="large" />
        <div className="person-title">
          <h1 id="person-name">
            {p.name}
            {p.aspire ? (
              <span className="aspire" title="You aspire to be like them">
                {' '}
                ★
              </span>
            ) : null}
          </h1>
          <p className="muted">
            {[role, p.location].filter(Boolean).join(' · ') || 'No title or organization yet.'}
          </p>
          {p.archivedAt ? <p className="tag archived">Archived</p> : null}
        </div>
        <div className="actions">
          <button type="button" className="primary" onClick={() => openLog([{ id: p.id, name: p.name }])}>
            Log time with {p.name.split(' ')[0]}
          </button>
          <button type="button" onClick={() => setEditing((e) => !e)} aria-expanded={editing}>
            {editing ? 'Close editor' : 'Edit details'}
          </button>
        </div>
      </header>

      {editing ? <PersonEditor person={p} onDone={() => setEditing(false)} /> : null}

      <div className="person-grid">
        <section className="card" aria-labelledby="rel-title">
          <h2 id="rel-title" className="card-title">
            Relationship
          </h2>
          <Choice
            legend="Circle"
            name="circle"
            compact
            value={p.circle}
            options={circleOptions.map((c) => ({
              value: c.value,
              label: c.label,
              className: `circle-${c.value}`,
            }))}
            onChange={(c: Circle) => void save({ circle: c })}
          />
          <Choice
            legend="Verdict — do they move you toward your purpose?"
            name="verdict"
            compact
            value={p.verdict}
            options={[
              { value: 'forward', label: 'Forward', className: 'verdict-forward' },
              { value: 'back', label: 'Holds me back', className: 'verdict-back' },
            ]}
            onChange={(v: Verdict) => void save({ verdict: v })}
          />
          <label className="check">
            <input
              type="checkbox"
              checked={p.aspire}
              onChange={(e) => void save({ aspire: e.target.checked })}
            />
            <span>I aspire to be like them</span>
          </label>
          <p className="small muted">
            Keep in touch:{' '}
            {p.cadenceDays === null
              ? 'the circle’s default'
              : p.cadenceDays === 0
                ? 'no reminders'
                : `every ${p.cadenceDays} days`}
          </p>
        </section>

        <section className="card" aria-labelledby="standing-title">
          <h2 id="standing-title" className="card-title">
            Where they stand, relative to you
          </h2>
          <div className="standing">
            {standingDimensions.map((d: StandingDimension) => (
              <Choice
                key={d}
                legend={capitalize(d)}
                name={`standing-${d}`}
                compact
                value={p.standing[d] ?? null}
                options={standingValues.map((s) => ({
                  value: s,
                  label: capitalize(s),
                  className: `standing-${s}`,
                }))}
                onChange={(s: Standing) => void save({ [d]: s })}
              />
            ))}
          </div>
        </section>

        <section className="card" aria-labelledby="time-title">
          <h2 id="time-title" className="card-title">
            Time together
          </h2>
          {t.entries === 0 ? (
            <p className="empty">
              Nothing logged with {p.name.split(' ')[0]} yet.{' '}
              <button
                type="button"
                className="link-button"
                onClick={() => openLog([{ id: p.id, name: p.name }])}
              >
                Log the last time you met.
              </button>
            </p>
          ) : (
            <>
              <p className="hero-figure">
                <strong>{minutes(t.minutes)}</strong> <span className="muted">in {t.entries} entries</span>
              </p>
              <dl className="facts">
                <div>
                  <dt>Networking</dt>
                  <dd>
                    {minutes(t.networkingMinutes)}{' '}
                    <span className="muted">
                      ({percent(t.minutes ? t.networkingMinutes / t.minutes : 0)})
                    </span>
                  </dd>
                </div>
                <div>
                  <dt>Forward</dt>
                  <dd className="verdict-forward-text">{minutes(t.forwardMinutes)}</dd>
                </div>
                <div>
                  <dt>Back</dt>
                  <dd className="verdict-back-text">{minutes(t.backMinutes)}</dd>
                </div>
                <div>
                  <dt>Last seen</dt>
                  <dd>{t.lastDate ? dateLabel(t.lastDate) : '—'}</dd>
                </div>
              </dl>
              {entries.data ? <MonthlyMinutes entries={entries.data} /> : null}
            </>
          )}
        </section>

        <section className="card" aria-labelledby="about-title">
          <h2 id="about-title" className="card-title">
            About
          </h2>
          <dl className="facts stacked">
            <div>
              <dt>Their purpose</dt>
              <dd>
                {p.purpose ?? <span className="muted">Not recorded. What are they working toward?</span>}
              </dd>
            </div>
            {p.birthday ? (
              <div>
                <dt>Birthday</dt>
                <dd>{birthdayText(p.birthday)}</dd>
              </div>
            ) : null}
            <div>
              <dt>Tags</dt>
              <dd>
                {p.tags.length ? (
                  p.tags.map((tag) => (
                    <span key={tag} className="tag">
                      {tag}
                    </span>
                  ))
                ) : (
                  <span className="muted">None</span>
                )}
              </dd>
            </div>
            {p.notes ? (
              <div>
                <dt>Notes</dt>
                <dd className="notes">{p.notes}</dd>
              </div>
            ) : null}
          </dl>
        </section>

        <section className="card" aria-labelledby="contacts-title">
          <h2 id="contacts-title" className="card-title">
            Contact points
          </h2>
          {p.contacts.length === 0 ? (
            <p className="muted">No email, phone or profile yet. Add them under “Edit details”.</p>
          ) : (
            <table className="contacts">
              <thead>
                <tr>
                  <th scope="col">Kind</th>
                  <th scope="col">Value</th>
                  <th scope="col">Came from</th>
                </tr>
              </thead>
              <tbody>
                {p.contacts.map((c) => (
                  <tr key={c.id}>
                    <td>{c.kind}</td>
                    <td className="contact-value">
                      {c.value}
                      {c.label ? <span className="muted"> ({c.label})</span> : null}
                    </td>
                    <td>
                      <span className="provenance">{sourceLabel(c.source)}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>

        <PersonDetailsCard person={p} />
        <PersonMerges person={p} />
      </div>

      <section className="card timeline" aria-labelledby="timeline-title">
        <h2 id="timeline-title" className="card-title">
          Timeline
        </h2>
        {entries.data ? (
          entries.data.entries.length ? (
            <EntryList entries={entries.data.entries} hidePerson={p.id} byMonth />
          ) : (
            <p className="muted">No entries yet.</p>
          )
        ) : (
          <div className="chart-placeholder" aria-busy="true" />
        )}
        {entries.data && entries.data.total > entries.data.entries.length ? (
          <p className="small muted">
            Showing the latest {entries.data.entries.length} of {entries.data.total} entries.
          </p>
        ) : null}
      </section>
    </article>
  );
}

function MonthlyMinutes({ entries }: { entries: EntryPage }) {
  const byMonth = new Map<string, { net: number; soc: number; other: number }>();
  for (const e of entries.entries) {
    const m = e.localDate.slice(0, 7);
    const b = byMonth.get(m) ?? { net: 0, soc: 0, other: 0 };
    if (e.mode === 'networking') b.net += e.minutes;
    else if (e.mode === 'socializing') b.soc += e.minutes;
    else b.other += e.minutes;
    byMonth.set(m, b);
  }
  const latest = [...byMonth.keys()].sort().at(-1);
  if (!latest) return null;
  const months = Array.from({ length: 12 }, (_, i) => addMonths(latest, i - 11));
  const peak = Math.max(
    60,
    ...months.map((m) => {
      const b = byMonth.get(m);
      return b ? b.net + b.soc + b.other : 0;
    }),
  );
  const W = 240;
  const H = 60;
  const slot = W / 12;
  return (
    <figure className="sparkbars">
      <svg
        viewBox={`0 0 ${W} ${H + 14}`}
        role="img"
        aria-label={`Minutes by month up to ${monthLabel(latest, true)}`}
      >
        {months.map((m, i) => {
          const b = byMonth.get(m) ?? { net: 0, soc: 0, other: 0 };
          const hn = (b.net / peak) * H;
          const hs = (b.soc / peak) * H;
          const ho = (b.other / peak) * H;
          const x = i * slot + slot * 0.18;
          const w = slot * 0.64;
          return (
            <g key={m}>
              <title>{`${monthLabel(m, true)}: ${minutes(b.net + b.soc + b.other)}`}</title>
              <rect className="track" x={x} y={0} width={w} height={H} />
              <rect className="mode-networking" x={x} y={H - hn} width={w} height={hn} />
              <rect className="mode-socializing" x={x} y={H - hn - hs} width={w} height={hs} />
              <rect className="mode-unjudged" x={x} y={H - hn - hs - ho} width={w} height={ho} />
              <text className="axis" x={x + w / 2} y={H + 12} textAnchor="middle">
                {monthLabel(m).charAt(0)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="small muted">Minutes by month, last twelve months with entries</figcaption>
    </figure>
  );
}

const editorFields = [
  'name',
  'title',
  'org',
  'location',
  'birthday',
  'purpose',
  'cadence',
  'tags',
  'notes',
  'email',
  'phone',
  'url',
  'handle',
  ...namePartKeys,
] as const;

function PersonEditor({ person: p, onDone }: { person: PersonDetail; onDone(): void }) {
  const [initial] = useState(() => ({
    name: p.name,
    title: p.title ?? '',
    org: p.organization ?? '',
    location: p.location ?? '',
    birthday: birthdayText(p.birthday),
    purpose: p.purpose ?? '',
    cadence: p.cadenceDays === null ? 'default' : String(p.cadenceDays),
    tags: p.tags.join(', '),
    notes: p.notes ?? '',
    ...namePartValues(p),
  }));
  const [v, setV] = useState({
    ...initial,
    email: '',
    phone: '',
    url: '',
    handle: '',
  });
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const errors = fieldErrors(error, editorFields);
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) =>
    setV((old) => ({ ...old, [k]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    const body: Record<string, unknown> = {
      name: v.name,
      title: v.title.trim(),
      org: v.org.trim(),
      location: v.location.trim(),
      birthday: v.birthday.trim(),
      purpose: v.purpose.trim(),
      cadence: v.cadence.trim() || 'default',
      notes: v.notes.trim(),
      tags: v.tags
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
    };
    for (const k of namePartKeys) body[k] = v[k].trim();
    // Only what the owner changed is sent: a field saved as it was would count as set by hand,
    // and a newer import would no longer update it.
    for (const k of Object.keys(initial) as (keyof typeof initial)[])
      if (v[k].trim() === initial[k].trim()) delete body[k];
    for (const k of ['email', 'phone', 'url', 'handle'] as const) if (v[k].trim()) body[k] = [v[k].trim()];
    try {
      const r = await apiSend<PersonResult>('PATCH', `/people/${p.id}`, body);
      for (const w of r.warnings) showToast(w);
      ledgerChanged();
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card editor" onSubmit={submit} noValidate aria-label={`Edit ${p.name}`}>
      <div className="row-2">
        <Field label="Name" error={errors.byField.name}>
          {(a) => <input {...a} value={v.name} onChange={set('name')} />}
        </Field>
        <Field label="Location" error={errors.byField.location}>
          {(a) => <input {...a} value={v.location} onChange={set('location')} />}
        </Field>
        <Field label="Title" error={errors.byField.title}>
          {(a) => <input {...a} value={v.title} onChange={set('title')} />}
        </Field>
        <Field label="Organization" error={errors.byField.org}>
          {(a) => <input {...a} value={v.org} onChange={set('org')} />}
        </Field>
        <Field
          label="Birthday"
          error={errors.byField.birthday}
          hint="YYYY-MM-DD, or --MM-DD without the year"
        >
          {(a) => <input {...a} value={v.birthday} onChange={set('birthday')} />}
        </Field>
        <Field
          label="Keep in touch every"
          error={errors.byField.cadence}
          hint="Days (30), weeks (2w), months (3m), none, or default"
        >
          {(a) => <input {...a} value={v.cadence} onChange={set('cadence')} />}
        </Field>
      </div>
      <NamePartFields values={v} onChange={set} errors={errors.byField} />
      <Field label="Their purpose" error={errors.byField.purpose}>
        {(a) => <textarea {...a} rows={2} value={v.purpose} onChange={set('purpose')} />}
      </Field>
      <Field label="Tags" error={errors.byField.tags} hint="Separated by commas">
        {(a) => <input {...a} value={v.tags} onChange={set('tags')} />}
      </Field>
      <Field label="Notes" error={errors.byField.notes}>
        {(a) => <textarea {...a} rows={3} value={v.notes} onChange={set('notes')} />}
      </Field>
      <fieldset className="add-contacts">
        <legend>Add a contact point</legend>
        <div className="row-2">
          <Field label="Email" error={errors.byField.email}>
            {(a) => <input {...a} type="email" value={v.email} onChange={set('email')} />}
          </Field>
          <Field label="Phone" error={errors.byField.phone}>
            {(a) => <input {...a} type="tel" value={v.phone} onChange={set('phone')} />}
          </Field>
          <Field label="Web or profile address" error={errors.byField.url}>
            {(a) => <input {...a} type="url" value={v.url} onChange={set('url')} />}
          </Field>
          <Field label="Handle" error={errors.byField.handle}>
            {(a) => <input {...a} value={v.handle} onChange={set('handle')} placeholder="@name" />}
          </Field>
        </div>
      </fieldset>
      {errors.form ? (
        <p className="form-error" role="alert">
          {errors.form}
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          Save
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
