import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { apiGet, apiSend } from '../api/client.ts';
import { fieldErrors } from '../api/field-errors.ts';
import type { PersonMatch } from '../api/merge-types.ts';
import type { Circle, PersonResult } from '../api/types.ts';
import { ledgerChanged } from '../api/use-api.ts';
import { navigate } from '../router.tsx';
import { Field } from './field.tsx';
import { showToast } from './toasts.tsx';
import { circleOptions } from './vocabulary.ts';

const fields = ['name', 'email', 'phone', 'org', 'title', 'circle', 'purpose'] as const;

/** Adds one person by hand; the rest of what is known about them is edited on their page. */
export function AddPersonDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [org, setOrg] = useState('');
  const [title, setTitle] = useState('');
  const [circle, setCircle] = useState<Circle>('network');
  const [purpose, setPurpose] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // People already in the ledger with this name, email or phone, and the typed values they were found for.
  const [found, setFound] = useState<{ key: string; matches: PersonMatch[] } | null>(null);
  const lookupKey = JSON.stringify([name.trim().toLowerCase(), email.trim().toLowerCase(), phone.trim()]);
  const matches = found?.key === lookupKey ? found.matches : [];

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      setName('');
      setEmail('');
      setPhone('');
      setOrg('');
      setTitle('');
      setCircle('network');
      setPurpose('');
      setError(undefined);
      setFound(null);
      d.showModal();
      // Start typing straight away: the first field, not the close button, takes the focus.
      d.querySelector<HTMLInputElement>('input[type="text"]')?.focus();
    } else if (!open && d.open) d.close();
  }, [open]);

  const lookup = async (signal?: AbortSignal): Promise<PersonMatch[]> => {
    if (name.trim() === '' && email.trim() === '' && phone.trim() === '') return [];
    const r = await apiGet<{ matches: PersonMatch[] }>(
      '/people/matches',
      {
        name: name.trim(),
        email: email.trim() ? [email.trim()] : undefined,
        phone: phone.trim() ? [phone.trim()] : undefined,
      },
      signal,
    );
    setFound({ key: lookupKey, matches: r.matches });
    return r.matches;
  };

  // Look as the owner types, so the warning is there before they press Add.
  useEffect(() => {
    if (!open) return;
    const ctrl = new AbortController();
    const timer = window.setTimeout(() => void lookup(ctrl.signal).catch(() => undefined), 250);
    return () => {
      window.clearTimeout(timer);
      ctrl.abort();
    };
    // The typed values (in lookupKey) decide when to look again.
  }, [lookupKey, open]);

  const openPerson = (id: number) => {
    onClose();
    navigate(`/people/${id}`);
  };

  const errors = fieldErrors(error, fields);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      // Warn before saving: when the look-up for what is typed has not answered yet, ask it first.
      if (found?.key !== lookupKey) {
        const now = await lookup().catch(() => []);
        if (now.length > 0) return;
      }
      const r = await apiSend<PersonResult>('POST', '/people', {
        name,
        circle,
        ...(email.trim() ? { email: [email.trim()] } : {}),
        ...(phone.trim() ? { phone: [phone.trim()] } : {}),
        ...(org.trim() ? { org: org.trim() } : {}),
        ...(title.trim() ? { title: title.trim() } : {}),
        ...(purpose.trim() ? { purpose: purpose.trim() } : {}),
      });
      ledgerChanged();
      onClose();
      for (const w of r.warnings) showToast(w);
      navigate(`/people/${r.person.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog ref={dialog} className="form-dialog" aria-labelledby="add-person-title" onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <header className="dialog-head">
          <h2 id="add-person-title">Add a person</h2>
          <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </header>
        <Field label="Name" error={errors.byField.name}>
          {(p) => (
            <input
              {...p}
              type="text"
              value={name}
              onChange={(e) => setName(e.target.value)}
              autoComplete="off"
              required
            />
          )}
        </Field>
        <div className="row-2">
          <Field label="Email" error={errors.byField.email}>
            {(p) => (
              <input
                {...p}
                type="email"
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                autoComplete="off"
              />
            )}
          </Field>
          <Field label="Phone" error={errors.byField.phone}>
            {(p) => (
              <input
                {...p}
                type="tel"
                value={phone}
                onChange={(e) => setPhone(e.target.value)}
                autoComplete="off"
              />
            )}
          </Field>
        </div>
        <div className="row-2">
          <Field label="Title" error={errors.byField.title}>
            {(p) => <input {...p} type="text" value={title} onChange={(e) => setTitle(e.target.value)} />}
          </Field>
          <Field label="Organization" error={errors.byField.org}>
            {(p) => <input {...p} type="text" value={org} onChange={(e) => setOrg(e.target.value)} />}
          </Field>
        </div>
        <Field label="Circle" error={errors.byField.circle}>
          {(p) => (
            <select {...p} value={circle} onChange={(e) => setCircle(e.target.value as Circle)}>
              {circleOptions.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label} — {c.help}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label="Their purpose"
          error={errors.byField.purpose}
          hint="What are they working toward? Fathom matches it against your goals."
        >
          {(p) => <textarea {...p} rows={2} value={purpose} onChange={(e) => setPurpose(e.target.value)} />}
        </Field>
        {matches.length > 0 ? <MatchWarning matches={matches} onOpen={openPerson} /> : null}
        {errors.form ? (
          <p className="form-error" role="alert">
            {errors.form}
          </p>
        ) : null}
        <footer className="dialog-foot">
          <span />
          <button type="submit" className="primary" disabled={busy}>
            {matches.length > 0 ? 'Add anyway' : 'Add person'}
          </button>
        </footer>
      </form>
    </dialog>
  );
}

/** Why a person already in the ledger may be the one being added, in a few words. */
function reasonText(r: PersonMatch['reasons'][number]): string {
  if (r.kind === 'name') return 'same name';
  const what = { email: 'email', phone: 'phone', url: 'web address', handle: 'handle' }[r.kind];
  return `same ${what} ${r.value}`;
}

/** The people who may already be the one being added, each with a way to open them instead. */
function MatchWarning({ matches, onOpen }: { matches: PersonMatch[]; onOpen(id: number): void }) {
  return (
    <div className="match-warning" role="status" data-testid="add-person-matches">
      <p>
        <strong>Already in your ledger?</strong>
      </p>
      <ul>
        {matches.map((m) => {
          const role = [m.title, m.organization].filter(Boolean).join(' at ');
          return (
            <li key={m.id}>
              <span>
                <strong>{m.name}</strong>
                {role ? <span className="muted small"> · {role}</span> : null}
                {m.archived ? <span className="tag archived">archived</span> : null}
                <span className="small"> — {m.reasons.map(reasonText).join(', ')}</span>
              </span>
              <button type="button" onClick={() => onOpen(m.id)}>
                Open {m.name}
              </button>
            </li>
          );
        })}
      </ul>
      <p className="small muted">Open them instead, or add a new person anyway.</p>
    </div>
  );
}
