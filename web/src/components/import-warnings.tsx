import type { ImportIssue } from '../api/import-types.ts';

/** What an import changed to fit the ledger's limits (cut, split or left out values), one line each. */
export function ImportWarnings({
  warnings,
  total,
  fileName,
}: {
  warnings: ImportIssue[];
  total: number;
  fileName: string;
}) {
  if (warnings.length === 0) return null;
  return (
    <details data-testid="import-warnings">
      <summary>Changed to fit ({total})</summary>
      <ul className="issue-list">
        {warnings.slice(0, 20).map((w, i) => (
          <li key={i}>
            <span className="provenance">
              {w.file ?? fileName}
              {w.line ? `:${w.line}` : ''}
            </span>{' '}
            {w.field ? `${w.field}: ` : ''}
            {w.message}
          </li>
        ))}
        {total > Math.min(warnings.length, 20) ? (
          <li className="muted">… and {total - Math.min(warnings.length, 20)} more</li>
        ) : null}
      </ul>
    </details>
  );
}
