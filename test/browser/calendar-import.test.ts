import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { importFile } from '../../src/operations/import-operations.ts';
import { entriesList, judge } from '../../src/operations/ledger-operations.ts';
import { personList } from '../../src/operations/people-operations.ts';
import { settingsSet, settingsShow } from '../../src/operations/purpose-operations.ts';
import { scrollWidth, startBrowserApp } from './browser-app.ts';
import type { BrowserApp } from './browser-app.ts';

const workV1 = fileURLToPath(new URL('../fixtures/calendar/work-v1.ics', import.meta.url));
const workV2 = fileURLToPath(new URL('../fixtures/calendar/work-v2.ics', import.meta.url));
const markup = fileURLToPath(new URL('../fixtures/web-calendar/markup.ics', import.meta.url));

let app: BrowserApp;
before(async () => {
  // The fixture's events fall in the first months of 2025: inside the default twelve months.
  app = await startBrowserApp({ now: '2025-06-30T12:00:00Z' });
  await app.run(settingsSet, { timeZone: 'Europe/Berlin', myEmail: ['me@home.test'] });
});
after(async () => app.close());

/** The browser's own "failed to load" line for an answer the page expected and handled. */
const handled = (status: number) => (p: string) =>
  p.startsWith('console error: Failed to load resource') && p.includes(`status of ${status}`);

