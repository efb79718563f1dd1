import { z } from 'zod';
import { formatMinutes } from '../domain/duration.ts';
import type { Entry } from '../domain/entry.ts';
import { changedFields, fieldList, revertEdit } from '../domain/entry-revision.ts';
import type { EntryField, EntryState } from '../domain/entry-revision.ts';
import { FathomError, invalid } from '../domain/errors.ts';
import { channels, modes, verdicts } from '../domain/vocabulary.ts';
import { parseWhen } from '../domain/when.ts';
import { textLimits } from '../domain/field-limits.ts';
import { localDateOf, startOfDay } from '../domain/zoned-time.ts';
import { snapshotAfterUndo } from '../ingest/calendar-plan.ts';
import {
  getEntry,
  insertEntry,
  listEntries,
  setEntryDeleted,
  updateEntryRow,
} from '../store/entries-store.ts';
import type { EntryPatch, EntryWrite } from '../store/entries-store.ts';
import {
  lastEntryRevision,
  markRevisionUndone,
  peopleAsTheyAreNow,
  readEntryState,
  recordEntryRevision,
  revisionStatus,
} from '../store/entry-revisions-store.ts';
import { getSettings } from '../store/settings-store.ts';
import { dateField, durationField, idField, line, prose, timeZoneField } from './fields.ts';
import { defineOperation } from './registry.ts';
import type { Context } from './registry.ts';
import { resolveGoal, resolvePerson } from './resolve.ts';

export const modeSwitches = {
  networking: { field: 'mode', value: 'networking', description: 'Time that furthers your purpose' },
  socializing: { field: 'mode', value: 'socializing', description: 'Mixing and mingling, no aim' },
  forward: { field: 'verdict', value: 'forward', description: 'It moved you forward' },
  back: { field: 'verdict', value: 'back', description: 'It held you back' },
};

const channelField = z.enum(channels).optional().describe('in_person, call, video, message or event');

async function resolvePeople(ctx: Context, refs: string[] | undefined): Promise<number[] | undefined> {
  if (refs === undefined) return undefined;
  const ids: number[] = [];
  // Each --with may also hold a comma-separated list.
  const parts = refs
    .flatMap((r) => r.split(','))
    .map((r) => r.trim())
    .filter(Boolean);
  for (const ref of parts) ids.push(await resolvePerson(ctx.db, ctx.accountId, ref, 'with'));
  return [...new Set(ids)];
}

async function requireEntry(ctx: Context, id: number, includeDeleted = false): Promise<Entry> {
  const entry = await getEntry(ctx.db, ctx.accountId, id, includeDeleted);
  if (!entry)
    throw new FathomError(
      'not_found',
      `No entry #${id}${includeDeleted ? '' : ' (it may be deleted; see entries list --deleted)'}.`,
      { field: 'id' },
    );
  return entry;
}

/** One entry as a line of the ledger. */
export function entryLine(e: Entry): string {
  const kind = e.mode ?? 'unjudged';
  const verdict = e.verdict ?? (e.mode ? 'unjudged' : '');
  const people = e.people.map((p) => p.name).join(', ');
  const time = e.allDay ? 'all day' : formatMinutes(e.minutes);
  return `#${String(e.id).padEnd(6)} ${e.localDate}  ${time.padStart(6)}  ${kind.padEnd(11)} ${verdict.padEnd(8)} ${e.title}${people ? ` — with ${people}` : ''}${e.goal ? ` [${e.goal}]` : ''}${e.deletedAt ? ' (deleted)' : ''}`;
}

