import { apiSend } from '../api/client.ts';
import type { Entry } from '../api/types.ts';
import { ledgerChanged } from '../api/use-api.ts';
import { channelLabels, dateLabel, minutes, monthLabel } from '../format.ts';
import { editEntry } from '../log-context.ts';
import { Link } from '../router.tsx';
import { ModeChip, VerdictChip } from './chips.tsx';
import { showToast } from './toasts.tsx';

async function remove(e: Entry): Promise<void> {
  try {
    await apiSend('DELETE', `/entries/${e.id}`);
    ledgerChanged();
    showToast(`Deleted “${e.title}”.`, {
      label: 'Undo',
      run: async () => {
        await apiSend('POST', `/entries/${e.id}/restore`, {});
        ledgerChanged();
      },
    });
  } catch (err) {
    showToast(err instanceof Error ? err.message : String(err));
  }
}

async function restore(e: Entry): Promise<void> {
  try {
    await apiSend('POST', `/entries/${e.id}/restore`, {});
    ledgerChanged();
    showToast(`Restored “${e.title}”.`);
  } catch (err) {
    showToast(err instanceof Error ? err.message : String(err));
  }
}

/** Ledger entries, newest first, grouped under their day (or, for a person's timeline, their month with its total); each can be edited or deleted. */
export function EntryList({
  entries,
  hidePerson,
  byMonth = false,
}: {
  entries: Entry[];
  hidePerson?: number;
  byMonth?: boolean;
}) {
  const year = new Date().getFullYear().toString();
  const groups: [string, Entry[]][] = [];
  for (const e of entries) {
    const key = byMonth ? e.localDate.slice(0, 7) : e.localDate;
    const last = groups[groups.length - 1];
    if (last && last[0] === key) last[1].push(e);
    else groups.push([key, [e]]);
  }
  return (
    <ol className="entry-days">
      {groups.map(([key, list]) => (
        <li key={key}>
          <h3 className="day-label">
            {byMonth ? (
              <>
                {monthLabel(key, true)}{' '}
                <span className="group-total">{minutes(list.reduce((s, e) => s + e.minutes, 0))}</span>
              </>
            ) : (
              dateLabel(key, year)
            )}
          </h3>
          <ul className="entries">
            {list.map((e) => {
              const others = e.people.filter((p) => p.id !== hidePerson);
              return (
                <li key={e.id} className={`entry${e.deletedAt ? ' deleted' : ''}`}>
                  <span className="entry-time">
                    {byMonth ? (
                      <span className="entry-date">{dateLabel(e.localDate, e.localDate.slice(0, 4))}</span>
                    ) : null}
                    {e.allDay ? 'all day' : minutes(e.minutes)}
                  </span>
                  <span className="entry-main">
                    <span className="entry-title">{e.title}</span>
                    <span className="entry-meta">
                      {others.length > 0 ? (
                        <span>
                          with{' '}
                          {others.map((p, i) => (
                            <span key={p.id}>
                              {i > 0 ? ', ' : ''}
                              <Link to={`/people/${p.id}`}>{p.name}</Link>
                            </span>
                          ))}
                        </span>
                      ) : null}
                      {e.goal ? <span className="goal-ref">for {e.goal}</span> : null}
                      {e.channel ? <span>{channelLabels[e.channel] ?? e.channel}</span> : null}
                      {e.source !== 'manual' ? (
                        <span className="provenance">{e.source.replace(/^import:/, 'import #')}</span>
                      ) : null}
                    </span>
                    {e.notes ? <span className="entry-notes">{e.notes}</span> : null}
                  </span>
                  <span className="entry-chips">
                    {e.mode === null && e.verdict === null ? (
                      <ModeChip mode={null} />
                    ) : (
                      <>
                        <ModeChip mode={e.mode} />
                        <VerdictChip verdict={e.verdict} />
                      </>
                    )}
                  </span>
                  <span className="entry-actions">
                    {e.deletedAt ? (
                      <button type="button" className="link-button" onClick={() => void restore(e)}>
                        Restore
                      </button>
                    ) : (
                      <>
                        <button
                          type="button"
                          className="link-button"
                          onClick={() => editEntry(e)}
                          aria-label={`Edit “${e.title}” on ${e.localDate}`}
                        >
                          Edit
                        </button>
                        <button
                          type="button"
                          className="link-button quiet"
                          onClick={() => void remove(e)}
                          aria-label={`Delete “${e.title}” on ${e.localDate}`}
                        >
                          Delete
                        </button>
                      </>
                    )}
                  </span>
                </li>
              );
            })}
          </ul>
        </li>
      ))}
    </ol>
  );
}
