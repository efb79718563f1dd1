import type { Settings } from '../domain/settings.ts';
import { defaultInnerCap, defaultMonthlyTargetMinutes, systemTimeZone } from '../domain/settings.ts';
import type { Weekday } from '../domain/vocabulary.ts';
import type { Updateable } from 'kysely';
import type { Db, SettingsRow } from './database.ts';

/** The single account of a local installation. */
export const localAccountId = 'local';

/** Creates the account and its default settings the first time it is used. */
export async function ensureAccount(db: Db, accountId: string, name = 'Local'): Promise<void> {
  // Looked up first: on SQLite even an insert that changes nothing waits for the write lock, and
  // every command starts here, so a command that only reads must not queue behind a long import.
  const known = await db
    .selectFrom('settings')
    .select('account_id')
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (known) return;
  const now = new Date().toISOString();
  await db
    .insertInto('accounts')
    .values({ id: accountId, name, created_at: now })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  await db
    .insertInto('settings')
    .values({
      account_id: accountId,
      time_zone: systemTimeZone(),
      monthly_target_minutes: defaultMonthlyTargetMinutes,
      inner_cap: defaultInnerCap,
      week_start: 'monday',
      purpose: null,
      my_emails: '[]',
      phone_region: null,
      initialized_at: null,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('account_id').doNothing())
    .execute();
}

function toSettings(row: SettingsRow): Settings {
  return {
    timeZone: row.time_zone,
    monthlyTargetMinutes: Number(row.monthly_target_minutes),
    innerCap: Number(row.inner_cap),
    weekStart: row.week_start as Weekday,
    purpose: row.purpose,
    myEmails: JSON.parse(row.my_emails) as string[],
    phoneRegion: row.phone_region,
    initializedAt: row.initialized_at,
  };
}

export async function getSettings(db: Db, accountId: string): Promise<Settings> {
  const row = await db
    .selectFrom('settings')
    .selectAll()
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (!row) {
    await ensureAccount(db, accountId);
    return getSettings(db, accountId);
  }
  return toSettings(row);
}

export async function updateSettings(db: Db, accountId: string, patch: Partial<Settings>): Promise<Settings> {
  const set: Updateable<SettingsRow> = { updated_at: new Date().toISOString() };
  if (patch.timeZone !== undefined) set.time_zone = patch.timeZone;
  if (patch.monthlyTargetMinutes !== undefined) set.monthly_target_minutes = patch.monthlyTargetMinutes;
  if (patch.innerCap !== undefined) set.inner_cap = patch.innerCap;
  if (patch.weekStart !== undefined) set.week_start = patch.weekStart;
  if (patch.purpose !== undefined) set.purpose = patch.purpose;
  if (patch.myEmails !== undefined) set.my_emails = JSON.stringify(patch.myEmails);
  if (patch.phoneRegion !== undefined) set.phone_region = patch.phoneRegion;
  if (patch.initializedAt !== undefined) set.initialized_at = patch.initializedAt;
  await db.updateTable('settings').set(set).where('account_id', '=', accountId).execute();
  return getSettings(db, accountId);
}
