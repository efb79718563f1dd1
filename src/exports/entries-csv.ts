import { utcToZoned } from '../domain/zoned-time.ts';
import type { Db } from '../store/database.ts';
import { getSettings } from '../store/settings-store.ts';
import { csvByteOrderMark, csvRecord } from './csv-cells.ts';
import { liveEntryPages } from './ledger-pages.ts';

const header = [
  'ID',
  'Date',
  'Start',
  'Minutes',
  'All day',
  'Title',
  'Kind',
  'Verdict',
  'Goal',
  'Channel',
  'People',
  'Notes',
  'Source',
  'Imported from',
  'Added',
  'Updated',
];

const two = (n: number) => String(n).padStart(2, '0');

/**
 * The account's live entries as CSV for a spreadsheet, in the order they happened: the date and
 * start in the owner's time zone, minutes, networking or socializing, forward or back (blank while
 * unjudged), goal, channel, people and notes. Deleted entries are left out.
 */
export async function* entriesCsv(db: Db, accountId: string): AsyncGenerator<string> {
  const { timeZone } = await getSettings(db, accountId);
  yield csvByteOrderMark + csvRecord([...header.slice(0, 2), `Start (${timeZone})`, ...header.slice(3)]);
  const runs = await db
    .selectFrom('import_runs')
    .select(['id', 'file_name'])
    .where('account_id', '=', accountId)
    .execute();
  const runNames = new Map(runs.map((r) => [Number(r.id), r.file_name]));
  for await (const page of liveEntryPages(db, accountId)) {
    let out = '';
    for (const { row, goal, people } of page) {
      const allDay = Number(row.all_day) === 1;
      const local = utcToZoned(new Date(row.started_at), timeZone);
      out += csvRecord([
        Number(row.id),
        // An all-day entry keeps its own day; a timed one is placed by its instant in today's zone.
        allDay ? row.local_date : `${local.year}-${two(local.month)}-${two(local.day)}`,
        allDay ? null : `${two(local.hour)}:${two(local.minute)}`,
        Number(row.minutes),
        allDay ? 'yes' : null,
        row.title,
        row.mode,
        row.verdict,
        goal,
        row.channel?.replace(/_/g, ' ') ?? null,
        people.length > 0 ? people.map((p) => p.name).join('; ') : null,
        row.notes,
        row.source,
        row.import_run_id === null ? null : (runNames.get(Number(row.import_run_id)) ?? null),
        row.created_at.slice(0, 10),
        row.updated_at.slice(0, 10),
      ]);
    }
    yield out;
  }
}
