import { emailKey } from '../domain/contact-keys.ts';
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
  private fresh: NewcomerRef[] = [];

  constructor(
    private readonly owner: ReadonlySet<string>,
    private readonly emails: ReadonlyMap<string, EmailOwner>,
  ) {}

  /** Person ids of a list of attendees, sorted, each once. */
  idsOf(attendees: readonly { email: string; name?: string }[]): number[] {
    const ids: number[] = [];
    for (const a of attendees) {
      const key = emailKey(a.email);
      if (this.owner.has(key)) continue;
      const found = this.emails.get(key);
      if (found === 'ignored') continue;
      let id = found;
      if (id === undefined) {
        let newcomer = this.known.get(key);
        if (!newcomer) {
          newcomer = { ref: -(this.known.size + 1), email: key, name: a.name?.trim() || a.email };
          this.known.set(key, newcomer);
          this.fresh.push(newcomer);
        }
        id = newcomer.ref;
      }
      if (!ids.includes(id)) ids.push(id);
    }
    return ids.length > 1 ? ids.sort((x, y) => x - y) : ids;
  }

  /** The newcomers met since the last call. */
  takeNewcomers(): NewcomerRef[] {
    const list = this.fresh;
    this.fresh = [];
    return list;
  }
}