export const log = defineOperation({
  name: 'log',
  summary: 'Log time spent with people',
  mutates: true,
  input: z.object({
    duration: durationField.describe('How long: 45m, 1h30, 2h'),
    title: line(textLimits.entryTitle).describe('What it was'),
    with: z
      .array(z.string())
      .optional()
      .describe('Person id, email or name (repeatable, or comma-separated)'),
    mode: z.enum(modes).optional().describe('networking or socializing'),
    verdict: z.enum(verdicts).optional().describe('forward or back'),
    goal: line(200).optional().describe('The goal it served (id or title)'),
    channel: channelField,
    at: z
      .string()
      .optional()
      .describe(
        'When it started: "yesterday 12:30", "2026-03-01 14:00", "2h ago" (default: now minus the duration)',
      ),
    notes: prose(textLimits.notes).optional().describe('Notes'),
    timeZone: timeZoneField.optional().describe('Time zone the time is given in (default: yours)'),
  }),
  cli: { command: 'log', args: ['duration', 'title'], switches: modeSwitches, short: { with: 'w' } },
  http: { method: 'POST', path: '/entries' },
  async run(ctx, input): Promise<Entry> {
    const settings = await getSettings(ctx.db, ctx.accountId);
    const zone = input.timeZone ?? settings.timeZone;
    const now = ctx.now();
    const started = input.at
      ? parseWhen(input.at, zone, now)
      : new Date(now.getTime() - input.duration * 60_000);
    const personIds = (await resolvePeople(ctx, input.with)) ?? [];
    const goalId = input.goal ? await resolveGoal(ctx.db, ctx.accountId, input.goal) : null;
    const write: EntryWrite = {
      startedAt: started.toISOString(),
      timeZone: zone,
      localDate: localDateOf(started, settings.timeZone),
      minutes: input.duration,
      title: input.title,
      mode: input.mode ?? null,
      verdict: input.verdict ?? null,
      goalId,
      channel: input.channel ?? null,
      notes: input.notes ?? null,
      source: 'manual',
      sourceKey: null,
      personIds,
    };
    const id = await insertEntry(ctx.db, ctx.accountId, write);
    return requireEntry(ctx, id);
  },
  text: (e) =>
    `Logged ${entryLine(e)}${e.mode && e.verdict ? '' : '\n  (unjudged: judge it later with fathom judge)'}`,
});

const listInput = z.object({
  from: dateField.optional().describe('First day (YYYY-MM-DD)'),
  to: dateField.optional().describe('Last day (YYYY-MM-DD)'),
  person: z.string().optional().describe('Only entries with this person'),
  mode: z.enum(modes).optional().describe('networking or socializing'),
  verdict: z.enum(verdicts).optional().describe('forward or back'),
  unjudged: z.boolean().optional().describe('Only entries still waiting for a judgement'),
  deleted: z.boolean().optional().describe('Show deleted entries instead'),
  limit: z.number().int().min(1).max(1_000_000).optional().describe('At most this many (default: all)'),
  offset: z.number().int().min(0).default(0).describe('Skip this many'),
});

export const entriesList = defineOperation({
  name: 'entries.list',
  summary: 'List ledger entries, newest first',
  mutates: false,
  input: listInput,
  cli: { command: 'entries list' },
  http: { method: 'GET', path: '/entries' },
  async run(ctx, input) {
    if (input.from && input.to && input.from > input.to) {
      throw new FathomError('invalid_input', `to: ${input.to} is before from: ${input.from}.`, {
        field: 'to',
      });
    }
    const personId = input.person ? await resolvePerson(ctx.db, ctx.accountId, input.person) : undefined;
    return listEntries(ctx.db, ctx.accountId, {
      ...(input.from ? { from: input.from } : {}),
      ...(input.to ? { to: input.to } : {}),
      ...(personId !== undefined ? { personId } : {}),
      ...(input.mode ? { mode: input.mode } : {}),
      ...(input.verdict ? { verdict: input.verdict } : {}),
      unjudged: input.unjudged ?? false,
      deleted: input.deleted ?? false,
      ...(input.limit !== undefined ? { limit: input.limit } : {}),
      offset: input.offset,
    });
  },
  text: (r) =>
    r.entries.length === 0
      ? 'No entries.'
      : [
          ...r.entries.map(entryLine),
          `${r.entries.length} of ${r.total} entries, ${formatMinutes(r.entries.reduce((s, e) => s + e.minutes, 0))}`,
        ].join('\n'),
});

export const entriesShow = defineOperation({
  name: 'entries.show',
  summary: 'Show one entry',
  mutates: false,
  input: z.object({ id: idField.describe('Entry id') }),
  cli: { command: 'entries show', args: ['id'] },
  http: { method: 'GET', path: '/entries/{id}' },
  run: (ctx, input) => requireEntry(ctx, input.id, true),
  text: (e) =>
    `${entryLine(e)}${e.notes ? `\n  ${e.notes}` : ''}\n  started ${e.startedAt} (${e.timeZone}), source ${e.source}`,
});

