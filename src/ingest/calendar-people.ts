import { cutText, singleLine, textLimits } from '../domain/field-limits.ts';
import { emailKey } from '../domain/email-key.ts';
import type { EmailOwner } from '../store/calendar-entries-store.ts';

/** Someone on the calendar the ledger does not know yet, under the stand-in id (below zero) a run gives them. */
export interface NewcomerRef {
  ref: number;
  email: string;
  name: string;
}

/**
 * Turns the attendees of occurrences into person ids: the owner left out, addresses of deleted
 * people ignored, known addresses to their people, and every other address to a newcomer whose
 * stand-in id (-1, -2, …) follows the order in which the file first names them.
 */
export class AttendeePeople {
  private readonly known = new Map<string, NewcomerRef>();
  /** What each address as written came to (null: no one to count); a series names the same people each time. */
  private readonly resolved = new Map<string, number | null>();
  private fresh: NewcomerRef[] = [];
  /** The list last asked about and its ids: the occurrences of a series come one after another, often with one list. */
  private lastList: readonly { email: string; name?: string }[] | undefined;
  private lastIds: number[] = [];

  constructor(
    private readonly owner: ReadonlySet<string>,
    private readonly emails: ReadonlyMap<string, EmailOwner>,
  ) {}

  /** Person ids of a list of attendees, sorted, each once; a new array every time. */
  idsOf(attendees: readonly { email: string; name?: string }[]): number[] {
    // The same list again (a series sharing one): lists are not changed once asked about, so neither are its ids.
    if (attendees === this.lastList) return this.lastIds.slice();
    const ids = this.resolveIds(attendees);
    this.lastList = attendees;
    this.lastIds = ids;
    return ids.slice();
  }

  private resolveIds(attendees: readonly { email: string; name?: string }[]): number[] {
    const ids: number[] = [];
    for (const a of attendees) {
      let id = this.resolved.get(a.email);
      if (id === undefined) {
        id = this.idOf(a);
        this.resolved.set(a.email, id);
      }
      if (id === null || ids.includes(id)) continue;
      // Kept sorted as they come: a handful of ids, where Array#sort costs more than the shifting.
      let at = ids.length;
      ids.push(id);
      for (; at > 0 && (ids[at - 1] ?? 0) > id; at--) ids[at] = ids[at - 1] ?? 0;
      ids[at] = id;
    }
    return ids;
  }

  /** The person id of an address met for the first time as written, or null for the owner and deleted people. */
  private idOf(a: { email: string; name?: string }): number | null {
    // An address carries no control characters into the ledger; one too long to be an address is no one.
    const key = emailKey(singleLine(a.email));
    if (key.length > textLimits.contactValue || this.owner.has(key)) return null;
    const found = this.emails.get(key);
    if (found === 'ignored') return null;
    if (found !== undefined) return found;
    let newcomer = this.known.get(key);
    if (!newcomer) {
      newcomer = {
        ref: -(this.known.size + 1),
        email: key,
        name: cutText(singleLine(a.name ?? '').trim(), textLimits.personName) || key,
      };
      this.known.set(key, newcomer);
      this.fresh.push(newcomer);
    }
    return newcomer.ref;
  }

  /** The newcomers met since the last call. */
  takeNewcomers(): NewcomerRef[] {
    const list = this.fresh;
    this.fresh = [];
    return list;
  }
}
