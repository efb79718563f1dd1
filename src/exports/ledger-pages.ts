import { sql } from 'kysely';
import type { Selectable } from 'kysely';
import type { Db, EntryRow } from '../store/database.ts';

/** Entries read at a time. */
const pageRows = 2000;

/** A live entry with what an export shows beside it: its goal's title and its people. */
export interface ExportedEntry {
  row: Selectable<EntryRow>;
  goal: string | null;
  people: { id: number; name: string; email: string | null }[];
}

/**
 * The account's live entries in the order of their start, a page at a time, each with its goal's
 * title and its people (by name, with the first email each has), for the CSV and ICS exports.
 */
export async function* liveEntryPages(db: Db, accountId: string): AsyncGenerator<ExportedEntry[]> {
  const goals = await db
    .selectFrom('goals')
    .select(['id', 'title'])
    .where('account_id', '=', accountId)
    .execute();
  const goalTitles = new Map(goals.map((g) => [Number(g.id), g.title]));
  let after: { start: string; id: number } | null = null;
  for (;;) {
    let query = db
      .selectFrom('entries')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('deleted_at', 'is', null);
    if (after) query = query.where(sql<boolean>`(started_at, id) > (${after.start}, ${after.id})`);
    const rows = await query.orderBy('started_at').orderBy('id').limit(pageRows).execute();
    if (rows.length === 0) return;
    const ids = rows.map((r) => Number(r.id));
    const links = await db
      .selectFrom('entry_people as ep')
      .innerJoin('people as p', 'p.id', 'ep.person_id')
      .select(['ep.entry_id', 'p.id', 'p.name'])
      .where('ep.entry_id', 'in', ids)
      .orderBy('ep.entry_id')
      .orderBy('p.name')
      .orderBy('p.id')
      .execute();
    // Each person's first email, looked up once for the page's people rather than once per link.
    const personIds = [...new Set(links.map((l) => Number(l.id)))];
    const emails = new Map<number, string>();
    for (let i = 0; i < personIds.length; i += 1000) {
      const found = await db
        .selectFrom('contact_points')
        .select(['person_id', 'value'])
        .where('person_id', 'in', personIds.slice(i, i + 1000))
        .where('kind', '=', 'email')
        .orderBy('person_id')
        .orderBy('id')
        .execute();
      for (const c of found) if (!emails.has(Number(c.person_id))) emails.set(Number(c.person_id), c.value);
    }
    const peopleOf = new Map<number, ExportedEntry['people']>();
    for (const l of links) {
      const entry = Number(l.entry_id);
      const person = { id: Number(l.id), name: l.name, email: emails.get(Number(l.id)) ?? null };
      const list = peopleOf.get(entry);
      if (list) list.push(person);
      else peopleOf.set(entry, [person]);
    }
    yield rows.map((row) => ({
      row,
      goal: row.goal_id === null ? null : (goalTitles.get(Number(row.goal_id)) ?? null),
      people: peopleOf.get(Number(row.id)) ?? [],
    }));
    const last = rows[rows.length - 1]!;
    after = { start: last.started_at, id: Number(last.id) };
  }
}