test('a calendar is previewed with its options, committed, judged in the review queue, and undone', async () => {
  const page = await app.page();
  const dialogs: string[] = [];
  page.on('dialog', (d) => dialogs.push(d.message()));
  await page.goto(`${app.url}/imports`);
  await page.getByText('No imports yet.').waitFor();
  await page.getByTestId('import-file').setInputFiles(workV1);

  // The options start as the server's defaults: the last twelve months, and the addresses in the settings.
  const options = page.getByTestId('calendar-options');
  await options.waitFor();
  assert.equal(await options.getByLabel('From').inputValue(), '2024-07-01');
  assert.equal(await options.getByLabel('To').inputValue(), '2025-06-30');
  assert.equal(await options.getByLabel('My email addresses').inputValue(), 'me@home.test');
  assert.equal(await options.getByLabel('Keep events with only me on them').isChecked(), false);

  // Read with those, the owner's other address is taken for a person, and December's event is in.
  const result = page.getByTestId('import-result');
  await result.getByText('Preview: work-v1.ics').waitFor();
  assert.equal(await result.getByTestId('import-created').innerText(), '16');

  // Changing an option makes the preview stale until it is read again.
  await options.getByLabel('My email addresses').fill('me@home.test, me@fathom.test');
  await options.getByLabel('From').fill('2025-01-01');
  const note = result.getByRole('status');
  await note.getByText('The calendar options changed since this preview.').waitFor();
  assert.equal(await result.getByRole('button', { name: /^Import/ }).isDisabled(), true);
  await note.getByRole('button', { name: 'Preview again' }).click();
  await result.getByTestId('import-created').getByText('14', { exact: true }).waitFor();
  await note.waitFor({ state: 'detached' });

  await result.getByText('Calendar, 1 Jan 2025 to 30 Jun 2025; times in Europe/Berlin').waitFor();
  // Each new entry with its time in the owner's zone, how long it is, its title and the line it
  // comes from; an all-day entry has no time of day.
  const moved = result.locator('li', { hasText: 'Standup (moved)' });
  assert.equal(await moved.innerText(), '4 Feb 2025 10:00 · 1h Standup (moved) work-v1.ics:24');
  const offsite = result.locator('li', { hasText: 'Offsite' });
  assert.match(await offsite.innerText(), /^5 Feb 2025 · all day Offsite work-v1\.ics:\d+$/);
  const newPeople = result.locator('details', { hasText: 'New people, unsorted (7)' });
  await newPeople.getByText('Müller, Jörg').waitFor();
  assert.equal(await newPeople.locator('li').count(), 7);
  await result.getByText('Skipped (4)').click();
  await result.getByText('2 × no one but you on it (tick “Keep events with only me”)').waitFor();
  await result.getByText('1 × cancelled occurrence').waitFor();
  await page.screenshot({ path: '/tmp/calendar-preview.png', fullPage: true });
  await result.screenshot({ path: '/tmp/calendar-preview-card.png' });
  assert.equal((await app.run(entriesList, {})).total, 0, 'the preview wrote nothing');

  await result.getByRole('button', { name: 'Import 14 entries' }).click();
  await result.getByText('Imported as run #1: work-v1.ics').waitFor();
  const written = await app.run(entriesList, { unjudged: true });
  assert.equal(written.total, 14);
  assert.equal((await app.run(personList, { circle: 'unsorted' })).total, 7);
  assert.deepEqual((await app.run(settingsShow, {})).myEmails, ['me@home.test', 'me@fathom.test']);
  await page.getByRole('row', { name: /#1 .*work-v1\.ics calendar 14 new entries, 7 new people/ }).waitFor();

  // The new entries wait in the review queue, newest first; judge one there.
  await result.getByRole('link', { name: 'Judge the new entries' }).click();
  await page.getByRole('heading', { level: 1, name: 'Review queue' }).waitFor();
  await page.getByText('14 entries to judge', { exact: true }).waitFor();
  const card = page.locator('.review-card');
  await card.getByRole('heading', { name: 'Coffee with Hana' }).waitFor();
  await card.getByText('with hana@example.com').waitFor();
  await page.keyboard.press('n');
  await page.keyboard.press('f');
  await card.getByRole('heading', { name: 'Lunch with Eva' }).waitFor();
  await page.getByText(/^13 entries to judge · 1 judged just now/).waitFor();

  // Undoing asks first, then once more because one of the entries is judged; the result is shown.
  await page.getByRole('link', { name: /^Imports/ }).click();
  const row = page.getByRole('row', { name: /#1 .*work-v1\.ics/ });
  await row.getByRole('button', { name: 'Undo' }).click();
  await row.getByText(/undone/).waitFor();
  assert.equal(dialogs.length, 2);
  assert.match(dialogs[0]!, /^Undo import #1 \(work-v1\.ics\)\? The entries it created/);
  assert.match(dialogs[1]!, /you judged or edited 1 of the entries import run #1 created/);
  assert.match(dialogs[1]!, /Undo anyway\?$/);
  assert.doesNotMatch(dialogs[1]!, /--force/);
  assert.equal(
    await page.getByTestId('undo-result').innerText(),
    'Undid #1 (work-v1.ics): removed 14 entries and 7 people, put back 0 entries as they were.',
  );
  assert.equal((await app.run(entriesList, {})).total, 0);
  assert.equal((await app.run(personList, {})).total, 0);
  // The refused first try (409) is the only thing the browser reported.
  assert.deepEqual(
    app.problems.filter((p) => !handled(409)(p)),
    [],
  );
  app.problems.length = 0;
});

test('markup in a calendar shows as text in the preview, errors naming their line', async () => {
  const page = await app.page(390);
  await page.goto(`${app.url}/imports`);
  await page.getByTestId('import-file').setInputFiles(markup);
  const result = page.getByTestId('import-result');
  await result.getByText('Preview: markup.ics').waitFor();
  await result.getByText('<img src=x onerror=alert(1)> planning', { exact: false }).waitFor();
  await result.getByText('<b>Bold</b> Organizer').waitFor();
  await result.getByText('{{7*7}}').waitFor();
  const error = result.locator('details', { hasText: 'Errors' }).locator('li');
  assert.equal(
    await error.innerText(),
    'markup.ics:14 DTSTART: bad date-time "<img src=y onerror=alert(2)>"',
  );
  assert.equal(await page.locator('img[src="x"], img[src="y"], b').count(), 0);
  // A file with errors is not imported whole unless the readable events are asked for.
  const commit = result.getByRole('button', { name: 'Import 1 entry' });
  assert.equal(await commit.isDisabled(), true);
  await result.getByText('The file has 1 error').waitFor();
  await page.getByLabel('Import the readable records even if some lines have errors').check();
  assert.equal(await commit.isDisabled(), false);
  assert.ok((await scrollWidth(page)) <= 390, 'nothing pokes out at phone width');
  await page.screenshot({ path: '/tmp/calendar-markup-phone.png', fullPage: true });
  assert.deepEqual(app.problems, []);
});

test('a newer export previews what moves, goes and stays, and its undo puts the entries back', async () => {
  const v1 = await readFile(workV1);
  const first = await app.run(importFile, {
    file: 'work-v1.ics',
    content: v1.toString('base64'),
    from: '2025-01-01',
    to: '2025-06-30',
  });
  assert.equal(first.counts.created, 14);
  const written = (await app.run(entriesList, {})).entries;
  const coffee = written.find((e) => e.title === 'Coffee with Hana')!;
  const budget = written.find((e) => e.title === 'Budget review')!;
  await app.run(judge, { id: coffee.id, mode: 'socializing', verdict: 'forward' });

  const page = await app.page();
  await page.goto(`${app.url}/imports`);
  // The same calendar exported again later keeps its name.
  await page.getByTestId('import-file').setInputFiles({
    name: 'work-v1.ics',
    mimeType: 'text/calendar',
    buffer: await readFile(workV2),
  });
  const result = page.getByTestId('import-result');
  await result.getByText('Preview: work-v1.ics').waitFor();
  await page.getByTestId('calendar-options').getByLabel('From').fill('2025-01-01');
  await result.getByRole('button', { name: 'Preview again' }).click();
  await result.getByText('Calendar, 1 Jan 2025 to 30 Jun 2025; times in Europe/Berlin').waitFor();

  const moved = result.locator('details', { hasText: 'Moved or changed (5)' });
  assert.equal(
    await moved.locator('li', { hasText: 'Budget review' }).innerText(),
    `13 Mar 2025 14:00 · 1h 45m Budget review #${budget.id} — new time work-v1.ics:69`,
  );
  const gone = result.locator('details', { hasText: 'No longer in the calendar, removed (1)' });
  assert.match(await gone.locator('li').innerText(), /^10 Feb 2025 09:00 · \d+m Standup #\d+$/);
  const kept = result.locator('details', { hasText: 'Kept as you made them (1)' });
  assert.equal(
    await kept.locator('li').innerText(),
    `10 Apr 2025 10:00 · 40m Coffee with Hana #${coffee.id} — no longer in the calendar; kept because you judged it`,
  );
  await result.locator('details', { hasText: 'New people, unsorted (1)' }).getByText('Ivan Petrov').waitFor();
  await result.screenshot({ path: '/tmp/calendar-reimport.png' });

  await result.getByRole('button', { name: 'Import 1 entry, update 5, remove 1' }).click();
  await result.getByText('Imported as run #3: work-v1.ics').waitFor();
  await result.getByRole('link', { name: 'Judge the new entries' }).waitFor();
  const afterSecond = await app.run(entriesList, {});
  assert.equal(afterSecond.total, 14);
  assert.ok(afterSecond.entries.some((e) => e.title === 'Intro call'));

  const row = page.getByRole('row', {
    name: /#3 .*work-v1\.ics calendar 1 new entry, 5 moved or changed, 1 removed, 1 new person/,
  });
  await row.getByRole('button', { name: 'Undo' }).click();
  await row.getByText(/undone/).waitFor();
  assert.equal(
    await page.getByTestId('undo-result').innerText(),
    'Undid #3 (work-v1.ics): removed 1 entry and 1 person, put back 6 entries as they were.',
  );
  const restored = await app.run(entriesList, {});
  assert.equal(restored.total, 14);
  assert.equal(
    restored.entries.find((e) => e.title === 'Budget review')?.startedAt,
    '2025-03-12T13:00:00.000Z',
  );
  assert.deepEqual(app.problems, []);
});
