import { sql } from 'kysely';
import type { Db } from '../store/database.ts';
import { csvByteOrderMark, csvRecord } from './csv-cells.ts';
import type { CsvCell } from './csv-cells.ts';

/** People read and written at a time. */
const pageRows = 1000;

const header = [
  'ID',
  'Name',
  'Prefix',
  'Given name',
  'Middle name',
  'Family name',
  'Suffix',
  'Nickname',
  'Organization',
  'Department',
  'Title',
  'Location',
  'Birthday',
  'Anniversary',
  'Emails',
  'Phones',
  'URLs',
  'Handles',
  'Addresses',
  'Related names',
  'Connected',
  'Tags',
  'Circle',
  'Verdict',
  'Aspire to',
  'Keep in touch every (days)',
  'Mastery',
  'Contribution',
  'Accomplishment',
  'Greatness',
  'Purpose',
  'Notes',
  'Last in touch',
  'Entries',
  'Minutes together',
  'Archived',
  'Added',
  'Updated',
  'Added from',
];

/** A list in one cell: values joined by `; ` (no email, phone or tag holds one). */
const joined = (values: readonly string[] | undefined) =>
  values && values.length > 0 ? values.join('; ') : null;

function birthday(year: number | null, month: number | null, day: number | null): string | null {
  if (month === null || day === null) return null;
  const md = `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  // A birthday without its year is written as vCard and ISO 8601 write it: --MM-DD.
  return year === null ? `--${md}` : `${String(year).padStart(4, '0')}-${md}`;
}

/** Rows of a page grouped by person, each written as `text` gives it. */
function listsBy<T extends { person_id: number }>(
  rows: readonly T[],
  text: (row: T) => string,
): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const row of rows) {
    const id = Number(row.person_id);
    const list = out.get(id);
    if (list) list.push(text(row));
    else out.set(id, [text(row)]);
  }
  return out;
}

/** Runs by id, as "import 3 (contacts.vcf)", for saying where a person came from. */
async function runNames(db: Db, accountId: string): Promise<Map<number, string>> {
  const runs = await db
    .selectFrom('import_runs')
    .select(['id', 'file_name'])
    .where('account_id', '=', accountId)
    .execute();
  return new Map(runs.map((r) => [Number(r.id), `import ${r.id} (${r.file_name})`]));
}

/**
 * The account's people as CSV for a spreadsheet, by name: every live person (archived ones too,
 * with the day they were archived), with their contact points, tags, judgements and time together.
 * Merged-away and deleted people are left out. Streams a page of people at a time.
 */
export async function* peopleCsv(db: Db, accountId: string): AsyncGenerator<string> {
  yield csvByteOrderMark + csvRecord(header);
  const runs = await runNames(db, accountId);
  let after: { key: string; id: number } | null = null;
  for (;;) {
    let query = db
      .selectFrom('people')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('deleted_at', 'is', null)
      .where('merged_into', 'is', null);
    if (after) query = query.where(sql<boolean>`(name_key, id) > (${after.key}, ${after.id})`);
    const people = await query.orderBy('name_key').orderBy('id').limit(pageRows).execute();
    if (people.length === 0) break;
    const ids = people.map((p) => Number(p.id));
    const contacts = await db
      .selectFrom('contact_points')
      .select(['person_id', 'kind', 'value', 'source'])
      .where('person_id', 'in', ids)
      .orderBy('person_id')
      .orderBy('id')
      .execute();
    const tags = await db
      .selectFrom('person_tags')
      .select(['person_id', 'tag'])
      .where('person_id', 'in', ids)
      .orderBy('person_id')
      .orderBy('tag')
      .execute();
    const addresses = await db
      .selectFrom('person_addresses')
      .selectAll()
      .where('person_id', 'in', ids)
      .orderBy('person_id')
      .orderBy('id')
      .execute();
    const related = await db
      .selectFrom('person_related')
      .select(['person_id', 'name', 'relation'])
      .where('person_id', 'in', ids)
      .orderBy('person_id')
      .orderBy('id')
      .execute();
    const connections = await db
      .selectFrom('person_connections')
      .select(['person_id', 'network', 'connected_on'])
      .where('person_id', 'in', ids)
      .orderBy('person_id')
      .orderBy('network')
      .execute();
    const totals = await db
      .selectFrom('rollup_people')
      .select(['person_id', 'entries', 'minutes', 'last_day'])
      .where('account_id', '=', accountId)
      .where('person_id', 'in', ids)
      .execute();
    const points = new Map<number, Map<string, string[]>>();
    // People the demo wrote are known by their contact points (the demo is no import run).
    const demo = new Set<number>();
    for (const c of contacts) {
      const id = Number(c.person_id);
      if (c.source === 'demo') demo.add(id);
      let kinds = points.get(id);
      if (!kinds) points.set(id, (kinds = new Map()));
      let values = kinds.get(c.kind);
      if (!values) kinds.set(c.kind, (values = []));
      values.push(c.value);
    }
    const tagsOf = new Map<number, string[]>();
    for (const t of tags) {
      const id = Number(t.person_id);
      const list = tagsOf.get(id);
      if (list) list.push(t.tag);
      else tagsOf.set(id, [t.tag]);
    }
    const totalOf = new Map(totals.map((t) => [Number(t.person_id), t]));
    const addressesOf = listsBy(addresses, (a) => {
      const town = [a.postal_code, a.locality].filter(Boolean).join(' ');
      const place = [a.po_box, a.extended, a.street, town, a.region, a.country].filter(Boolean).join(', ');
      return a.label ? `${a.label}: ${place}` : place;
    });
    const relatedOf = listsBy(related, (r) => (r.relation ? `${r.name} (${r.relation})` : r.name));
    const connectedOf = listsBy(connections, (c) => `${c.network} ${c.connected_on}`);
    let out = '';
    for (const p of people) {
      const id = Number(p.id);
      const kinds = points.get(id);
      const total = totalOf.get(id);
      const cells: CsvCell[] = [
        id,
        p.name,
        p.name_prefix,
        p.given_name,
        p.middle_name,
        p.family_name,
        p.name_suffix,
        p.nickname,
        p.organization,
        p.department,
        p.title,
        p.location,
        birthday(p.birthday_year, p.birthday_month, p.birthday_day),
        p.anniversary,
        joined(kinds?.get('email')),
        joined(kinds?.get('phone')),
        joined(kinds?.get('url')),
        joined(kinds?.get('handle')),
        addressesOf.get(id)?.join('\n') ?? null,
        joined(relatedOf.get(id)),
        joined(connectedOf.get(id)),
        joined(tagsOf.get(id)),
        p.circle,
        p.verdict,
        Number(p.aspire) === 1 ? 'yes' : null,
        p.cadence_days === null ? null : Number(p.cadence_days),
        p.standing_mastery,
        p.standing_contribution,
        p.standing_accomplishment,
        p.standing_greatness,
        p.purpose,
        p.notes,
        total?.last_day ?? null,
        total && Number(total.entries) > 0 ? Number(total.entries) : null,
        total && Number(total.entries) > 0 ? Number(total.minutes) : null,
        p.archived_at?.slice(0, 10) ?? null,
        p.created_at.slice(0, 10),
        p.updated_at.slice(0, 10),
        p.import_run_id !== null
          ? (runs.get(Number(p.import_run_id)) ?? `import ${p.import_run_id}`)
          : demo.has(id)
            ? 'demo'
            : 'by hand',
      ];
      out += csvRecord(cells);
    }
    yield out;
    const last = people[people.length - 1]!;
    after = { key: last.name_key, id: Number(last.id) };
  }
}
