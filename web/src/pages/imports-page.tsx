import { useEffect, useRef, useState } from 'react';
import type { DragEvent } from 'react';
import { ApiError, apiSend } from '../api/client.ts';
import { fieldErrors } from '../api/field-errors.ts';
import { isCalendarReport, isCalendarUndo } from '../api/import-types.ts';
import type {
  CalendarImportReport,
  CalendarUndoResult,
  ImportReport,
  ImportRun,
  UndoResult,
} from '../api/import-types.ts';
import type { Settings } from '../api/types.ts';
import { uploadFile } from '../api/upload.ts';
import { ledgerChanged, useApi } from '../api/use-api.ts';
import { CalendarImportResult } from '../components/calendar-import-result.tsx';
import { Field } from '../components/field.tsx';
import { ImportDuplicates, mergeIntoField } from '../components/import-duplicates.tsx';
import type { MergeChoices } from '../components/import-duplicates.tsx';
import { showToast } from '../components/toasts.tsx';
import { dateLabel, plural, zonedNow } from '../format.ts';
import { Link } from '../router.tsx';
import { ImportWarnings } from '../components/import-warnings.tsx';

const formats: [string, string][] = [
  ['', 'Detect from the file'],
  ['vcard', 'vCard (.vcf) — phones, Apple, Outlook'],
  ['linkedin', 'LinkedIn Connections.csv'],
  ['google', 'Google Contacts CSV'],
  ['google-legacy', 'Google Contacts CSV (older export)'],
  ['outlook', 'Outlook CSV'],
  ['facebook', 'Facebook friends (JSON)'],
  ['instagram', 'Instagram following (JSON)'],
  ['x', 'X following (JS)'],
  ['generic-csv', 'Any CSV, with a column mapping'],
  ['ics', 'Calendar (.ics) — Google, Outlook, Apple'],
];

type AnyReport = ImportReport | CalendarImportReport;

type Stage =
  | { kind: 'idle' }
  | { kind: 'uploading'; what: string; sent: number; total: number }
  // `sent` is the calendar options the file was read with, to notice when the form has moved on.
  | { kind: 'preview'; report: AnyReport; sent: string }
  | { kind: 'done'; report: AnyReport };

/** What a calendar import is asked, as the form holds it. */
interface CalendarOptions {
  from: string;
  to: string;
  me: string;
  keepSolo: boolean;
}

const calendarFieldNames = ['from', 'to', 'me', 'keepSolo'] as const;

