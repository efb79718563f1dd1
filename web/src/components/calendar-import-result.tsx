import type { ReactNode } from 'react';
import type { CalendarImportReport, ImportIssue, ReportOccurrence } from '../api/import-types.ts';
import { dateLabel, minutes, plural, zonedNow } from '../format.ts';
import { Link } from '../router.tsx';
import { ImportWarnings } from './import-warnings.tsx';

/** Field groups a calendar import compares, in the words the page uses. */
const fieldNames: Record<string, string> = {
  time: 'time',
  minutes: 'length',
  title: 'title',
  people: 'people',
};

function fieldsText(fields: string[]): string {
  return fields.map((f) => fieldNames[f] ?? f).join(', ');
}

/** When an occurrence starts, in the zone the import read it in: `6 Jan 2025 09:00`. */
/** When an occurrence is, in the owner's zone, and for how long: all-day ones have no time of day. */
function when(o: ReportOccurrence, timeZone: string): string {
  const t = zonedNow(timeZone, new Date(o.start));
  return o.allDay
    ? `${dateLabel(t.date)} · all day`
    : `${dateLabel(t.date)} ${t.time} · ${minutes(o.minutes)}`;
}

function byStart<T extends ReportOccurrence>(list: T[]): T[] {
  return [...list].sort((a, b) => a.start.localeCompare(b.start) || a.line - b.line);
}

function where(o: { line: number; file?: string }, fileName: string): ReactNode {
  return o.line > 0 ? (
    <span className="provenance">
      {o.file ?? fileName}:{o.line}
    </span>
  ) : null;
}

function issueText(e: ImportIssue): string {
  return `${e.field ? `${e.field}: ` : ''}${e.message}`;
}

/** A summary line that says when a list shows only the first part of what the counts hold. */
function titled(title: string, shown: number, total: number): string {
  return total > shown ? `${title} (first ${shown} of ${total})` : `${title} (${total})`;
}

interface CalendarImportResultProps {
  report: CalendarImportReport;
  /** The file was read with options other than those on the form now. */
  stale: boolean;
  /** Whether entries that can be read are imported despite errors in other lines. */
  skipErrors: boolean;
  onCommit: (() => void) | undefined;
  onRefresh(): void;
  onReset(): void;
}

