/** The fields of an entry that a calendar import writes; people sorted by id. */
export interface CalendarEntryState {
  startedAt: string;
  timeZone: string;
  localDate: string;
  minutes: number;
  allDay: boolean;
  title: string;
  personIds: number[];
}

/**
 * What the import last wrote into an entry, field group by field group. A group whose current
 * value differs from it was changed by the owner, and a newer export leaves it alone.
 */
export interface ImportedSnapshot {
  startedAt: string;
  timeZone: string;
  allDay: boolean;
  minutes: number;
  title: string;
  personIds: number[];
  /** Set when an import took the entry out because it disappeared from the calendar. */
  removedByRun?: number;
}

/** An entry that already carries an occurrence's key. */
export interface ExistingCalendarEntry {
  id: number;
  state: CalendarEntryState;
  mode: string | null;
  verdict: string | null;
  goalId: number | null;
  channel: string | null;
  editedAt: string | null;
  deleted: boolean;
  importRunId: number | null;
  imported: ImportedSnapshot | null;
}

/** The groups of fields the owner may change by hand; each follows the calendar or stays as the owner set it. */
export const fieldGroups = ['time', 'minutes', 'title', 'people'] as const;
export type FieldGroup = (typeof fieldGroups)[number];

export type CalendarDecision =
  | { kind: 'create'; state: CalendarEntryState }
  | { kind: 'unchanged'; kept: FieldGroup[] }
  | {
      kind: 'update';
      after: CalendarEntryState;
      snapshot: ImportedSnapshot;
      /** Groups whose value changes. */
      changed: FieldGroup[];
      /** Groups the file would change but the owner set by hand. */
      kept: FieldGroup[];
      /** The entry was taken out by an earlier import and is in the calendar again. */
      restored: boolean;
    }
  /** The owner deleted the entry; the calendar does not bring it back. */
  | { kind: 'deleted-by-owner' };

export function snapshotOf(state: CalendarEntryState): ImportedSnapshot {
  return {
    startedAt: state.startedAt,
    timeZone: state.timeZone,
    allDay: state.allDay,
    minutes: state.minutes,
    title: state.title,
    personIds: state.personIds,
  };
}

/**
 * The snapshot as an entry keeps it: none while it says no more than the entry's own fields (an
 * entry without one holds just what the import last wrote, so most entries carry no copy of
 * themselves). Kept when the owner has changed a field since, or when an import took the entry out.
 */
export function storedSnapshot(
  state: CalendarEntryState,
  snapshot: ImportedSnapshot,
): ImportedSnapshot | null {
  if (snapshot.removedByRun !== undefined) return snapshot;
  return fieldGroups.every((g) => groupEquals(g, state, snapshot)) ? null : snapshot;
}

/**
 * What an entry keeps of its import once an edit is undone: the snapshot it holds now (an import
 * may have written a newer one since the edit), dropped when it says no more than the entry's
 * own fields, so the fields the edit had taken from the calendar follow the calendar again.
 */
export function snapshotAfterUndo(imported: string | null, state: CalendarEntryState): string | null {
  if (imported === null) return null;
  const kept = storedSnapshot(state, readSnapshot(imported));
  return kept === null ? null : JSON.stringify(kept);
}

export function readSnapshot(text: string): ImportedSnapshot {
  return JSON.parse(text) as ImportedSnapshot;
}

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Whether a group of fields holds the same values in an entry and in what the import wrote. */
function groupEquals(
  group: FieldGroup,
  a: Omit<ImportedSnapshot, 'removedByRun'>,
  b: Omit<ImportedSnapshot, 'removedByRun'>,
): boolean {
  switch (group) {
    case 'time':
      return a.startedAt === b.startedAt && a.timeZone === b.timeZone && a.allDay === b.allDay;
    case 'minutes':
      return a.minutes === b.minutes;
    case 'title':
      return a.title === b.title;
    case 'people':
      return sameIds(a.personIds, b.personIds);
  }
}

/** Whether two states are the same in every field an import writes. */
export function sameState(a: CalendarEntryState, b: CalendarEntryState): boolean {
  return a.localDate === b.localDate && fieldGroups.every((g) => groupEquals(g, a, b));
}

/** The groups in which an entry differs from what the import last wrote: the owner's own changes. */
export function editedGroups(entry: ExistingCalendarEntry): FieldGroup[] {
  const snapshot = entry.imported;
  if (!snapshot) return [];
  return fieldGroups.filter((g) => !groupEquals(g, entry.state, snapshot));
}

/** Whether the owner has made an entry their own: judged it, or changed it by hand. */
export function ownedByOwner(entry: ExistingCalendarEntry): boolean {
  return (
    entry.mode !== null ||
    entry.verdict !== null ||
    entry.goalId !== null ||
    entry.editedAt !== null ||
    editedGroups(entry).length > 0
  );
}

/**
 * Decides what an occurrence does to the ledger: a new entry, nothing, or an update of the groups
 * that still follow the calendar. The judgement (mode, verdict, goal, notes) is never touched.
 */
export function decideOccurrence(
  file: CalendarEntryState,
  existing: ExistingCalendarEntry | undefined,
): CalendarDecision {
  if (!existing) return { kind: 'create', state: file };
  const snapshot = existing.imported ?? snapshotOf(existing.state);
  const restored = existing.deleted && snapshot.removedByRun !== undefined;
  if (existing.deleted && !restored) return { kind: 'deleted-by-owner' };
  const current = existing.state;
  const after: CalendarEntryState = { ...current };
  const next: ImportedSnapshot = snapshotOf(current);
  const changed: FieldGroup[] = [];
  const kept: FieldGroup[] = [];
  for (const group of fieldGroups) {
    const follows = groupEquals(group, current, snapshot);
    if (!follows) {
      // Keep what the import wrote last for this group, so it stays marked as the owner's.
      copyGroup(group, snapshot, next);
      if (!groupEquals(group, current, file)) kept.push(group);
      continue;
    }
    copyGroup(group, file, next);
    if (groupEquals(group, current, file)) continue;
    copyGroup(group, file, after);
    if (group === 'time') after.localDate = file.localDate;
    changed.push(group);
  }
  // The owner's zone may have changed since: the day follows the start when the start follows the file.
  if (groupEquals('time', current, snapshot) && current.localDate !== file.localDate) {
    after.localDate = file.localDate;
    if (!changed.includes('time')) changed.push('time');
  }
  if (changed.length === 0 && !restored) return { kind: 'unchanged', kept };
  return { kind: 'update', after, snapshot: next, changed, kept, restored };
}

function copyGroup(
  group: FieldGroup,
  from: Omit<ImportedSnapshot, 'removedByRun'>,
  to: Omit<ImportedSnapshot, 'removedByRun'>,
): void {
  switch (group) {
    case 'time':
      to.startedAt = from.startedAt;
      to.timeZone = from.timeZone;
      to.allDay = from.allDay;
      break;
    case 'minutes':
      to.minutes = from.minutes;
      break;
    case 'title':
      to.title = from.title;
      break;
    case 'people':
      to.personIds = [...from.personIds];
      break;
  }
}