/** An entry as an edit left it: which fields changed, and the revision that undoes it (none when nothing changed). */
export type EditedEntry = Entry & { changed: EntryField[]; revision: number | null };

/** The columns to write for the given fields of a state. */
function patchOf(state: EntryState, fields: readonly EntryField[]): EntryPatch {
  const patch: EntryPatch = {};
  for (const field of fields) {
    switch (field) {
      case 'when':
        patch.startedAt = state.startedAt;
        patch.timeZone = state.timeZone;
        patch.localDate = state.localDate;
        patch.allDay = state.allDay;
        break;
      case 'duration':
        patch.minutes = state.minutes;
        break;
      case 'title':
        patch.title = state.title;
        break;
      case 'people':
        patch.personIds = state.personIds;
        break;
      case 'mode':
        patch.mode = state.mode;
        break;
      case 'verdict':
        patch.verdict = state.verdict;
        break;
      case 'goal':
        patch.goalId = state.goalId;
        break;
      case 'channel':
        patch.channel = state.channel;
        break;
      case 'notes':
        patch.notes = state.notes;
        break;
    }
  }
  return patch;
}

const editFields = [
  'duration',
  'title',
  'with',
  'mode',
  'verdict',
  'goal',
  'channel',
  'at',
  'timeZone',
  'notes',
] as const;

export const entriesEdit = defineOperation({
  name: 'entries.edit',
  summary: 'Change an entry (it can be undone)',
  mutates: true,
  input: z.object({
    id: idField.describe('Entry id'),
    duration: durationField
      .optional()
      .describe('How long: 45m, 1h30, 2h (an all-day entry then gets a time)'),
    title: line(textLimits.entryTitle).optional().describe('What it was'),
    with: z.array(z.string()).optional().describe('Replace the people (repeatable; "" for nobody)'),
    mode: z
      .enum([...modes, 'none'])
      .optional()
      .describe('networking, socializing, or none'),
    verdict: z
      .enum([...verdicts, 'none'])
      .optional()
      .describe('forward, back, or none'),
    goal: z.string().optional().describe('Goal id or title ("" to clear)'),
    channel: z
      .enum([...channels, 'none'])
      .optional()
      .describe('in_person, call, video, message, event, or none'),
    at: z.string().optional().describe('When it started: "yesterday 12:30", "2026-03-01 14:00"'),
    timeZone: timeZoneField.optional().describe('Time zone --at is given in (default: yours)'),
    notes: prose(textLimits.notes).optional().describe('Notes ("" to clear)'),
  }),
  cli: { command: 'entries edit', args: ['id'], switches: modeSwitches, short: { with: 'w' } },
  http: { method: 'PATCH', path: '/entries/{id}' },
  async run(ctx, input): Promise<EditedEntry> {
    const entry = await requireEntry(ctx, input.id);
    if (editFields.every((f) => input[f] === undefined))
      throw new FathomError('invalid_input', 'entries edit: nothing to change; give at least one option.');
    if (input.timeZone !== undefined && input.at === undefined)
      throw invalid('timeZone', 'says how to read the time; give the time with at too.');
    const before = await readEntryState(ctx.db, ctx.accountId, input.id);
    if (!before) throw new FathomError('not_found', `No entry #${input.id}.`, { field: 'id' });
    const settings = await getSettings(ctx.db, ctx.accountId);
    const next: EntryState = { ...before, personIds: [...before.personIds] };
    if (input.duration !== undefined) {
      next.minutes = input.duration;
      next.allDay = false;
    }
    if (input.title !== undefined) next.title = input.title;
    if (input.mode !== undefined) next.mode = input.mode === 'none' ? null : input.mode;
    if (input.verdict !== undefined) next.verdict = input.verdict === 'none' ? null : input.verdict;
    if (input.channel !== undefined) next.channel = input.channel === 'none' ? null : input.channel;
    if (input.notes !== undefined) next.notes = input.notes === '' ? null : input.notes;
    if (input.goal !== undefined)
      next.goalId = input.goal.trim() === '' ? null : await resolveGoal(ctx.db, ctx.accountId, input.goal);
    if (input.with !== undefined) {
      const ids =
        (await resolvePeople(
          ctx,
          input.with.filter((w) => w.trim() !== ''),
        )) ?? [];
      next.personIds = ids.sort((a, b) => a - b);
    }
    if (input.at !== undefined) {
      const zone = input.timeZone ?? settings.timeZone;
      const started = parseWhen(input.at, zone, ctx.now());
      if (next.allDay) {
        // An all-day entry stays one: it moves to the start of the day named, in the owner's zone.
        next.localDate = localDateOf(started, settings.timeZone);
        next.startedAt = startOfDay(next.localDate, settings.timeZone).toISOString();
      } else if (started.toISOString() !== before.startedAt || before.allDay) {
        next.startedAt = started.toISOString();
        next.timeZone = zone;
        next.localDate = localDateOf(started, settings.timeZone);
      }
    }
    const changed = changedFields(before, next);
    if (changed.length === 0) return { ...entry, changed, revision: null };
    const at = ctx.now().toISOString();
    await updateEntryRow(ctx.db, ctx.accountId, input.id, { ...patchOf(next, changed), editedAt: at });
    const after = await readEntryState(ctx.db, ctx.accountId, input.id);
    if (!after) throw new FathomError('internal', `Entry #${input.id} vanished while it was edited.`);
    const revision = await recordEntryRevision(ctx.db, ctx.accountId, input.id, before, after, at);
    return { ...(await requireEntry(ctx, input.id)), changed, revision };
  },
  text: (e) =>
    e.changed.length === 0
      ? `Nothing to change: #${e.id} already says that.`
      : `Updated ${entryLine(e)}\n  Changed ${fieldList(e.changed)}. Undo with: fathom entries undo-edit ${e.id}`,
});

