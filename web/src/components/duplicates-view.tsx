import { useState } from 'react';
import { apiSend } from '../api/client.ts';
import type { DuplicatePair, DuplicatesResult } from '../api/merge-types.ts';
import { ledgerChanged, useApi } from '../api/use-api.ts';
import { plural } from '../format.ts';
import { Link } from '../router.tsx';
import { MergeDialog } from './merge-dialog.tsx';
import { showToast } from './toasts.tsx';

/**
 * The people who may be one person, strongest evidence first: each pair says why, and is merged
 * (after a look at both) or marked as two different people, which takes it off the list.
 */
export function DuplicatesView() {
  const result = useApi<DuplicatesResult>('/people/duplicates', { limit: 200 });
  const [merging, setMerging] = useState<DuplicatePair | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const pairs = result.data?.pairs ?? [];

  const notSame = async (pair: DuplicatePair) => {
    setBusy(`${pair.a.id}-${pair.b.id}`);
    try {
      await apiSend('POST', `/people/${pair.a.id}/distinct`, { other: `#${pair.b.id}` });
      ledgerChanged();
      showToast(
        `Noted: ${pair.a.name} (#${pair.a.id}) and ${pair.b.name} (#${pair.b.id}) are different people.`,
      );
    } catch (e) {
      showToast(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  if (result.error)
    return (
      <p className="form-error" role="alert">
        {result.error.message}
      </p>
    );
  if (!result.data) return <div className="chart-placeholder" aria-busy="true" />;
  return (
    <section aria-labelledby="duplicates-title" className="duplicates">
      <h2 id="duplicates-title" className="visually-hidden">
        Likely duplicates
      </h2>
      {pairs.length === 0 ? (
        <div className="empty-state">
          <h2>No likely duplicates</h2>
          <p>
            People who share an email, a phone, a profile or their name show up here, to be merged or told
            apart.
          </p>
        </div>
      ) : (
        <>
          <p className="muted small" aria-live="polite">
            {plural(pairs.length, 'pair')} that may be one person, those sharing a contact point first.
            {result.data.commonNames > 0
              ? ` Names shared by many people (${result.data.commonNames}) are left out.`
              : ''}
          </p>
          <ul className="duplicate-list">
            {pairs.map((pair) => {
              const key = `${pair.a.id}-${pair.b.id}`;
              return (
                <li key={key} className="card" aria-label={`${pair.a.name} and ${pair.b.name}`}>
                  <div className="duplicate-names">
                    <Link to={`/people/${pair.a.id}`}>{pair.a.name}</Link>{' '}
                    <span className="muted small">#{pair.a.id}</span>
                    <span aria-hidden="true"> ~ </span>
                    <span className="visually-hidden"> and </span>
                    <Link to={`/people/${pair.b.id}`}>{pair.b.name}</Link>{' '}
                    <span className="muted small">#{pair.b.id}</span>
                  </div>
                  <ul className="evidence-chips" aria-label="Evidence">
                    {pair.evidence.map((e) => (
                      <li key={e} className={pair.strong ? 'strong' : undefined}>
                        {e}
                      </li>
                    ))}
                  </ul>
                  <div className="actions">
                    <button type="button" className="primary" onClick={() => setMerging(pair)}>
                      Merge…
                    </button>
                    <button type="button" disabled={busy === key} onClick={() => void notSame(pair)}>
                      Not the same
                    </button>
                  </div>
                </li>
              );
            })}
          </ul>
        </>
      )}
      <MergeDialog pair={merging ? [merging.a.id, merging.b.id] : null} onClose={() => setMerging(null)} />
    </section>
  );
}