/** The form's calendar options as the import operation takes them (blank dates: the server's default). */
function calendarFields(o: CalendarOptions): { from: string; to: string; me: string[]; keepSolo: boolean } {
  return {
    from: o.from.trim(),
    to: o.to.trim(),
    me: o.me
      .split(/[\s,;]+/)
      .map((m) => m.trim())
      .filter(Boolean),
    keepSolo: o.keepSolo,
  };
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The twelve months up to today in the owner's zone, as the server reads a calendar by default. */
function lastTwelveMonths(timeZone: string, now = new Date()): { from: string; to: string } {
  const to = zonedNow(timeZone, now).date;
  const [y, m, d] = to.split('-').map(Number) as [number, number, number];
  // A year back, the day after: 15 March 2026 reads from 16 March 2025 (29 February steps to 1 March).
  const back = Date.UTC(y - 1, m - 1, m === 2 ? Math.min(d, 28) : d);
  return { from: isoDay(back + 86_400_000), to };
}

/** A calendar by its name, or by the first line of its content (as the server detects it). */
async function looksLikeCalendar(file: File): Promise<boolean> {
  if (/\.(ics|ical|ifb)$/i.test(file.name)) return true;
  if (/\.(vcf|vcard|csv|json|js|zip)$/i.test(file.name)) return false;
  try {
    const head = await file.slice(0, 64).text();
    return /^\s*BEGIN:VCALENDAR/i.test(head.replace(/^\uFEFF/, ''));
  } catch {
    return false;
  }
}

/** The confirmation an undo asks first, saying what goes and what stays. */
function undoQuestion(run: ImportRun): string {
  return run.kind === 'calendar'
    ? `Undo import #${run.id} (${run.fileName})? The entries it created and the people it brought in are removed; entries it moved, changed or removed are put back as they were.`
    : `Undo import #${run.id} (${run.fileName})? People it created are removed; people it only added to keep what you had.`;
}

/** What an undo did, in one sentence. */
function undoText(r: UndoResult | CalendarUndoResult): string {
  if (isCalendarUndo(r)) {
    return `Undid #${r.run.id} (${r.run.fileName}): removed ${plural(r.entriesRemoved, 'entry', 'entries')} and ${plural(r.peopleRemoved, 'person', 'people')}, put back ${plural(r.entriesRestored, 'entry', 'entries')} as they were${r.keptEdits.length ? `; kept ${plural(r.keptEdits.length, 'entry', 'entries')} you changed since` : ''}.`;
  }
  return `Undid #${r.run.id}: removed ${plural(r.peopleRemoved, 'person', 'people')}, ${plural(r.contactPointsRemoved, 'contact point')}${r.unmerged ? `, took back ${plural(r.unmerged, 'merge')}` : ''}${r.keptEdits.length ? `; kept ${r.keptEdits.length} of your later edits` : ''}.`;
}

/** A run's figures in a few words: people for contacts, entries (and people) for a calendar. */
function runSummary(run: ImportRun): string {
  const c = run.counts;
  if (run.kind === 'calendar') {
    const parts = [
      plural(c.created, 'new entry', 'new entries'),
      c.updated ? `${c.updated} moved or changed` : '',
      c.removed ? `${c.removed} removed` : '',
      c.peopleCreated ? plural(c.peopleCreated, 'new person', 'new people') : '',
    ];
    return parts.filter(Boolean).join(', ');
  }
  return [
    plural(c.created, 'new person', 'new people'),
    c.matched ? `${c.matched} matched` : '',
    c.updated ? `${c.updated} updated` : '',
    c.merged ? `${c.merged} merged` : '',
  ]
    .filter(Boolean)
    .join(', ');
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Bring people in from exports and time in from calendars: look at what would change first, then
 * commit, and undo a whole run later.
 */
export default function ImportsPage() {
  const runs = useApi<{ runs: ImportRun[] }>('/imports', { limit: 50 });
  const settings = useApi<Settings>('/settings');
  const [file, setFile] = useState<File | null>(null);
  const [detected, setDetected] = useState(false);
  const [format, setFormat] = useState('');
  const [mapping, setMapping] = useState('');
  const [skipErrors, setSkipErrors] = useState(false);
  const [calendar, setCalendar] = useState<CalendarOptions | null>(null);
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const [error, setError] = useState<unknown>();
  const [undone, setUndone] = useState<string | null>(null);
  const [over, setOver] = useState(false);
  // Newcomers the owner chose, in the preview, to merge into people they have.
  const [choices, setChoices] = useState<MergeChoices>({});
  const input = useRef<HTMLInputElement>(null);

  // The calendar options start as the server's defaults: the last twelve months, and the owner's addresses.
  const s = settings.data;
  useEffect(() => {
    if (s && calendar === null)
      setCalendar({ ...lastTwelveMonths(s.timeZone), me: s.myEmails.join(', '), keepSolo: false });
  }, [s, calendar]);
  const options: CalendarOptions = calendar ?? { from: '', to: '', me: '', keepSolo: false };
  const setOption = <K extends keyof CalendarOptions>(k: K, v: CalendarOptions[K]) =>
    setCalendar({ ...options, [k]: v });

  const isCalendar = (fileDetected: boolean) => format === 'ics' || (format === '' && fileDetected);
  const showCalendar = isCalendar(detected);
  const sentKey = JSON.stringify(calendarFields(options));

  const send = async (f: File, dryRun: boolean, fileDetected = detected) => {
    setError(undefined);
    setStage({ kind: 'uploading', what: dryRun ? 'Reading' : 'Importing', sent: 0, total: f.size });
    const asCalendar = isCalendar(fileDetected);
    const mergeInto = dryRun || asCalendar ? [] : mergeIntoField(choices);
    if (dryRun) setChoices({});
    try {
      const report = await uploadFile<AnyReport>('/imports', f, {
        fields: {
          dryRun,
          format: format || undefined,
          mapping: mapping.trim() || undefined,
          skipErrors,
          ...(asCalendar ? calendarFields(options) : {}),
          ...(mergeInto.length > 0 ? { mergeInto } : {}),
        },
        onProgress: (sent, total) =>
          setStage({ kind: 'uploading', what: dryRun ? 'Reading' : 'Importing', sent, total }),
      });
      setStage(dryRun ? { kind: 'preview', report, sent: sentKey } : { kind: 'done', report });
      if (!dryRun) {
        ledgerChanged();
        showToast(
          isCalendarReport(report)
            ? `Imported ${f.name}: ${plural(report.counts.created, 'entry', 'entries')} to judge, ${plural(report.counts.peopleCreated, 'new person', 'new people')}.`
            : `Imported ${f.name}: ${report.counts.created} new, ${report.counts.matched} matched${report.counts.merged ? `, ${report.counts.merged} merged` : ''}.`,
        );
      }
    } catch (e) {
      setError(e);
      setStage({ kind: 'idle' });
    }
  };

  const choose = async (f: File | undefined) => {
    if (!f) return;
    setFile(f);
    const cal = await looksLikeCalendar(f);
    setDetected(cal);
    void send(f, true, cal);
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void choose(e.dataTransfer.files[0]);
  };

  const undo = async (run: ImportRun) => {
    if (!window.confirm(undoQuestion(run))) return;
    const request = (force: boolean) =>
      apiSend<UndoResult | CalendarUndoResult>('POST', `/imports/${run.id}/undo`, force ? { force } : {});
    try {
      let r: UndoResult | CalendarUndoResult;
      try {
        r = await request(false);
      } catch (e) {
        // The server refuses to throw away what the owner judged or changed since, unless asked again.
        if (!(e instanceof ApiError && e.code === 'conflict' && /--force/.test(e.message))) throw e;
        const why = e.message.replace(/^run: /, '').replace(/\s*Add --force to undo anyway\.?/, '');
        if (!window.confirm(`${why}\n\nUndo anyway?`)) return;
        r = await request(true);
      }
      ledgerChanged();
      const text = undoText(r);
      setUndone(text);
      showToast(text);
    } catch (e) {
      showToast(e instanceof Error ? e.message : String(e));
    }
  };

  const errs = fieldErrors(error, ['file', 'format', 'mapping', 'content', ...calendarFieldNames]);
  const showMapping = format === 'generic-csv' || Boolean(errs.byField.mapping);
  const reset = () => {
    setStage({ kind: 'idle' });
    setFile(null);
    setDetected(false);
    setError(undefined);
    if (input.current) input.current.value = '';
  };

  return (
    <section className="page" aria-labelledby="imports-title">
      <header className="page-head">
        <div>
          <h1 id="imports-title">Imports</h1>
          <p className="muted">
            Contacts from LinkedIn, Google, Outlook, your phone, Facebook, Instagram or X, and time from your
            calendar. Nothing is written until you say so.
          </p>
        </div>
      </header>

      <div className="card">
        <div
          className={`drop-zone${over ? ' over' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={onDrop}
          onClick={(e) => {
            if (e.target === e.currentTarget) input.current?.click();
          }}
        >
          <strong>Drop an export file, its ZIP, or a calendar here</strong>
          <span className="muted small">
            .vcf, .csv, .json, .js or the .zip a service hands you; .ics from Google, Outlook or Apple
            Calendar
          </span>
          <label className="button">
            Choose a file…
            <input
              ref={input}
              type="file"
              className="visually-hidden"
              accept=".vcf,.vcard,.csv,.json,.js,.zip,.txt,.ics,.ical"
              onChange={(e) => void choose(e.target.files?.[0])}
              data-testid="import-file"
            />
          </label>
        </div>
        <div className="row-2">
          <Field label="Format" error={errs.byField.format}>
            {(p) => (
              <select {...p} value={format} onChange={(e) => setFormat(e.target.value)}>
                {formats.map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <label className="check import-skip">
            <input type="checkbox" checked={skipErrors} onChange={(e) => setSkipErrors(e.target.checked)} />
            <span>Import the readable records even if some lines have errors</span>
          </label>
        </div>
        {showMapping ? (
          <Field
            label="Column mapping"
            error={errs.byField.mapping}
            hint="Which column holds what, e.g. name=Full Name,email=E-mail,org=Company"
          >
            {(p) => <input {...p} type="text" value={mapping} onChange={(e) => setMapping(e.target.value)} />}
          </Field>
        ) : null}
        {showCalendar ? (
          <fieldset className="calendar-options" data-testid="calendar-options">
            <legend>Calendar</legend>
            <p className="muted small">
              Each event in these days becomes an unjudged entry with the people on it; you judge them in the
              review queue.
            </p>
            <div className="row-2">
              <Field
                label="From"
                error={errs.byField.from}
                hint="The first day read; 12 months ago unless you change it"
              >
                {(p) => (
                  <input
                    {...p}
                    type="date"
                    value={options.from}
                    onChange={(e) => setOption('from', e.target.value)}
                  />
                )}
              </Field>
              <Field label="To" error={errs.byField.to} hint="The last day read; today unless you change it">
                {(p) => (
                  <input
                    {...p}
                    type="date"
                    value={options.to}
                    onChange={(e) => setOption('to', e.target.value)}
                  />
                )}
              </Field>
            </div>
            <Field
              label="My email addresses"
              error={errs.byField.me}
              hint="The addresses that are you, never made into a person. Separate several with commas; remembered when you import."
            >
              {(p) => (
                <input
                  {...p}
                  type="text"
                  inputMode="email"
                  autoComplete="email"
                  spellCheck={false}
                  value={options.me}
                  onChange={(e) => setOption('me', e.target.value)}
                />
              )}
            </Field>
            <label className="check">
              <input
                type="checkbox"
                checked={options.keepSolo}
                onChange={(e) => setOption('keepSolo', e.target.checked)}
              />
              <span>Keep events with only me on them (focus time, appointments)</span>
            </label>
            {errs.byField.keepSolo ? (
              <p className="field-error" role="alert">
                {errs.byField.keepSolo}
              </p>
            ) : null}
          </fieldset>
        ) : null}
        {errs.byField.file || errs.byField.content || errs.form ? (
          <p className="form-error" role="alert">
            {errs.byField.file ?? errs.byField.content ?? errs.form}
          </p>
        ) : null}
        {file && stage.kind === 'idle' && error ? (
          <button type="button" onClick={() => void send(file, true)}>
            Read {file.name} again
          </button>
        ) : null}
        {stage.kind === 'uploading' ? (
          <div className="upload-progress" aria-live="polite">
            <p>
              {stage.what} {file?.name}… {stage.total ? `${size(stage.sent)} of ${size(stage.total)}` : ''}
            </p>
            {stage.sent < stage.total ? (
              <progress className="progress" max={stage.total} value={stage.sent} />
            ) : (
              <progress className="progress" aria-label="Working" />
            )}
          </div>
        ) : null}
      </div>

      {(stage.kind === 'preview' || stage.kind === 'done') && isCalendarReport(stage.report) ? (
        <CalendarImportResult
          report={stage.report}
          stale={stage.kind === 'preview' && stage.sent !== sentKey}
          skipErrors={skipErrors}
          onCommit={file && stage.kind === 'preview' ? () => void send(file, false) : undefined}
          onRefresh={() => file && void send(file, true)}
          onReset={reset}
        />
      ) : stage.kind === 'preview' || stage.kind === 'done' ? (
        <ImportResult
          report={stage.report}
          choices={choices}
          onChoices={stage.kind === 'preview' ? setChoices : undefined}
          onCommit={file && stage.kind === 'preview' ? () => void send(file, false) : undefined}
          onReset={reset}
        />
      ) : null}

      <section className="card" aria-labelledby="runs-title">
        <h2 id="runs-title" className="card-title">
          Past imports
        </h2>
        {undone ? (
          <p className="import-note" role="status" data-testid="undo-result">
            {undone}
          </p>
        ) : null}
        {runs.data && runs.data.runs.length === 0 ? (
          <p className="muted">
            No imports yet. Each one you commit shows up here and can be undone as a whole.
          </p>
        ) : (
          <table className="data-table runs-table">
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">When</th>
                <th scope="col">File</th>
                <th scope="col">What it did</th>
                <th scope="col">
                  <span className="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {(runs.data?.runs ?? []).map((r) => (
                <tr key={r.id} className={r.status === 'undone' ? 'undone' : undefined}>
                  <td>#{r.id}</td>
                  <td>{dateLabel((r.committedAt ?? r.createdAt).slice(0, 10))}</td>
                  <td>
                    {r.fileName}{' '}
                    <span className="muted small">{r.kind === 'calendar' ? 'calendar' : r.format}</span>
                  </td>
                  <td>{runSummary(r)}</td>
                  <td>
                    {r.status === 'undone' ? (
                      <span className="muted small">
                        undone {r.undoneAt ? dateLabel(r.undoneAt.slice(0, 10)) : ''}
                      </span>
                    ) : (
                      <button type="button" className="link-button" onClick={() => void undo(r)}>
                        Undo
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </section>
  );
}

function ImportResult({
  report: r,
  choices,
  onChoices,
  onCommit,
  onReset,
}: {
  report: ImportReport;
  choices: MergeChoices;
  onChoices: ((next: MergeChoices) => void) | undefined;
  onCommit: (() => void) | undefined;
  onReset(): void;
}) {
  const c = r.counts;
  const preview = r.status === 'preview';
  // In a preview the chosen merges are the owner's, not yet the server's: the figures follow them.
  const merging = preview ? Object.keys(choices).length : (c.merged ?? 0);
  const created = preview ? c.created - merging : c.created;
  const blocked = preview && c.errors > 0 && c.created + c.matched === 0;
  return (
    <section className="card import-result" aria-labelledby="result-title" data-testid="import-result">
      <h2 id="result-title" className="card-title">
        {preview ? `Preview: ${r.fileName}` : `Imported as run #${r.run}: ${r.fileName}`}
      </h2>
      <p className="muted small">
        Read as {r.format}
        {r.entries?.length ? ` — ${r.entries.map((e) => `${e.path} (${e.format})`).join(', ')}` : ''}
      </p>
      <div className="stat-row">
        <div className="stat">
          <strong data-testid="import-created">{created}</strong>
          <span>new people</span>
        </div>
        {merging > 0 ? (
          <div className="stat">
            <strong data-testid="import-merged-count">{merging}</strong>
            <span>merged into people you have</span>
          </div>
        ) : null}
        <div className="stat">
          <strong>{c.matched}</strong>
          <span>matched to people you have</span>
        </div>
        <div className="stat">
          <strong>{c.updated}</strong>
          <span>get new details</span>
        </div>
        <div className="stat">
          <strong>{c.unchanged}</strong>
          <span>unchanged</span>
        </div>
        <div className="stat">
          <strong>{c.skipped}</strong>
          <span>skipped</span>
        </div>
        <div className="stat">
          <strong className={c.errors ? 'verdict-back-text' : undefined}>{c.errors}</strong>
          <span>{c.errors === 1 ? 'error' : 'errors'}</span>
        </div>
      </div>
      {r.errors.length > 0 ? (
        <details open>
          <summary>Errors</summary>
          <ul className="issue-list">
            {r.errors.slice(0, 20).map((e, i) => (
              <li key={i}>
                <span className="provenance">
                  {e.file ?? r.fileName}
                  {e.line ? `:${e.line}` : ''}
                </span>{' '}
                {e.field ? `${e.field}: ` : ''}
                {e.message}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <ImportWarnings warnings={r.warnings} total={c.warnings} fileName={r.fileName} />
      {Object.keys(r.skippedReasons).length > 0 ? (
        <details>
          <summary>Skipped ({c.skipped})</summary>
          <ul className="issue-list">
            {Object.entries(r.skippedReasons).map(([reason, n]) => (
              <li key={reason}>
                {n} × {reason}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {r.created.length > 0 ? (
        <details open={preview}>
          <summary>
            New people{c.created > r.created.length ? ` (first ${r.created.length} of ${c.created})` : ''}
          </summary>
          <ul className="name-columns">
            {r.created.slice(0, 60).map((x, i) => (
              <li key={i}>{x.name}</li>
            ))}
          </ul>
        </details>
      ) : null}
      {r.matched.length > 0 ? (
        <details>
          <summary>Matched ({c.matched})</summary>
          <ul className="issue-list">
            {r.matched.slice(0, 40).map((x, i) => (
              <li key={i}>
                {x.name} →{' '}
                {x.person.id !== null ? (
                  <Link to={`/people/${x.person.id}`}>{x.person.name}</Link>
                ) : (
                  x.person.name
                )}{' '}
                <span className="muted small">({x.reason})</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {r.changes.length > 0 ? (
        <details>
          <summary>Fields that change ({r.changes.length})</summary>
          <ul className="issue-list">
            {r.changes.slice(0, 40).map((x, i) => (
              <li key={i}>
                {x.person.name}: {x.field} {x.from ?? '(empty)'} → {x.to ?? '(empty)'}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <ImportDuplicates report={r} choices={choices} onChange={onChoices} />
      <div className="actions">
        {preview && onCommit ? (
          <button type="button" className="primary" disabled={blocked} onClick={onCommit}>
            {c.created + c.matched === 0
              ? 'Nothing to import'
              : `Import ${plural(created, 'new person', 'new people')}${c.matched ? `, update ${c.matched}` : ''}${merging ? `, merge ${merging}` : ''}`}
          </button>
        ) : null}
        {!preview ? (
          <Link to="/triage" className="button primary">
            Sort the new people
          </Link>
        ) : null}
        <button type="button" onClick={onReset}>
          {preview ? 'Cancel' : 'Import another file'}
        </button>
        {preview ? <span className="muted small">Nothing has been written yet.</span> : null}
      </div>
    </section>
  );
}