/** The preview or result of a calendar import: the window, what happens to which entries, and who is new. */
export function CalendarImportResult({
  report: r,
  stale,
  skipErrors,
  onCommit,
  onRefresh,
  onReset,
}: CalendarImportResultProps) {
  const c = r.counts;
  const preview = r.status === 'preview';
  const changes = c.created + c.updated + c.removed;
  const blocked = preview && c.errors > 0 && !skipErrors;
  // What a first import never has (moved, removed, kept entries; people already known) shows only when it happens.
  const stats: [number, string, boolean, string?][] = [
    [c.created, c.created === 1 ? 'new entry' : 'new entries', true, 'import-created'],
    [c.updated, 'moved or changed', false],
    [c.removed, 'no longer in the calendar', false],
    [c.unchanged, 'unchanged', false],
    [c.kept, 'kept as you made them', false],
    [c.peopleCreated, c.peopleCreated === 1 ? 'new person' : 'new people', true],
    [c.peopleMatched, c.peopleMatched === 1 ? 'person you have' : 'people you have', false],
    [c.skipped, 'skipped', true],
  ];
  const commitLabel =
    changes === 0
      ? 'Nothing to import'
      : [
          c.created ? `Import ${plural(c.created, 'entry', 'entries')}` : '',
          c.updated ? `${c.created ? 'update' : 'Update'} ${c.updated}` : '',
          c.removed ? `${c.created || c.updated ? 'remove' : 'Remove'} ${c.removed}` : '',
        ]
          .filter(Boolean)
          .join(', ');

  return (
    <section className="card import-result" aria-labelledby="result-title" data-testid="import-result">
      <h2 id="result-title" className="card-title">
        {preview ? `Preview: ${r.fileName}` : `Imported as run #${r.run}: ${r.fileName}`}
      </h2>
      <p className="muted small" data-testid="calendar-window">
        Calendar, {dateLabel(r.window.from)} to {dateLabel(r.window.to)}; times in {r.timeZone}
      </p>
      <div className="stat-row">
        {stats
          .filter(([n, , always]) => always || n > 0)
          .map(([n, label, , testId]) => (
            <div className="stat" key={label}>
              <strong data-testid={testId}>{n}</strong>
              <span>{label}</span>
            </div>
          ))}
        <div className="stat">
          <strong className={c.errors ? 'verdict-back-text' : undefined}>{c.errors}</strong>
          <span>{c.errors === 1 ? 'error' : 'errors'}</span>
        </div>
      </div>
      {r.errors.length > 0 ? (
        <details open>
          <summary>{titled('Errors', Math.min(r.errors.length, 50), c.errors)}</summary>
          <ul className="issue-list">
            {r.errors.slice(0, 50).map((e, i) => (
              <li key={i}>
                <span className="provenance">
                  {e.file ?? r.fileName}
                  {e.line ? `:${e.line}` : ''}
                </span>{' '}
                {issueText(e)}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {r.created.length > 0 ? (
        <details open={preview}>
          <summary>{titled('New entries, unjudged', r.created.length, c.created)}</summary>
          <ul className="issue-list occurrence-list">
            {byStart(r.created).map((o, i) => (
              <li key={i}>
                <span className="occurrence-when">{when(o, r.timeZone)}</span> {o.name} {where(o, r.fileName)}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {r.updated.length > 0 ? (
        <details open={preview}>
          <summary>{titled('Moved or changed', r.updated.length, c.updated)}</summary>
          <ul className="issue-list occurrence-list">
            {byStart(r.updated).map((o, i) => (
              <li key={i}>
                <span className="occurrence-when">{when(o, r.timeZone)}</span> {o.name}{' '}
                <span className="muted small">
                  #{o.entry} — new {fieldsText(o.fields)}
                </span>{' '}
                {where(o, r.fileName)}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {r.removed.length > 0 ? (
        <details open={preview}>
          <summary>{titled('No longer in the calendar, removed', r.removed.length, c.removed)}</summary>
          <ul className="issue-list occurrence-list">
            {byStart(r.removed).map((o, i) => (
              <li key={i}>
                <span className="occurrence-when">{when(o, r.timeZone)}</span> {o.name}{' '}
                <span className="muted small">#{o.entry}</span>
              </li>
            ))}
          </ul>
          <p className="muted small">
            They go to the <Link to="/entries?deleted=1">deleted entries</Link>, where each can be restored;
            undoing the run brings them all back.
          </p>
        </details>
      ) : null}
      {r.keptEntries.length > 0 ? (
        <details open={preview}>
          <summary>{titled('Kept as you made them', r.keptEntries.length, c.kept)}</summary>
          <ul className="issue-list occurrence-list">
            {byStart(r.keptEntries).map((o, i) => (
              <li key={i}>
                <span className="occurrence-when">{when(o, r.timeZone)}</span> {o.name}{' '}
                <span className="muted small">
                  #{o.entry} — {o.why}
                  {o.fields.length ? ` (${fieldsText(o.fields)})` : ''}
                </span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {r.newPeople.length > 0 ? (
        <details open={preview}>
          <summary>{titled('New people, unsorted', r.newPeople.length, c.peopleCreated)}</summary>
          <ul className="name-columns wide">
            {r.newPeople.map((p) => (
              <li key={p.email}>
                {p.name}
                {p.name !== p.email ? <span className="muted small"> {p.email}</span> : null}
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
                {n} × {reason.replace(' (keep with --keep-solo)', ' (tick “Keep events with only me”)')}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {preview && stale ? (
        <p className="import-note" role="status">
          The calendar options changed since this preview.{' '}
          <button type="button" className="link-button" onClick={onRefresh}>
            Preview again
          </button>
        </p>
      ) : null}
      {blocked ? (
        <p className="import-note">
          The file has {plural(c.errors, 'error')}: nothing is imported unless you tick “Import the readable
          records” above.
        </p>
      ) : null}
      <div className="actions">
        {preview && onCommit ? (
          <button
            type="button"
            className="primary"
            disabled={blocked || stale || changes === 0}
            onClick={onCommit}
          >
            {commitLabel}
          </button>
        ) : null}
        {!preview && c.created + c.updated > 0 ? (
          <Link to="/review" className="button primary">
            Judge the new entries
          </Link>
        ) : null}
        {!preview && c.peopleCreated > 0 ? (
          <Link to="/triage" className="button">
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
