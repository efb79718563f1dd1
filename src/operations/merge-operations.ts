import { z } from 'zod';
import { FathomError } from '../domain/errors.ts';
import type { Person } from '../domain/person.ts';
import {
  findDuplicates,
  markDistinct,
  mergePeople,
  mergesOf,
  pairEvidence,
  unmergePerson,
} from '../store/merge-store.ts';
import type { DuplicatePair, MergeSummary, PairEvidence } from '../store/merge-store.ts';
import { getPeople } from '../store/people-store.ts';
import { line } from './fields.ts';
import { personText } from './people-operations.ts';
import { defineOperation } from './registry.ts';
import type { Context } from './registry.ts';
import { resolvePerson } from './resolve.ts';

/** Resolves a reference, refusing one that only names a person through an earlier merge. */
async function resolveLive(ctx: Context, ref: string, field: string): Promise<number> {
  const id = await resolvePerson(ctx.db, ctx.accountId, ref, field);
  const direct = /^#?(\d+)$/.exec(ref.trim());
  if (direct && Number(direct[1]) !== id) {
    throw new FathomError('conflict', `${field}: #${direct[1]} is already merged into #${id}.`, { field });
  }
  return id;
}

async function one(ctx: Context, id: number): Promise<Person> {
  const [p] = await getPeople(ctx.db, ctx.accountId, [id]);
  if (!p) throw new FathomError('not_found', `No person #${id}.`);
  return p;
}

export interface MergeResult {
  merge: number;
  survivor: Person;
  merged: { id: number; name: string };
  moved: { contactPoints: number; tags: number; entries: number; fields: string[] };
}

export const personMerge = defineOperation({
  name: 'person.merge',
  summary: 'Merge a duplicate into a person (B into A); undo with person unmerge',
  mutates: true,
  input: z.object({
    person: line(200).describe('The person to keep (id, email or name)'),
    other: line(200).describe('The duplicate to merge into them'),
  }),
  cli: { command: 'person merge', args: ['person', 'other'] },
  http: { method: 'POST', path: '/people/{person}/merge' },
  async run(ctx, input): Promise<MergeResult> {
    const survivorId = await resolveLive(ctx, input.person, 'person');
    const mergedId = await resolveLive(ctx, input.other, 'other');
    const other = await one(ctx, mergedId);
    const record = await mergePeople(ctx.db, ctx.accountId, survivorId, mergedId, ctx.now().toISOString());
    const m = record.moved;
    return {
      merge: record.id,
      survivor: await one(ctx, survivorId),
      merged: { id: mergedId, name: other.name },
      moved: {
        contactPoints: m.contacts.length,
        tags: m.survivorTagsAdded.length,
        entries: m.entriesMoved.length + m.entriesDropped.length,
        fields: [...new Set(m.fields.map((f) => f.column.replace(/^birthday_.*/, 'birthday')))],
      },
    };
  },
  text: (r) =>
    `Merged #${r.merged.id} ${r.merged.name} into #${r.survivor.id}: ${r.moved.contactPoints} contact points, ${r.moved.tags} tags and ${r.moved.entries} entries moved${
      r.moved.fields.length ? `; filled ${r.moved.fields.join(', ')}` : ''
    }.\n${personText(r.survivor)}\nUndo with: fathom person unmerge ${r.merged.id}`,
});

