import type { Channel, Mode, Verdict } from './vocabulary.ts';

/**
 * An entry's own fields as an edit changes them, with what marks it as the owner's: when it was
 * last edited by hand, and (for a calendar entry) what its import wrote, as the row keeps it.
 */
export interface EntryState {
  startedAt: string;
  timeZone: string;
  localDate: string;
  minutes: number;
  allDay: boolean;
  title: string;
  mode: Mode | null;
  verdict: Verdict | null;
  goalId: number | null;
  channel: Channel | null;
  notes: string | null;
  /** Sorted by id. */
  personIds: number[];
  editedAt: string | null;
  imported: string | null;
}

/** The fields of an entry an edit can change, as the owner names them. */
export const entryFields = [
  'when',
  'duration',
  'title',
  'people',
  'mode',
  'verdict',
  'goal',
  'channel',
  'notes',
] as const;
export type EntryField = (typeof entryFields)[number];

/** One edit: the entry before it and as the edit left it. */
export interface EntryRevision {
  id: number;
  before: EntryState;
  after: EntryState;
}

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Whether a field holds the same value in two states. */
export function sameField(field: EntryField, a: EntryState, b: EntryState): boolean {
  switch (field) {
    case 'when':
      return a.startedAt === b.startedAt && a.timeZone === b.timeZone && a.allDay === b.allDay;
    case 'duration':
      return a.minutes === b.minutes;
    case 'title':
      return a.title === b.title;
    case 'people':
      return sameIds(a.personIds, b.personIds);
    case 'mode':
      return a.mode === b.mode;
    case 'verdict':
      return a.verdict === b.verdict;
    case 'goal':
      return a.goalId === b.goalId;
    case 'channel':
      return a.channel === b.channel;
    case 'notes':
      return a.notes === b.notes;
  }
}

/** The fields in which two states differ. */
export function changedFields(a: EntryState, b: EntryState): EntryField[] {
  return entryFields.filter((f) => !sameField(f, a, b));
}

function copyField(field: EntryField, from: EntryState, to: EntryState): void {
  switch (field) {
    case 'when':
      to.startedAt = from.startedAt;
      to.timeZone = from.timeZone;
      to.allDay = from.allDay;
      to.localDate = from.localDate;
      break;
    case 'duration':
      to.minutes = from.minutes;
      break;
    case 'title':
      to.title = from.title;
      break;
    case 'people':
      to.personIds = [...from.personIds];
      break;
    case 'mode':
      to.mode = from.mode;
      break;
    case 'verdict':
      to.verdict = from.verdict;
      break;
    case 'goal':
      to.goalId = from.goalId;
      break;
    case 'channel':
      to.channel = from.channel;
      break;
    case 'notes':
      to.notes = from.notes;
      break;
  }
}

/**
 * What undoing an edit makes of an entry: each field the edit changed goes back to what it was,
 * unless something else changed it since (an import, a judgement, a merge); such a field is kept
 * as it is now and named. Whether the entry counts as edited by hand goes back too.
 */
export function revertEdit(
  current: EntryState,
  revision: Pick<EntryRevision, 'before' | 'after'>,
): { state: EntryState; undone: EntryField[]; kept: EntryField[] } {
  const state: EntryState = { ...current, personIds: [...current.personIds] };
  const undone: EntryField[] = [];
  const kept: EntryField[] = [];
  for (const field of changedFields(revision.before, revision.after)) {
    if (!sameField(field, current, revision.after)) {
      kept.push(field);
      continue;
    }
    copyField(field, revision.before, state);
    undone.push(field);
  }
  state.editedAt = revision.before.editedAt;
  return { state, undone, kept };
}

const fieldWords: Record<EntryField, string> = {
  when: 'when',
  duration: 'duration',
  title: 'title',
  people: 'people',
  mode: 'kind',
  verdict: 'verdict',
  goal: 'goal',
  channel: 'channel',
  notes: 'notes',
};

/** Fields as words in a sentence: `duration, people and notes`. */
export function fieldList(fields: readonly EntryField[]): string {
  const words = fields.map((f) => fieldWords[f]);
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}