/** An entry after an edit was undone: the fields put back, those kept because they changed since, and how many edits are left to undo. */
export type UndoneEdit = Entry & {
  undone: EntryField[];
  kept: EntryField[];
  /** People the entry named before the edit who are no longer in the ledger. */
  peopleGone: number;
  editsLeft: number;
};

export const entriesUndoEdit = defineOperation({
  name: 'entries.undo-edit',
  summary: 'Undo the last edit of an entry (again to go further back)',
  mutates: true,
  input: z.object({
    id: idField.describe('Entry id'),
    revision: idField
      .optional()
      .describe('Undo only if this is still the latest edit (the revision an edit answered)'),
  }),
  cli: { command: 'entries undo-edit', args: ['id'] },
  http: { method: 'POST', path: '/entries/{id}/undo-edit' },
  async run(ctx, input): Promise<UndoneEdit> {
    await requireEntry(ctx, input.id);
    const { revision, count } = await lastEntryRevision(ctx.db, ctx.accountId, input.id);
    if (input.revision !== undefined && input.revision !== revision?.id) {
      const status = await revisionStatus(ctx.db, ctx.accountId, input.id, input.revision);
      throw status === 'undone'
        ? new FathomError('conflict', `That edit of entry #${input.id} is already undone.`, {
            field: 'revision',
          })
        : status === 'open'
          ? new FathomError(
              'conflict',
              `Entry #${input.id} was edited again after that edit; undo the later edit first.`,
              { field: 'revision' },
            )
          : new FathomError('not_found', `Entry #${input.id} has no edit #${input.revision}.`, {
              field: 'revision',
            });
    }
    if (!revision)
      throw new FathomError('conflict', `Entry #${input.id} has no edit to undo.`, { field: 'id' });
    const current = await readEntryState(ctx.db, ctx.accountId, input.id);
    if (!current) throw new FathomError('not_found', `No entry #${input.id}.`, { field: 'id' });
    const { state, undone, kept } = revertEdit(current, revision);
    let peopleGone = 0;
    if (undone.includes('people')) {
      const people = await peopleAsTheyAreNow(ctx.db, ctx.accountId, state.personIds);
      state.personIds = people.personIds;
      peopleGone = people.gone;
    }
    await updateEntryRow(ctx.db, ctx.accountId, input.id, {
      ...patchOf(state, undone),
      editedAt: state.editedAt,
      imported: snapshotAfterUndo(current.imported, state),
    });
    const at = ctx.now().toISOString();
    await markRevisionUndone(ctx.db, ctx.accountId, revision.id, at);
    return { ...(await requireEntry(ctx, input.id)), undone, kept, peopleGone, editsLeft: count - 1 };
  },
  text: (e) =>
    [
      e.undone.length > 0
        ? `Undid the edit of ${fieldList(e.undone)}: ${entryLine(e)}`
        : `Undid the edit, with nothing to put back: ${entryLine(e)}`,
      ...(e.kept.length > 0
        ? [
            `  Kept ${fieldList(e.kept)} as ${e.kept.length === 1 ? 'it is' : 'they are'}: changed since that edit.`,
          ]
        : []),
      ...(e.peopleGone > 0
        ? [
            `  ${e.peopleGone === 1 ? '1 person' : `${e.peopleGone} people`} named before are no longer in the ledger.`,
          ]
        : []),
      e.editsLeft > 0
        ? `  ${e.editsLeft === 1 ? 'One earlier edit' : `${e.editsLeft} earlier edits`} can be undone too: fathom entries undo-edit ${e.id}`
        : '  No earlier edits to undo.',
    ].join('\n'),
});

