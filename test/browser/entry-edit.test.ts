import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { entriesList, entriesShow } from '../../src/operations/ledger-operations.ts';
import { personAdd } from '../../src/operations/people-operations.ts';
import { goalAdd, init } from '../../src/operations/purpose-operations.ts';
import { startBrowserApp } from './browser-app.ts';
import type { BrowserApp } from './browser-app.ts';

let app: BrowserApp;
const people: Record<string, number> = {};
before(async () => {
  // A ledger of the owner's own, never the demo: a purpose, a goal and two people, nothing logged.
  app = await startBrowserApp({ now: '2026-03-15T12:00:00Z' });
  await app.run(init, { purpose: 'Open a bakery that trains young bakers', timeZone: 'Europe/Berlin' });
  await app.run(goalAdd, { title: 'Find a space for the bakery' });
  for (const name of ['Ana Lima', 'Bo Berg'])
    people[name] = (await app.run(personAdd, { name, circle: 'network' })).person.id;
});
after(async () => app.close());

/** The entry as the ledger holds it: start in Berlin, minutes, kind, verdict, people, notes. */
async function stored(id: number): Promise<unknown[]> {
  const e = await app.run(entriesShow, { id });
  const berlin = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Berlin',
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(new Date(e.startedAt));
  return [berlin, e.minutes, e.mode, e.verdict, e.people.map((p) => p.name), e.notes];
}

async function pickPerson(page: Page, dialogName: string, name: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: dialogName });
  await dialog.getByRole('combobox', { name: 'With' }).fill(name.split(' ')[0]!);
  await dialog.getByRole('option', { name: new RegExp(name) }).click();
  await dialog.getByRole('button', { name: `Remove ${name}` }).waitFor();
}

