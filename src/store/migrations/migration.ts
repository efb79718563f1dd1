import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

/** One ordered schema step. Landed migrations are never edited; a change is a new migration. */
export interface Migration {
  name: string;
  up(db: Kysely<unknown>, dialect: Dialect): Promise<void>;
}
