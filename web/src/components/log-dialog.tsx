import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { apiGet, apiSend } from '../api/client.ts';
import { fieldErrors } from '../api/field-errors.ts';
import type {
  Channel,
  EditedEntry,
  Entry,
  Goal,
  Mode,
  PersonRef,
  Settings,
  UndoneEdit,
  Verdict,
} from '../api/types.ts';
import { ledgerChanged, useApi } from '../api/use-api.ts';
import { channelLabels, durationText, minutes, zonedNow } from '../format.ts';
import { editEntry, onEditEntry } from '../log-context.ts';
import { Choice, Field } from './field.tsx';
import { PersonPicker } from './person-picker.tsx';
import { showToast } from './toasts.tsx';

const quickDurations = ['15m', '30m', '45m', '1h', '1h30', '2h'];
const fields = ['with', 'duration', 'title', 'at', 'mode', 'verdict', 'goal', 'channel', 'notes'] as const;

const fieldWords: Record<string, string> = {
  when: 'when',
  duration: 'duration',
  title: 'title',
  people: 'people',
  mode: 'kind',
  verdict: 'verdict',
  goal: 'goal',
  channel: 'channel',
  notes: 'notes',
};

function listOf(names: readonly string[]): string {
  const words = names.map((n) => fieldWords[n] ?? n);
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** When an entry started, as the When field shows it in the owner's zone: a day alone when it lasts all day. */
function whenText(entry: Entry, timeZone: string): string {
  if (entry.allDay) return entry.localDate;
  const { date, time } = zonedNow(timeZone, new Date(entry.startedAt));
  return `${date} ${time}`;
}

function sameIds(a: readonly PersonRef[], b: readonly PersonRef[]): boolean {
  const x = a.map((p) => p.id).sort((m, n) => m - n);
  const y = b.map((p) => p.id).sort((m, n) => m - n);
  return x.length === y.length && x.every((id, i) => id === y[i]);
}

/** Takes back the edit a toast speaks for, and says what came back. */
async function undoEdit(saved: EditedEntry): Promise<void> {
  const undone = await apiSend<UndoneEdit>('POST', `/entries/${saved.id}/undo-edit`, {
    revision: saved.revision,
  });
  ledgerChanged();
  showToast(
    undone.kept.length > 0
      ? `Undone, except ${listOf(undone.kept)}: changed again since.`
      : `Undone: “${undone.title}” is as it was.`,
  );
}

/** Opens the editor on an entry as the ledger holds it now. */
async function editFresh(id: number): Promise<void> {
  editEntry(await apiGet<Entry>(`/entries/${id}`));
}

interface LogDialogProps {
  open: boolean;
  onClose(): void;
  /** People to start with, e.g. from a person page. */
  initialPeople?: PersonRef[] | undefined;
}

/**
 * The quick log: who, how long, which kind, which way — done in a few keystrokes. The same form
 * changes an entry already in the ledger, wherever an Edit asks for it.
 */
export function LogDialog({ open, onClose, initialPeople }: LogDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [editing, setEditing] = useState<Entry>();
  const shown = open || editing !== undefined;
  const goals = useApi<Goal[]>(shown ? '/goals' : null);
  const settings = useApi<Settings>(editing ? '/settings' : null);
  const zone = settings.data?.timeZone;
  const [people, setPeople] = useState<PersonRef[]>([]);
  const [duration, setDuration] = useState('');
  const [title, setTitle] = useState('');
  const [at, setAt] = useState('');
  // What the When field said when the editor opened: an unchanged time is not sent.
  const [initialAt, setInitialAt] = useState<string>();
  const [mode, setMode] = useState<Mode | null>(null);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [goal, setGoal] = useState('');
  const [channel, setChannel] = useState<Channel | ''>('');
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  useEffect(() => onEditEntry(setEditing), []);

  const close = () => {
    if (editing) setEditing(undefined);
    else onClose();
  };

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (shown && !d.open) {
      setPeople(editing ? editing.people : (initialPeople ?? []));
      setDuration(editing && !editing.allDay ? durationText(editing.minutes) : '');
      setTitle(editing?.title ?? '');
      setAt('');
      setInitialAt(undefined);
      setMode(editing?.mode ?? null);
      setVerdict(editing?.verdict ?? null);
      setGoal(editing?.goalId ? String(editing.goalId) : '');
      setChannel(editing?.channel ?? '');
      setNotes(editing?.notes ?? '');
      setError(undefined);
      d.showModal();
      // Start typing straight away: the first field, not the close button, takes the focus.
      d.querySelector<HTMLInputElement>('input[type="text"]')?.focus();
    } else if (!shown && d.open) d.close();
  }, [shown, editing, initialPeople]);

  // The time is shown in the owner's zone, known once the settings are read.
  useEffect(() => {
    if (!editing || !zone || initialAt !== undefined) return;
    const text = whenText(editing, zone);
    setAt(text);
    setInitialAt(text);
  }, [editing, zone, initialAt]);

  const errors = fieldErrors(error, fields);
  const names = people.map((p) => p.name.split(' ')[0]).join(', ');
  const defaultTitle = `${mode === 'networking' ? 'Networking' : mode === 'socializing' ? 'Time' : 'Time'}${names ? ` with ${names}` : ''}`;

  /** Only what the owner changed: an edit sends nothing it does not mean to change. */
  const changes = (e: Entry): Record<string, unknown> => {
    const body: Record<string, unknown> = {};
    const initialDuration = e.allDay ? '' : durationText(e.minutes);
    if (duration.trim() !== initialDuration) body.duration = duration.trim();
    if (title.trim() !== e.title) body.title = title.trim();
    if (!sameIds(people, e.people)) body.with = people.map((p) => `#${p.id}`);
    if (mode !== e.mode) body.mode = mode ?? 'none';
    if (verdict !== e.verdict) body.verdict = verdict ?? 'none';
    if (goal !== (e.goalId ? String(e.goalId) : '')) body.goal = goal ? `#${goal}` : '';
    if (channel !== (e.channel ?? '')) body.channel = channel || 'none';
    if (notes.trim() !== (e.notes ?? '')) body.notes = notes.trim();
    if (initialAt !== undefined && at.trim() !== initialAt) {
      body.at = at.trim();
      if (zone) body.timeZone = zone;
    }
    return body;
  };

  const save = async (e: Entry) => {
    const body = changes(e);
    if (Object.keys(body).length === 0) {
      close();
      showToast('Nothing changed.');
      return;
    }
    const saved = await apiSend<EditedEntry>('PATCH', `/entries/${e.id}`, body);
    ledgerChanged();
    close();
    if (saved.changed.length === 0) {
      showToast('Nothing changed.');
      return;
    }
    showToast(`Saved “${saved.title}”: changed ${listOf(saved.changed)}.`, {
      label: 'Undo',
      run: () => undoEdit(saved),
    });
  };

  const log = async () => {
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
    close();
    showToast(
      `Logged ${minutes(entry.minutes)}${entry.people.length ? ` with ${entry.people.map((p) => p.name).join(', ')}` : ''}.`,
      {
        label: 'Undo',
        run: async () => {
          await apiSend('DELETE', `/entries/${entry.id}`);
          ledgerChanged();
        },
      },
      { label: 'Edit', run: () => editFresh(entry.id) },
    );
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      if (editing) await save(editing);
      else await log();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const goalOptions = goals.data ?? [];
  // A goal marked done is no longer offered for new entries, but an entry that served it keeps it.
  const doneGoal =
    editing?.goalId && !goalOptions.some((g) => g.id === editing.goalId)
      ? { id: editing.goalId, title: `${editing.goal ?? `Goal #${editing.goalId}`} (done)` }
      : undefined;
  const heading = editing ? 'Edit entry' : 'Log time';

  return (
    <dialog ref={dialog} className="log-dialog" aria-labelledby="log-title" onClose={close}>
      <form onSubmit={submit} noValidate>
        <header className="dialog-head">
          <h2 id="log-title">{heading}</h2>
          <button type="button" className="icon-button" aria-label="Close" onClick={close}>
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
          <Field
            label="How long"
            error={errors.byField.duration}
            hint={editing?.allDay ? 'All day. A duration gives it a time of day.' : undefined}
          >
            {(p) => (
              <>
                <input
                  {...p}
                  type="text"
                  inputMode="text"
                  placeholder={editing?.allDay ? 'all day' : '45m, 1h30'}
                  value={duration}
                  onChange={(e) => setDuration(e.target.value)}
                  required={!editing?.allDay}
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
            hint={
              editing
                ? `Your time${zone ? ` (${zone})` : ''}. Or: yesterday 18:00, 2026-03-01 14:00`
                : 'Blank means it just ended. Or: yesterday 18:00, 2h ago, 2026-03-01 14:00'
            }
          >
            {(p) => (
              <input
                {...p}
                type="text"
                placeholder={editing ? 'loading…' : 'just now'}
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
            none={editing ? { label: 'Not judged', onChoose: () => setMode(null) } : undefined}
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
            none={editing ? { label: 'Not judged', onChoose: () => setVerdict(null) } : undefined}
          />
        </div>
        <Field label="What" error={errors.byField.title}>
          {(p) => (
            <input
              {...p}
              type="text"
              placeholder={editing ? undefined : defaultTitle}
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
                {goalOptions.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.title}
                  </option>
                ))}
                {doneGoal ? <option value={doneGoal.id}>{doneGoal.title}</option> : null}
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
          <span className="hint">
            {editing
              ? editing.source === 'calendar'
                ? 'From a calendar: what you change here stays when the calendar is imported again.'
                : 'Saving can be undone.'
              : 'Leave kind or verdict open and judge it later in the review queue.'}
          </span>
          <button type="submit" className="primary" disabled={busy}>
            {editing ? (busy ? 'Saving…' : 'Save changes') : busy ? 'Logging…' : 'Log it'}
          </button>
        </footer>
      </form>
    </dialog>
  );
}