test('an entry is edited from the toast after logging and from the ledger, and an edit is undone', async () => {
  const page = await app.page();
  await page.goto(`${app.url}/entries`);
  await page.getByRole('heading', { name: 'The ledger is empty' }).waitFor();

  // Log an hour with Ana; it ended just now (13:00 in Berlin).
  await page.keyboard.press('l');
  const log = page.getByRole('dialog', { name: 'Log time' });
  await page.keyboard.type('ana');
  await log.getByRole('option', { name: /Ana Lima/ }).waitFor();
  await page.keyboard.press('Enter');
  await log.getByLabel('How long').fill('1h');
  await log.getByLabel('What').fill('Coffee with Ana');
  await log.getByRole('radio', { name: 'Networking' }).check();
  await log.getByRole('radio', { name: 'Forward' }).check();
  await log.getByRole('button', { name: 'Log it' }).click();
  const toast = page.locator('.toast', { hasText: 'Logged 1h with Ana Lima.' });
  await toast.waitFor();
  const [entry] = (await app.run(entriesList, {})).entries;
  assert.ok(entry);
  assert.deepEqual(await stored(entry.id), [
    '2026-03-15 12:00',
    60,
    'networking',
    'forward',
    ['Ana Lima'],
    null,
  ]);

  // Straight from the toast: the same form, filled in with the entry as logged.
  await toast.getByRole('button', { name: 'Edit' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit entry' });
  await edit.waitFor();
  assert.equal(await edit.getByLabel('How long').inputValue(), '1h');
  assert.equal(await edit.getByLabel('When').inputValue(), '2026-03-15 12:00');
  assert.equal(await edit.getByLabel('What').inputValue(), 'Coffee with Ana');
  assert.equal(await edit.getByRole('radio', { name: 'Networking' }).isChecked(), true);
  assert.equal(await edit.getByRole('radio', { name: 'Forward' }).isChecked(), true);
  await edit.getByRole('button', { name: 'Remove Ana Lima' }).waitFor();
  await edit.getByLabel('How long').fill('1h30');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('Saved “Coffee with Ana”: changed duration.').waitFor();
  await edit.waitFor({ state: 'hidden' });
  assert.deepEqual((await stored(entry.id)).slice(0, 2), ['2026-03-15 12:00', 90]);
  await page.locator('.entry-time', { hasText: '1h 30m' }).waitFor();

  // From the ledger: someone else, another day in another month.
  await page.getByRole('button', { name: 'Edit “Coffee with Ana” on 2026-03-15' }).click();
  await edit.waitFor();
  assert.equal(await edit.getByLabel('How long').inputValue(), '1h30');
  await edit.getByRole('button', { name: 'Remove Ana Lima' }).click();
  await pickPerson(page, 'Edit entry', 'Bo Berg');
  await edit.getByLabel('When').fill('2026-02-27 18:00');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  const saved = page.locator('.toast', { hasText: 'Saved “Coffee with Ana”: changed when and people.' });
  await saved.waitFor();
  assert.deepEqual(await stored(entry.id), [
    '2026-02-27 18:00',
    90,
    'networking',
    'forward',
    ['Bo Berg'],
    null,
  ]);
  await page.getByRole('heading', { name: '27 Feb' }).waitFor();

  // Undo puts back Ana and the day, and keeps the earlier edit of the duration.
  await saved.getByRole('button', { name: 'Undo' }).click();
  await page.getByText('Undone: “Coffee with Ana” is as it was.').waitFor();
  assert.deepEqual(await stored(entry.id), [
    '2026-03-15 12:00',
    90,
    'networking',
    'forward',
    ['Ana Lima'],
    null,
  ]);
  await page.getByRole('heading', { name: '15 Mar' }).waitFor();
  assert.deepEqual(app.problems, []);
});

test('a judged entry is re-judged, its judgement taken back, and judged again from the review queue', async () => {
  const [entry] = (await app.run(entriesList, {})).entries;
  assert.ok(entry);
  const page = await app.page();
  await page.goto(`${app.url}/entries`);
  const edit = page.getByRole('dialog', { name: 'Edit entry' });
  const editButton = page.getByRole('button', { name: 'Edit “Coffee with Ana” on 2026-03-15' });

  await editButton.click();
  await edit.getByRole('radio', { name: 'Socializing' }).check();
  await edit.getByRole('radio', { name: 'Back' }).check();
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('Saved “Coffee with Ana”: changed kind and verdict.').waitFor();
  assert.deepEqual((await stored(entry.id)).slice(2, 4), ['socializing', 'back']);

  // Taken back: the entry waits in the review queue again.
  await editButton.click();
  await edit.getByRole('radio', { name: 'Not judged' }).first().check();
  await edit.getByRole('radio', { name: 'Not judged' }).last().check();
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('Saved “Coffee with Ana”: changed kind and verdict.').last().waitFor();
  assert.deepEqual((await stored(entry.id)).slice(2, 4), [null, null]);

  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: /Review queue/ })
    .click();
  const card = page.locator('.review-card');
  await card.getByRole('heading', { name: 'Coffee with Ana' }).waitFor();
  await page.getByText('1 entry to judge').waitFor();
  await card.getByRole('button', { name: 'Edit “Coffee with Ana”' }).click();
  await edit.waitFor();
  await edit.getByRole('radio', { name: 'Networking' }).check();
  await edit.getByRole('radio', { name: 'Forward' }).check();
  await edit.getByLabel('Notes').fill('She knows a baker with an empty shop');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('heading', { name: 'Nothing waits for a verdict' }).waitFor();
  assert.deepEqual((await stored(entry.id)).slice(2), [
    'networking',
    'forward',
    ['Ana Lima'],
    'She knows a baker with an empty shop',
  ]);

  // The dashboard counts the hour and a half as networking again.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
  await page.getByTestId('month-networking').getByText('1h 30m').waitFor();
  assert.deepEqual(app.problems, []);
});

test('a person’s page edits their entries; a bad duration is shown at its field and nothing changes', async () => {
  const [entry] = (await app.run(entriesList, {})).entries;
  assert.ok(entry);
  const before = await stored(entry.id);
  const page = await app.page();
  await page.goto(`${app.url}/people/${people['Ana Lima']}`);
  await page.getByRole('heading', { name: 'Ana Lima' }).waitFor();
  await page.getByRole('button', { name: 'Edit “Coffee with Ana” on 2026-03-15' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit entry' });
  await edit.getByLabel('How long').fill('forever');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await edit
    .locator('.field.has-error')
    .getByText(/duration: "forever" is not a duration/)
    .waitFor();
  assert.equal(await edit.getByLabel('How long').getAttribute('aria-invalid'), 'true');
  assert.deepEqual(await stored(entry.id), before, 'the refused edit changed nothing');
  app.problems.length = 0; // the 400 answer is logged by the browser as a failed resource

  await edit.getByLabel('How long').fill('2h');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('Saved “Coffee with Ana”: changed duration.').waitFor();
  assert.equal((await stored(entry.id))[1], 120);
  assert.deepEqual(app.problems, []);
});