export const entriesDelete = defineOperation({
  name: 'entries.delete',
  summary: 'Delete an entry (it can be restored)',
  mutates: true,
  input: z.object({ id: idField.describe('Entry id') }),
  cli: { command: 'entries delete', args: ['id'] },
  http: { method: 'DELETE', path: '/entries/{id}' },
  async run(ctx, input): Promise<Entry> {
    await requireEntry(ctx, input.id);
    await setEntryDeleted(ctx.db, ctx.accountId, input.id, true);
    return requireEntry(ctx, input.id, true);
  },
  text: (e) => `Deleted #${e.id}. Undo with: fathom entries restore ${e.id}`,
});

export const entriesRestore = defineOperation({
  name: 'entries.restore',
  summary: 'Restore a deleted entry',
  mutates: true,
  input: z.object({ id: idField.describe('Entry id') }),
  cli: { command: 'entries restore', args: ['id'] },
  http: { method: 'POST', path: '/entries/{id}/restore' },
  async run(ctx, input): Promise<Entry> {
    const entry = await requireEntry(ctx, input.id, true);
    if (!entry.deletedAt)
      throw new FathomError('conflict', `Entry #${input.id} is not deleted.`, { field: 'id' });
    await setEntryDeleted(ctx.db, ctx.accountId, input.id, false);
    return requireEntry(ctx, input.id);
  },
  text: (e) => `Restored ${entryLine(e)}`,
});

export const judge = defineOperation({
  name: 'judge',
  summary: 'Judge an entry: networking or socializing, forward or back',
  mutates: true,
  input: z.object({
    id: idField.describe('Entry id'),
    mode: z
      .enum([...modes, 'none'])
      .optional()
      .describe('networking or socializing (none takes the judgement back)'),
    verdict: z
      .enum([...verdicts, 'none'])
      .optional()
      .describe('forward or back (none takes the verdict back)'),
    goal: z.string().optional().describe('Goal it served (id or title; "" for none)'),
  }),
  cli: { command: 'judge', args: ['id'], switches: modeSwitches },
  http: { method: 'POST', path: '/entries/{id}/judge' },
  async run(ctx, input): Promise<Entry> {
    await requireEntry(ctx, input.id);
    if (!input.mode && !input.verdict && input.goal === undefined) {
      throw new FathomError(
        'invalid_input',
        'judge: say --networking or --socializing, and --forward or --back.',
        { field: 'mode' },
      );
    }
    const patch: EntryPatch = {};
    // `none` is how the review queue's undo puts an entry back as it was, without marking it edited.
    if (input.mode) patch.mode = input.mode === 'none' ? null : input.mode;
    if (input.verdict) patch.verdict = input.verdict === 'none' ? null : input.verdict;
    if (input.goal !== undefined)
      patch.goalId = input.goal.trim() === '' ? null : await resolveGoal(ctx.db, ctx.accountId, input.goal);
    await updateEntryRow(ctx.db, ctx.accountId, input.id, patch);
    return requireEntry(ctx, input.id);
  },
  text: (e) => `Judged ${entryLine(e)}`,
});
