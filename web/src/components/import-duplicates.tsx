import type { ImportReport, ImportSuggestion, SuggestionCandidate } from '../api/import-types.ts';
import { Link } from '../router.tsx';

/** Merges chosen in a preview: record key → the person the newcomer goes into. */
export type MergeChoices = Readonly<Record<string, number>>;

/** The choices as the import operation takes them: `RECORD=PERSON`, one each. */
export function mergeIntoField(choices: MergeChoices): string[] {
  return Object.entries(choices).map(([recordKey, person]) => `${recordKey}=${person}`);
}

function details(p: { title?: string | null; organization: string | null; email: string | null }): string {
  return [[p.title, p.organization].filter(Boolean).join(' at '), p.email].filter(Boolean).join(' · ');
}

function where(s: ImportSuggestion, fileName: string): string {
  return `${s.file && s.file !== fileName ? `${s.file}, ` : ''}line ${s.line}`;
}

function CandidateText({ c }: { c: SuggestionCandidate }) {
  const more = details(c);
  return (
    <>
      Merge with <Link to={`/people/${c.id}`}>{c.name}</Link>{' '}
      <span className="muted small">
        #{c.id}
        {more ? ` · ${more}` : ''}
      </span>
    </>
  );
}

/**
 * The newcomers of an import who share a name with people you have. In a preview each is left apart
 * unless the owner chooses to merge them with one of those people; the choice travels with the commit.
 * After the commit, the merges made and the pairs left apart are listed.
 */
export function ImportDuplicates({
  report: r,
  choices,
  onChange,
}: {
  report: ImportReport;
  choices: MergeChoices;
  onChange?: ((next: MergeChoices) => void) | undefined;
}) {
  const preview = r.status === 'preview';
  const merged = r.merged ?? [];
  const choose = (recordKey: string, person: number | null) => {
    if (!onChange) return;
    const next: Record<string, number> = { ...choices };
    if (person === null) delete next[recordKey];
    else next[recordKey] = person;
    onChange(next);
  };
  const total = r.counts.suggestions;
  return (
    <>
      {merged.length > 0 ? (
        <details open>
          <summary>Merged into people you have ({r.counts.merged ?? merged.length})</summary>
          <ul className="issue-list" data-testid="import-merged">
            {merged.map((m) => (
              <li key={m.recordKey}>
                {m.name} →{' '}
                {m.person.id !== null ? (
                  <Link to={`/people/${m.person.id}`}>{m.person.name}</Link>
                ) : (
                  m.person.name
                )}{' '}
                <span className="muted small">
                  #{m.person.id} · line {m.line}
                </span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {r.suggestions.length > 0 ? (
        <details open={preview}>
          <summary>
            Possible duplicates, left apart ({total})
            {preview && Object.keys(choices).length > 0 ? ` — ${Object.keys(choices).length} to merge` : ''}
          </summary>
          <p className="small muted">
            {preview
              ? 'These newcomers share a name with someone you have. Each becomes a new person unless you merge them; a merge is part of this import and is undone with it.'
              : 'Merge any of them later from People › Likely duplicates.'}
          </p>
          <ul className="import-duplicates">
            {r.suggestions.map((s) => {
              const chosen = choices[s.recordKey];
              const more = details(s);
              const label = `${s.name}, ${where(s, r.fileName)}`;
              return (
                <li key={s.recordKey}>
                  {preview && onChange ? (
                    <fieldset>
                      <legend>
                        <strong>{s.name}</strong>{' '}
                        <span className="muted small">
                          {where(s, r.fileName)}
                          {more ? ` · ${more}` : ''}
                        </span>
                      </legend>
                      <label className="check">
                        <input
                          type="radio"
                          name={`dup-${s.recordKey}`}
                          checked={chosen === undefined}
                          onChange={() => choose(s.recordKey, null)}
                          aria-label={`Keep ${label} as a new person`}
                        />
                        <span>Keep apart: a new person</span>
                      </label>
                      {s.candidates.map((c) => (
                        <label className="check" key={c.id}>
                          <input
                            type="radio"
                            name={`dup-${s.recordKey}`}
                            checked={chosen === c.id}
                            onChange={() => choose(s.recordKey, c.id)}
                            aria-label={`Merge ${label} with ${c.name} (#${c.id})`}
                          />
                          <span>
                            <CandidateText c={c} />
                          </span>
                        </label>
                      ))}
                    </fieldset>
                  ) : (
                    <>
                      {s.name} <span className="muted small">{more}</span> ~{' '}
                      {s.candidates.map((c, i) => (
                        <span key={c.id}>
                          {i > 0 ? ', ' : ''}
                          <Link to={`/people/${c.id}`}>{c.name}</Link>
                        </span>
                      ))}
                    </>
                  )}
                </li>
              );
            })}
          </ul>
          {total > r.suggestions.length ? (
            <p className="small muted">
              The first {r.suggestions.length} of {total} are shown; the rest can be merged later from People
              › Likely duplicates.
            </p>
          ) : null}
        </details>
      ) : null}
    </>
  );
}
