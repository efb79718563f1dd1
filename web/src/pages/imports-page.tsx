import { useRef, useState } from 'react';
import type { DragEvent } from 'react';
import { apiSend } from '../api/client.ts';
import { fieldErrors } from '../api/field-errors.ts';
import type { ImportReport, ImportRun, UndoResult } from '../api/import-types.ts';
import { uploadFile } from '../api/upload.ts';
import { ledgerChanged, useApi } from '../api/use-api.ts';
import { Field } from '../components/field.tsx';
import { showToast } from '../components/toasts.tsx';
import { dateLabel, plural } from '../format.ts';
import { Link } from '../router.tsx';

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
];

type Stage =
  | { kind: 'idle' }
  | { kind: 'uploading'; what: string; sent: number; total: number }
  | { kind: 'preview'; report: ImportReport }
  | { kind: 'done'; report: ImportReport };

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Bring people in from exports: look at what would change first, then commit, and undo a whole run later. */
export default function ImportsPage() {
  const runs = useApi<{ runs: ImportRun[] }>('/imports', { limit: 50 });
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState('');
  const [mapping, setMapping] = useState('');
  const [skipErrors, setSkipErrors] = useState(false);
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const [error, setError] = useState<unknown>();
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const send = async (f: File, dryRun: boolean) => {
    setError(undefined);
    setStage({ kind: 'uploading', what: dryRun ? 'Reading' : 'Importing', sent: 0, total: f.size });
    try {
      const report = await uploadFile<ImportReport>('/imports', f, {
        fields: { dryRun, format: format || undefined, mapping: mapping.trim() || undefined, skipErrors },
        onProgress: (sent, total) =>
          setStage({ kind: 'uploading', what: dryRun ? 'Reading' : 'Importing', sent, total }),
      });
      setStage(dryRun ? { kind: 'preview', report } : { kind: 'done', report });
      if (!dryRun) {
        ledgerChanged();
        showToast(`Imported ${f.name}: ${report.counts.created} new, ${report.counts.matched} matched.`);
      }
    } catch (e) {
      setError(e);
      setStage({ kind: 'idle' });
    }
  };

  const choose = (f: File | undefined) => {
    if (!f) return;
    setFile(f);
    void send(f, true);
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    choose(e.dataTransfer.files[0]);
  };

  const undo = async (run: ImportRun) => {
    if (
      !window.confirm(
        `Undo import #${run.id} (${run.fileName})? People it created are removed; people it only added to keep what you had.`,
      )
    )
      return;
    try {
      const r = await apiSend<UndoResult>('POST', `/imports/${run.id}/undo`, {});
      ledgerChanged();
      showToast(
        `Undid #${r.run.id}: removed ${plural(r.peopleRemoved, 'person', 'people')}, ${plural(r.contactPointsRemoved, 'contact point')}${r.keptEdits.length ? `; kept ${r.keptEdits.length} of your later edits` : ''}.`,
      );
    } catch (e) {
      showToast(e instanceof Error ? e.message : String(e));
    }
  };

  const errs = fieldErrors(error, ['file', 'format', 'mapping', 'content']);
  const showMapping = format === 'generic-csv' || Boolean(errs.byField.mapping);

  return (
    <section className="page" aria-labelledby="imports-title">
      <header className="page-head">
        <div>
          <h1 id="imports-title">Imports</h1>
          <p className="muted">
            Contacts from LinkedIn, Google, Outlook, your phone, Facebook, Instagram or X. Nothing is written
            until you say so.
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
          <strong>Drop an export file or its ZIP here</strong>
          <span className="muted small">.vcf, .csv, .json, .js or the .zip a service hands you</span>
          <label className="button">
            Choose a file…
            <input
              ref={input}
              type="file"
              className="visually-hidden"
              accept=".vcf,.vcard,.csv,.json,.js,.zip,.txt"
              onChange={(e) => choose(e.target.files?.[0])}
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

      {stage.kind === 'preview' || stage.kind === 'done' ? (
        <ImportResult
          report={stage.report}
          onCommit={file && stage.kind === 'preview' ? () => void send(file, false) : undefined}
          onReset={() => {
            setStage({ kind: 'idle' });
            setFile(null);
            if (input.current) input.current.value = '';
          }}
        />
      ) : null}

      <section className="card" aria-labelledby="runs-title">
        <h2 id="runs-title" className="card-title">
          Past imports
        </h2>
        {runs.data && runs.data.runs.length === 0 ? (
          <p className="muted">
            No imports yet. Each one you commit shows up here and can be undone as a whole.
          </p>
        ) : (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">When</th>
                <th scope="col">File</th>
                <th scope="col" className="num">
                  New
                </th>
                <th scope="col" className="num">
                  Matched
                </th>
                <th scope="col" className="num">
                  Updated
                </th>
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
                    {r.fileName} <span className="muted small">{r.format}</span>
                  </td>
                  <td className="num">{r.counts.created}</td>
                  <td className="num">{r.counts.matched}</td>
                  <td className="num">{r.counts.updated}</td>
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
  onCommit,
  onReset,
}: {
  report: ImportReport;
  onCommit: (() => void) | undefined;
  onReset(): void;
}) {
  const c = r.counts;
  const preview = r.status === 'preview';
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
          <strong data-testid="import-created">{c.created}</strong>
          <span>new people</span>
        </div>
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
      {r.suggestions.length > 0 ? (
        <details>
          <summary>Possible duplicates, left apart ({c.suggestions})</summary>
          <ul className="issue-list">
            {r.suggestions.slice(0, 40).map((x, i) => (
              <li key={i}>
                {x.name} ~ {x.candidates.map((p) => p.name).join(', ')}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <div className="actions">
        {preview && onCommit ? (
          <button type="button" className="primary" disabled={blocked} onClick={onCommit}>
            {c.created + c.matched === 0
              ? 'Nothing to import'
              : `Import ${plural(c.created, 'new person', 'new people')}${c.matched ? ` and update ${c.matched}` : ''}`}
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
