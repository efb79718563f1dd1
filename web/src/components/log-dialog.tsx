import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { apiSend } from '../api/client.ts';
import { fieldErrors } from '../api/field-errors.ts';
import type { Channel, Entry, Goal, Mode, PersonRef, Verdict } from '../api/types.ts';
import { ledgerChanged, useApi } from '../api/use-api.ts';
import { channelLabels, minutes } from '../format.ts';
import { Choice, Field } from './field.tsx';
import { PersonPicker } from './person-picker.tsx';
import { showToast } from './toasts.tsx';

const quickDurations = ['15m', '30m', '45m', '1h', '1h30', '2h'];
const fields = ['with', 'duration', 'title', 'at', 'mode', 'verdict', 'goal', 'channel', 'notes'] as const;

interface LogDialogProps {
  open: boolean;
  onClose(): void;
  /** People to start with, e.g. from a person page. */
  initialPeople?: PersonRef[];
}

/** The quick log: who, how long, which kind, which way — done in a few keystrokes. */
export function LogDialog({ open, onClose, initialPeople }: LogDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const goals = useApi<Goal[]>(open ? '/goals' : null);
  const [people, setPeople] = useState<PersonRef[]>([]);
  const [duration, setDuration] = useState('');
  const [title, setTitle] = useState('');
  const [at, setAt] = useState('');
  const [mode, setMode] = useState<Mode | null>(null);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [goal, setGoal] = useState('');
  const [channel, setChannel] = useState<Channel | ''>('');
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      setPeople(initialPeople ?? []);
      setDuration('');
      setTitle('');
      setAt('');
      setMode(null);
      setVerdict(null);
      setGoal('');
      setChannel('');
      setNotes('');
      setError(undefined);
      d.showModal();
      // Start typing straight away: the first field, not the close button, takes the focus.
      d.querySelector<HTMLInputElement>('input[type="text"]')?.focus();
    } else if (!open && d.open) d.close();
  }, [open, initialPeople]);

  const errors = fieldErrors(error, fields);
  const names = people.map((p) => p.name.split(' ')[0]).join(', ');
  const defaultTitle = `${mode === 'networking' ? 'Networking' : mode === 'socializing' ? 'Time' : 'Time'}${names ? ` with ${names}` : ''}`;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const entry = await apiSend<Entry>('POST', '/entries', {
        duration: duration.trim(),
        title: title.trim() || defaultTitle,
        with: people.map((p) => `#${p.id}`),
        ...(mode ? { mode } : {}),
        ...(verdict ? { verdict } : {}),
        ...(goal ? { goal: `#${goal}` } : {}),
        ...(channel ? { channel } : {}),
        ...(at.trim() ? { at: at.trim() } : {}),
        ...(notes.trim() ? { notes: notes.trim() } : {}),
      });
      ledgerChanged();
      onClose();
      showToast(
        `Logged ${minutes(entry.minutes)}${entry.people.length ? ` with ${entry.people.map((p) => p.name).join(', ')}` : ''}.`,
        {
          label: 'Undo',
          run: async () => {
            await apiSend('DELETE', `/entries/${entry.id}`);
            ledgerChanged();
          },
        },
      );
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog ref={dialog} className="log-dialog" aria-labelledby="log-title" onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <header className="dialog-head">
          <h2 id="log-title">Log time</h2>
          <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </header>
        <Field
          label="With"
          error={errors.byField.with}
          hint="Type a name; Enter picks it. Nobody is fine too."
        >
          {(p) => (
            <PersonPicker
              id={p.id}
              value={people}
              onChange={setPeople}
              describedBy={p['aria-describedby']}
              invalid={p['aria-invalid']}
            />
          )}
        </Field>
        <div className="row-2">
          <Field label="How long" error={errors.byField.duration}>
            {(p) => (
              <>
                <input
                  {...p}
                  type="text"
                  inputMode="text"
                  placeholder="45m, 1h30"
                  value={duration}
                  onChange={(e) => setDuration(e.target.value)}
                  required
                />
                <div className="quick-picks" aria-label="Common durations">
                  {quickDurations.map((d) => (
                    <button
                      key={d}
                      type="button"
                      className={`pill${duration === d ? ' on' : ''}`}
                      onClick={() => setDuration(d)}
                    >
                      {d}
                    </button>
                  ))}
                </div>
              </>
            )}
          </Field>
          <Field
            label="When"
            error={errors.byField.at}
            hint="Blank means it just ended. Or: yesterday 18:00, 2h ago, 2026-03-01 14:00"
          >
            {(p) => (
              <input
                {...p}
                type="text"
                placeholder="just now"
                value={at}
                onChange={(e) => setAt(e.target.value)}
              />
            )}
          </Field>
        </div>
        <div className="row-2">
          <Choice<Mode>
            legend="Kind"
            name="mode"
            value={mode}
            error={errors.byField.mode}
            options={[
              { value: 'networking', label: 'Networking', className: 'mode-networking' },
              { value: 'socializing', label: 'Socializing', className: 'mode-socializing' },
            ]}
            onChange={setMode}
          />
          <Choice<Verdict>
            legend="Verdict"
            name="verdict"
            value={verdict}
            error={errors.byField.verdict}
            options={[
              { value: 'forward', label: 'Forward', className: 'verdict-forward' },
              { value: 'back', label: 'Back', className: 'verdict-back' },
            ]}
            onChange={setVerdict}
          />
        </div>
        <Field label="What" error={errors.byField.title}>
          {(p) => (
            <input
              {...p}
              type="text"
              placeholder={defaultTitle}
              value={title}
              onChange={(e) => setTitle(e.target.value)}
              maxLength={300}
            />
          )}
        </Field>
        <div className="row-2">
          <Field label="Goal it served" error={errors.byField.goal}>
            {(p) => (
              <select {...p} value={goal} onChange={(e) => setGoal(e.target.value)}>
                <option value="">None</option>
                {(goals.data ?? []).map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.title}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Channel" error={errors.byField.channel}>
            {(p) => (
              <select {...p} value={channel} onChange={(e) => setChannel(e.target.value as Channel | '')}>
                <option value="">Not said</option>
                {Object.entries(channelLabels).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <Field label="Notes" error={errors.byField.notes}>
          {(p) => <textarea {...p} rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} />}
        </Field>
        {errors.form ? (
          <p className="form-error" role="alert">
            {errors.form}
          </p>
        ) : null}
        <footer className="dialog-foot">
          <span className="hint">Leave kind or verdict open and judge it later in the review queue.</span>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Logging…' : 'Log it'}
          </button>
        </footer>
      </form>
    </dialog>
  );
}
