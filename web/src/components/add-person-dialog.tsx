import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { apiSend } from '../api/client.ts';
import { fieldErrors } from '../api/field-errors.ts';
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
  const [org, setOrg] = useState('');
  const [title, setTitle] = useState('');
  const [circle, setCircle] = useState<Circle>('network');
  const [purpose, setPurpose] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      setName('');
      setEmail('');
      setOrg('');
      setTitle('');
      setCircle('network');
      setPurpose('');
      setError(undefined);
      d.showModal();
      // Start typing straight away: the first field, not the close button, takes the focus.
      d.querySelector<HTMLInputElement>('input[type="text"]')?.focus();
    } else if (!open && d.open) d.close();
  }, [open]);

  const errors = fieldErrors(error, fields);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const r = await apiSend<PersonResult>('POST', '/people', {
        name,
        circle,
        ...(email.trim() ? { email: [email.trim()] } : {}),
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
        {errors.form ? (
          <p className="form-error" role="alert">
            {errors.form}
          </p>
        ) : null}
        <footer className="dialog-foot">
          <span />
          <button type="submit" className="primary" disabled={busy}>
            Add person
          </button>
        </footer>
      </form>
    </dialog>
  );
}
