import { FathomError } from '../domain/errors.ts';
import {
  RollupChanges,
  calendarEntriesById,
  contributionOf,
  entriesCreatedBy,
  entriesNaming,
  entryChangesOf,
  laterEntryRuns,
  markRunUndone,
  matchesRecorded,
  purgeEntries,
  purgePeople,
  updateCalendarEntries,
} from '../store/calendar-entries-store.ts';
import type { CalendarEntryUpdate } from '../store/calendar-entries-store.ts';
import type { Db, Dialect } from '../store/database.ts';
import type { ImportRun, UndoResult } from '../store/import-runs-store.ts';

/** What undoing a calendar run did, besides what every undo reports. */
export interface CalendarUndoResult extends UndoResult {
  entriesRemoved: number;
  entriesRestored: number;
}

/**
 * Takes back a calendar import run: the entries and people it created go, the entries it moved,
 * changed or took out are put back as they were (unless the owner changed them since). Refuses,
 * saying why, when later runs build on it, or (without `force`) when the owner judged or edited
 * entries it created.
 */
export async function undoCalendarRun(
  db: Db,
  dialect: Dialect,
  accountId: string,
  run: ImportRun,
  at: string,
  force: boolean,
): Promise<CalendarUndoResult> {
  const created = await entriesCreatedBy(db, accountId, run.id);
  const changes = await entryChangesOf(db, accountId, run.id);
  const later = await laterEntryRuns(db, accountId, run.id, [
    ...created.map((e) => e.id),
    ...changes.map((c) => c.entryId),
  ]);
  if (later.length > 0) {
    throw new FathomError(
      'conflict',
      `run: import run #${run.id} cannot be undone: ${later.map((r) => `#${r}`).join(', ')} changed its entries since; undo ${later.length === 1 ? 'it' : 'them'} first (fathom import undo ${later.at(-1)}).`,
      { field: 'run', details: { laterRuns: later } },
    );
  }
  const people = await db
    .selectFrom('people')
    .select(['id', 'name', 'merged_into'])
    .where('account_id', '=', accountId)
    .where('import_run_id', '=', run.id)
    .execute();
  const personIds = people.map((p) => Number(p.id));
  const nameOf = new Map(people.map((p) => [Number(p.id), p.name]));
  // Entries the run changed and nobody changed since go back as they were, without its people.
  const current = await calendarEntriesById(
    db,
    accountId,
    changes.map((c) => c.entryId),
  );
  const restoring = new Set(
    changes
      .filter((c) => {
        const entry = current.get(c.entryId);
        return entry !== undefined && matchesRecorded(entry, c.after);
      })
      .map((c) => c.entryId),
  );
  const blockers: { id: number; name: string; why: string }[] = [];
  for (const use of await entriesNaming(db, accountId, personIds, run.id, restoring)) {
    blockers.push({
      id: use.personId,
      name: nameOf.get(use.personId) ?? '',
      why: `${use.entries} other ${use.entries === 1 ? 'entry names' : 'entries name'} them`,
    });
  }
  for (const p of people) {
    if (p.merged_into !== null)
      blockers.push({
        id: Number(p.id),
        name: p.name,
        why: `merged into #${p.merged_into}; unmerge first (fathom person unmerge ${p.id})`,
      });
  }
  if (blockers.length > 0) {
    const shown = blockers.slice(0, 8).map((b) => `  #${b.id} ${b.name}: ${b.why}`);
    if (blockers.length > 8) shown.push(`  … and ${blockers.length - 8} more`);
    throw new FathomError(
      'conflict',
      `run: import run #${run.id} cannot be undone: ${blockers.length} of the people it created are used since.\n${shown.join('\n')}`,
      { field: 'run', details: blockers },
    );
  }
  const owned = created.filter((e) => e.judged || e.edited);
  if (owned.length > 0 && !force) {
    throw new FathomError(
      'conflict',
      `run: you judged or edited ${owned.length} of the entries import run #${run.id} created; undoing removes them with your judgements. Add --force to undo anyway.`,
      { field: 'run' },
    );
  }

  const rollups = new RollupChanges();
  // Put back what the run changed in entries that existed before it, newest change first.
  const keptEdits: UndoResult['keptEdits'] = [];
  const restores: CalendarEntryUpdate[] = [];
  for (const change of changes) {
    const entry = current.get(change.entryId);
    if (!entry) continue;
    if (!matchesRecorded(entry, change.after)) {
      keptEdits.push({ personId: 0, field: `entry #${entry.id}` });
      continue;
    }
    const before = change.before;
    restores.push({
      id: entry.id,
      state: before,
      deleted: before.deleted,
      snapshot: before.imported,
      peopleChanged: true,
    });
    if (!entry.deleted) rollups.add(contributionOf(entry.state, entry), -1);
    if (!before.deleted) rollups.add(contributionOf(before, entry), 1);
  }
  await updateCalendarEntries(db, dialect, accountId, restores, at);

  const createdIds = created.map((e) => e.id);
  const live = await calendarEntriesById(db, accountId, createdIds);
  for (const entry of live.values()) if (!entry.deleted) rollups.add(contributionOf(entry.state, entry), -1);
  await purgeEntries(db, accountId, createdIds);
  const contactPoints = await db
    .selectFrom('contact_points')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .where('source', '=', `import:${run.id}`)
    .executeTakeFirst();
  // The rollups first: their rows of the people about to go are removed with them.
  await rollups.apply(db, accountId);
  await purgePeople(db, accountId, personIds);
  await markRunUndone(db, accountId, run.id, at);
  return {
    run: { ...run, status: 'undone', undoneAt: at },
    unmerged: 0,
    peopleRemoved: personIds.length,
    peopleRestored: 0,
    contactPointsRemoved: Number(contactPoints?.n ?? 0),
    keptEdits,
    editedSince: owned.length,
    entriesRemoved: createdIds.length,
    entriesRestored: restores.length,
  };
}
