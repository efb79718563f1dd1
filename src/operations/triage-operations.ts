import { sql } from 'kysely';
import { z } from 'zod';
import { FathomError } from '../domain/errors.ts';
import type { Person } from '../domain/person.ts';
import { circles } from '../domain/vocabulary.ts';
import type { Circle } from '../domain/vocabulary.ts';
import { findPeopleIds, getPeople, updatePersonRow } from '../store/people-store.ts';
import { getSettings } from '../store/settings-store.ts';
import { line } from './fields.ts';
import { defineOperation } from './registry.ts';
import type { Context } from './registry.ts';
import { resolvePerson } from './resolve.ts';

/** The sources an imported person can come from, as their records' keys begin. */
export const importSources = [
  'linkedin',
  'google',
  'outlook',
  'facebook',
  'instagram',
  'x',
  'vcard',
  'csv',
] as const;
export type ImportSource = (typeof importSources)[number];

async function one(ctx: Context, id: number): Promise<Person> {
  const [p] = await getPeople(ctx.db, ctx.accountId, [id]);
  if (!p) throw new FathomError('not_found', `No person #${id}.`);
  return p;
}

async function innerWarning(ctx: Context, circle: Circle): Promise<string[]> {
  if (circle !== 'inner') return [];
  const settings = await getSettings(ctx.db, ctx.accountId);
  const { total } = await findPeopleIds(ctx.db, ctx.accountId, { circle: 'inner', limit: 0 });
  return total > settings.innerCap
    ? [
        `Your inner circle now has ${total} people, above your cap of ${settings.innerCap}. True friends are few; consider "network".`,
      ]
    : [];
}

export const personCircle = defineOperation({
  name: 'person.circle',
  summary: 'Put a person in a circle: inner, network, acquaintance, social or unsorted',
  mutates: true,
  input: z.object({
    person: line(200).describe('Person id, email or name'),
    circle: z.enum(circles).describe('inner, network, acquaintance, social or unsorted'),
  }),
  cli: { command: 'person circle', args: ['person', 'circle'] },
  http: { method: 'POST', path: '/people/{person}/circle' },
  async run(ctx, input): Promise<{ person: Person; warnings: string[] }> {
    const id = await resolvePerson(ctx.db, ctx.accountId, input.person);
    await updatePersonRow(ctx.db, ctx.accountId, id, { circle: input.circle });
    return { person: await one(ctx, id), warnings: await innerWarning(ctx, input.circle) };
  },
  text: (r) =>
    [`#${r.person.id} ${r.person.name}: ${r.person.circle}`, ...r.warnings.map((w) => `! ${w}`)].join('\n'),
});

export const personArchive = defineOperation({
  name: 'person.archive',
  summary: 'Archive a person (hidden from lists and triage, nothing deleted), or bring them back',
  mutates: true,
  input: z.object({
    person: line(200).describe('Person id, email or name'),
    restore: z.boolean().optional().describe('Take the person out of the archive'),
  }),
  cli: { command: 'person archive', args: ['person'] },
  http: { method: 'POST', path: '/people/{person}/archive' },
  async run(ctx, input): Promise<{ person: Person }> {
    const id = await resolvePerson(ctx.db, ctx.accountId, input.person);
    await updatePersonRow(ctx.db, ctx.accountId, id, {
      archivedAt: input.restore ? null : ctx.now().toISOString(),
    });
    return { person: await one(ctx, id) };
  },
  text: (r) =>
    `#${r.person.id} ${r.person.name}: ${r.person.archivedAt ? 'archived' : 'back from the archive'}`,
});

interface TriageFilter {
  tag?: string | undefined;
  source?: ImportSource | undefined;
  org?: string | undefined;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Unsorted, live, unarchived people matching every filter given, by name. */
export async function unsortedPeople(
  ctx: Context,
  f: TriageFilter,
  limit?: number,
): Promise<{ ids: number[]; total: number }> {
  let q = ctx.db
    .selectFrom('people')
    .where('people.account_id', '=', ctx.accountId)
    .where('people.circle', '=', 'unsorted')
    .where('people.merged_into', 'is', null)
    .where('people.deleted_at', 'is', null)
    .where('people.archived_at', 'is', null);
  if (f.tag) {
    const tag = f.tag.trim().toLowerCase();
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('person_tags')
          .select(sql`1`.as('one'))
          .whereRef('person_tags.person_id', '=', 'people.id')
          .where('person_tags.tag', '=', tag),
      ),
    );
  }
  if (f.org) {
    const pattern = `%${escapeLike(f.org.trim().toLowerCase())}%`;
    q = q.where(sql`lower(people.organization)`, 'like', sql<string>`${pattern} escape '\\'`);
  }
  if (f.source) {
    // Records of that source linked to the person, or to someone merged into them.
    const prefix = `${f.source}:%`;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('import_records')
          .innerJoin('people as linked', 'linked.id', 'import_records.person_id')
          .select(sql`1`.as('one'))
          .where('import_records.source_key', 'like', prefix)
          .where((w) =>
            w.or([w('linked.id', '=', w.ref('people.id')), w('linked.merged_into', '=', w.ref('people.id'))]),
          ),
      ),
    );
  }
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  let page = q.select('people.id').orderBy('people.name_key').orderBy('people.id');
  if (limit !== undefined) page = page.limit(limit);
  const rows = await page.execute();
  return { ids: rows.map((r) => Number(r.id)), total: Number(total?.n ?? 0) };
}