export const personUnmerge = defineOperation({
  name: 'person.unmerge',
  summary: 'Undo a merge: bring a merged person back as they were',
  mutates: true,
  input: z.object({
    person: z
      .string()
      .trim()
      .regex(/^#?\d+$/, 'is not a person id')
      .describe('Id of the person who was merged away'),
  }),
  cli: { command: 'person unmerge', args: ['person'] },
  http: { method: 'POST', path: '/people/{person}/unmerge' },
  async run(ctx, input): Promise<{ restored: Person; survivor: Person }> {
    const id = Number(input.person.replace('#', ''));
    const record = await unmergePerson(ctx.db, ctx.accountId, id, ctx.now().toISOString());
    return { restored: await one(ctx, id), survivor: await one(ctx, record.survivorId) };
  },
  text: (r) =>
    `#${r.restored.id} ${r.restored.name} is their own person again (taken back out of #${r.survivor.id} ${r.survivor.name}).`,
});

export const personDuplicates = defineOperation({
  name: 'person.duplicates',
  summary: 'List people who may be the same person, with the evidence',
  mutates: false,
  input: z.object({
    limit: z.number().int().min(1).max(1000).default(50).describe('At most this many pairs'),
  }),
  cli: { command: 'person duplicates' },
  http: { method: 'GET', path: '/people/duplicates' },
  async run(ctx, input): Promise<{ pairs: DuplicatePair[]; commonNames: number }> {
    return findDuplicates(ctx.db, ctx.accountId, input.limit);
  },
  text: (r) => {
    if (r.pairs.length === 0) return 'No likely duplicates.';
    const lines = r.pairs.map(
      (p) => `#${p.a.id} ${p.a.name}  ~  #${p.b.id} ${p.b.name}: ${p.evidence.join('; ')}`,
    );
    lines.push(
      '',
      'Merge with: fathom person merge KEEP OTHER   ·   Not the same: fathom person distinct A B',
    );
    if (r.commonNames > 0) lines.push(`(${r.commonNames} names shared by many people are left out.)`);
    return lines.join('\n');
  },
});

export const personDistinct = defineOperation({
  name: 'person.distinct',
  summary: 'Say that two people are not the same, so they stop showing as duplicates',
  mutates: true,
  input: z.object({
    person: line(200).describe('One person'),
    other: line(200).describe('The other person'),
  }),
  cli: { command: 'person distinct', args: ['person', 'other'] },
  http: { method: 'POST', path: '/people/{person}/distinct' },
  async run(ctx, input): Promise<{ a: number; b: number }> {
    const a = await resolveLive(ctx, input.person, 'person');
    const b = await resolveLive(ctx, input.other, 'other');
    if (a === b)
      throw new FathomError('invalid_input', 'other: that is the same person.', { field: 'other' });
    await markDistinct(ctx.db, ctx.accountId, a, b, ctx.now().toISOString());
    return { a, b };
  },
  text: (r) => `#${r.a} and #${r.b} are noted as different people.`,
});

export const personEvidence = defineOperation({
  name: 'person.evidence',
  summary: 'Show what links two people before merging them: shared emails, phones, profiles and name',
  mutates: false,
  input: z.object({
    person: line(200).describe('One person (id, email or name)'),
    other: line(200).describe('The other person'),
  }),
  cli: { command: 'person compare', args: ['person', 'other'] },
  http: { method: 'GET', path: '/people/{person}/evidence' },
  async run(ctx, input): Promise<PairEvidence> {
    const a = await resolveLive(ctx, input.person, 'person');
    const b = await resolveLive(ctx, input.other, 'other');
    if (a === b)
      throw new FathomError('invalid_input', 'other: that is the same person.', { field: 'other' });
    return pairEvidence(ctx.db, ctx.accountId, a, b);
  },
  text: (r) =>
    [
      `#${r.a.id} ${r.a.name}  ~  #${r.b.id} ${r.b.name}`,
      r.evidence.length > 0 ? `  ${r.evidence.join('; ')}` : '  They share no email, phone, profile or name.',
      ...(r.distinct ? ['  You said before that they are different people.'] : []),
      `Merge with: fathom person merge ${r.a.id} ${r.b.id}`,
    ].join('\n'),
});

export const personMerges = defineOperation({
  name: 'person.merges',
  summary: 'List the merges a person takes part in: whom they were merged into, and who was merged into them',
  mutates: false,
  input: z.object({
    person: z
      .string()
      .trim()
      .regex(/^#?\d+$/, 'is not a person id')
      .describe('Person id (a merged person keeps theirs)'),
  }),
  cli: { command: 'person merges', args: ['person'] },
  http: { method: 'GET', path: '/people/{person}/merges' },
  async run(
    ctx,
    input,
  ): Promise<{ person: { id: number; name: string }; into: MergeSummary | null; from: MergeSummary[] }> {
    const id = Number(input.person.replace('#', ''));
    const p = await one(ctx, id);
    return { person: { id, name: p.name }, ...(await mergesOf(ctx.db, ctx.accountId, id)) };
  },
  text: (r) => {
    const from = (m: MergeSummary) =>
      `  #${m.merged.id} ${m.merged.name}, ${m.createdAt.slice(0, 10)}${m.importRun !== null ? ` (chosen in import #${m.importRun})` : ''}`;
    const lines: string[] = [];
    if (r.into)
      lines.push(
        `#${r.person.id} ${r.person.name} was merged into #${r.into.survivor.id} ${r.into.survivor.name} on ${r.into.createdAt.slice(0, 10)}.`,
        `Undo with: fathom person unmerge ${r.person.id}`,
      );
    if (r.from.length > 0)
      lines.push(
        `Merged into #${r.person.id} ${r.person.name}:`,
        ...r.from.map(from),
        'Undo one with: fathom person unmerge ID',
      );
    return lines.length > 0 ? lines.join('\n') : `#${r.person.id} ${r.person.name} takes part in no merge.`;
  },
});
