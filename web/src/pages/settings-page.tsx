import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { apiSend, apiUrl } from '../api/client.ts';
import { fieldErrors } from '../api/field-errors.ts';
import type { Settings, Weekday } from '../api/types.ts';
import { ledgerChanged, useApi } from '../api/use-api.ts';
import { Field } from '../components/field.tsx';
import { showToast } from '../components/toasts.tsx';
import { capitalize } from '../components/vocabulary.ts';
import { hours } from '../format.ts';

const weekdays: Weekday[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const fields = ['target', 'innerCap', 'timeZone', 'weekStart', 'myEmail', 'phoneRegion'] as const;

function zoneNames(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  return intl.supportedValuesOf ? intl.supportedValuesOf('timeZone') : [];
}

/** The few numbers and facts Fathom measures with. */
export default function SettingsPage() {
  const q = useApi<Settings>('/settings');
  const [v, setV] = useState<{
    target: string;
    innerCap: string;
    timeZone: string;
    weekStart: Weekday;
    myEmail: string;
    phoneRegion: string;
  } | null>(null);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const s = q.data;
    if (s && v === null) {
      setV({
        target: hours(s.monthlyTargetMinutes),
        innerCap: String(s.innerCap),
        timeZone: s.timeZone,
        weekStart: s.weekStart,
        myEmail: s.myEmails.join('\n'),
        phoneRegion: s.phoneRegion ?? '',
      });
    }
  }, [q.data, v]);

  if (!v) return <div className="page loading-page" aria-busy="true" />;
  const errors = fieldErrors(error, fields);
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) =>
    setV({ ...v, [k]: e.target.value });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const cap = Number(v.innerCap);
      await apiSend<Settings>('PATCH', '/settings', {
        target: v.target.trim(),
        innerCap: Number.isInteger(cap) && v.innerCap.trim() !== '' ? cap : v.innerCap,
        timeZone: v.timeZone.trim(),
        weekStart: v.weekStart,
        myEmail: v.myEmail
          .split(/[\s,;]+/)
          .map((x) => x.trim())
          .filter(Boolean),
        ...(v.phoneRegion.trim() ? { phoneRegion: v.phoneRegion.trim() } : {}),
      });
      ledgerChanged();
      showToast('Settings saved.');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="page narrow" aria-labelledby="settings-title">
      <header className="page-head">
        <h1 id="settings-title">Settings</h1>
      </header>
      <form className="card settings-form" onSubmit={submit} noValidate>
        <div className="row-2">
          <Field
            label="Monthly networking target"
            error={errors.byField.target}
            hint="Five hours a month is a habit worth keeping. Write 5h or 300m."
          >
            {(p) => <input {...p} type="text" value={v.target} onChange={set('target')} />}
          </Field>
          <Field
            label="Inner circle cap"
            error={errors.byField.innerCap}
            hint="True friends are few; Fathom warns past this many."
          >
            {(p) => (
              <input {...p} type="number" min={1} max={50} value={v.innerCap} onChange={set('innerCap')} />
            )}
          </Field>
          <Field
            label="Time zone"
            error={errors.byField.timeZone}
            hint="Days and months are counted in this zone."
          >
            {(p) => (
              <>
                <input
                  {...p}
                  type="text"
                  list="zones"
                  value={v.timeZone}
                  onChange={set('timeZone')}
                  autoComplete="off"
                />
                <datalist id="zones">
                  {zoneNames().map((z) => (
                    <option key={z} value={z} />
                  ))}
                </datalist>
              </>
            )}
          </Field>
          <Field label="Week starts on" error={errors.byField.weekStart}>
            {(p) => (
              <select
                {...p}
                value={v.weekStart}
                onChange={(e) => setV({ ...v, weekStart: e.target.value as Weekday })}
              >
                {weekdays.map((d) => (
                  <option key={d} value={d}>
                    {capitalize(d)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            label="Phone region"
            error={errors.byField.phoneRegion}
            hint="Two letters, e.g. DE — for numbers written without a country code."
          >
            {(p) => (
              <input {...p} type="text" maxLength={2} value={v.phoneRegion} onChange={set('phoneRegion')} />
            )}
          </Field>
        </div>
        <Field
          label="My email addresses"
          error={errors.byField.myEmail}
          hint="One per line. Imports never turn you into one of your own contacts."
        >
          {(p) => <textarea {...p} rows={3} value={v.myEmail} onChange={set('myEmail')} />}
        </Field>
        {errors.form ? (
          <p className="form-error" role="alert">
            {errors.form}
          </p>
        ) : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            Save settings
          </button>
        </div>
      </form>
      <DataCard />
      <DemoCard />
    </section>
  );
}

/** Every export as a download, and how an archive comes back. */
function DataCard() {
  return (
    <div className="card settings-form" aria-labelledby="data-title">
      <h2 id="data-title">Your data</h2>
      <p className="hint">
        Everything you keep here is yours to take. The archive holds the whole ledger (people, entries, goals,
        reviews, rules, imports and settings) in one file that Fathom restores exactly.
      </p>
      <div className="actions">
        <a className="button primary" href={apiUrl('/exports/archive')} download>
          Download everything
        </a>
        <a className="button" href={apiUrl('/exports/people-csv')} download>
          People (CSV)
        </a>
        <a className="button" href={apiUrl('/exports/vcard')} download>
          People (vCard)
        </a>
        <a className="button" href={apiUrl('/exports/entries-csv')} download>
          Entries (CSV)
        </a>
        <a className="button" href={apiUrl('/exports/ics')} download>
          Entries (calendar)
        </a>
      </div>
      <p className="hint">
        The CSV files open in any spreadsheet, the vCards in any address book, the calendar file in any
        calendar app. To bring the archive back, or to move to another computer or a server, run{' '}
        <code>fathom restore FILE</code> there on an empty ledger.
      </p>
    </div>
  );
}

interface DemoRemoval {
  entries: number;
  people: number;
  goals: number;
  keptPeople: number;
  purposeCleared: boolean;
}

/** Takes the demo network out once the owner is ready to keep their own ledger. */
function DemoCard() {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const remove = async () => {
    setBusy(true);
    try {
      const r = await apiSend<DemoRemoval>('POST', '/demo/remove', {});
      ledgerChanged();
      showToast(
        r.entries + r.people + r.goals === 0
          ? 'There is no demo data in this ledger.'
          : `Removed the demo: ${r.entries} entries, ${r.people} people, ${r.goals} goals.`,
      );
      setConfirming(false);
    } catch (err) {
      showToast(err instanceof Error ? err.message : 'The demo could not be removed.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="card settings-form" aria-labelledby="demo-title">
      <h2 id="demo-title">Demo data</h2>
      <p className="hint">
        Started with the demo network? Take it out when you are ready to keep your own ledger. What you added
        yourself stays, and so do demo people your own entries name.
      </p>
      <div className="actions">
        {confirming ? (
          <>
            <button type="button" className="danger" disabled={busy} onClick={() => void remove()}>
              Yes, remove the demo
            </button>
            <button type="button" disabled={busy} onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </>
        ) : (
          <button type="button" onClick={() => setConfirming(true)}>
            Remove demo data…
          </button>
        )}
      </div>
    </div>
  );
}