export interface TriageResult {
  /** The circle (or `archive`) people were moved to; absent when only listing. */
  to?: Circle | 'archive';
  dryRun: boolean;
  /** How many unsorted people matched. */
  matched: number;
  /** Ids moved (or, listing, shown), at most `limit`. */
  people: Person[];
  warnings: string[];
}

export const triage = defineOperation({
  name: 'triage',
  summary: 'Sort unsorted people: bulk rules with --to, or one key per person in a terminal',
  mutates: true,
  input: z.object({
    tag: z.string().trim().max(60).optional().describe('Only people with this tag'),
    source: z
      .enum(importSources)
      .optional()
      .describe('Only people imported from linkedin, google, outlook, facebook, instagram, x, vcard or csv'),
    org: z.string().trim().max(200).optional().describe('Only people whose organization contains this'),
    to: z
      .enum([...circles.filter((c) => c !== 'unsorted'), 'archive'])
      .optional()
      .describe('Move them to inner, network, acquaintance, social, or archive'),
    all: z.boolean().optional().describe('With --to and no filter: really move every unsorted person'),
    dryRun: z.boolean().optional().describe('Show whom a rule would move, change nothing'),
    limit: z.number().int().min(1).max(10_000).default(100).describe('List at most this many'),
  }),
  cli: { command: 'triage' },
  http: { method: 'POST', path: '/triage' },
  async run(ctx, input): Promise<TriageResult> {
    const filter = { tag: input.tag, source: input.source, org: input.org };
    const filtered = Boolean(input.tag || input.source || input.org);
    if (!input.to) {
      const { ids, total } = await unsortedPeople(ctx, filter, input.limit);
      return {
        dryRun: true,
        matched: total,
        people: await getPeople(ctx.db, ctx.accountId, ids),
        warnings: [],
      };
    }
    if (!filtered && !input.all) {
      throw new FathomError(
        'invalid_input',
        `to: give a rule (--tag, --source or --org), or --all to move every unsorted person to ${input.to}.`,
        {
          field: 'to',
        },
      );
    }
    const { ids, total } = await unsortedPeople(ctx, filter);
    const shown = await getPeople(ctx.db, ctx.accountId, ids.slice(0, input.limit));
    if (input.dryRun) return { to: input.to, dryRun: true, matched: total, people: shown, warnings: [] };
    const at = ctx.now().toISOString();
    for (let i = 0; i < ids.length; i += 1000) {
      const chunk = ids.slice(i, i + 1000);
      const set =
        input.to === 'archive' ? { archived_at: at, updated_at: at } : { circle: input.to, updated_at: at };
      await ctx.db
        .updateTable('people')
        .set(set)
        .where('account_id', '=', ctx.accountId)
        .where('id', 'in', chunk)
        .execute();
    }
    const warnings = input.to === 'archive' ? [] : await innerWarning(ctx, input.to);
    return {
      to: input.to,
      dryRun: false,
      matched: total,
      people: await getPeople(ctx.db, ctx.accountId, ids.slice(0, input.limit)),
      warnings,
    };
  },
  text: (r) => {
    const lines = r.people.map(
      (p) =>
        `  #${String(p.id).padEnd(6)} ${p.name.padEnd(28).slice(0, 28)} ${[p.title, p.organization].filter(Boolean).join(', ')}`,
    );
    const more = r.matched > r.people.length ? [`  … and ${r.matched - r.people.length} more`] : [];
    if (!r.to) {
      if (r.matched === 0) return 'Nobody is waiting to be sorted.';
      return [
        `${r.matched} unsorted ${r.matched === 1 ? 'person' : 'people'}:`,
        ...lines,
        ...more,
        'Sort them one by one in a terminal with: fathom triage',
      ].join('\n');
    }
    const where = r.to === 'archive' ? 'the archive' : r.to;
    const head = r.dryRun
      ? `Would move ${r.matched} unsorted people to ${where}:`
      : `Moved ${r.matched} people to ${where}.`;
    return [head, ...(r.dryRun ? [...lines, ...more] : []), ...r.warnings.map((w) => `! ${w}`)].join('\n');
  },
});
