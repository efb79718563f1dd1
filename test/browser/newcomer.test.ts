import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { settingsShow } from '../../src/operations/purpose-operations.ts';
import { personList } from '../../src/operations/people-operations.ts';
import { entriesList } from '../../src/operations/ledger-operations.ts';
import { startBrowserApp } from './browser-app.ts';
import type { BrowserApp } from './browser-app.ts';

let app: BrowserApp;
before(async () => {
  app = await startBrowserApp({ now: '2026-03-15T12:00:00Z' });
});
after(async () => app.close());

test('a newcomer states a purpose, adds a person, logs an hour and sees the dashboard change', async () => {
  const page = await app.page();
  await page.goto(app.url);

  // A fresh ledger greets with the purpose question instead of empty charts.
  await page.getByRole('heading', { name: 'Spend your time with people on purpose.' }).waitFor();
  await page
    .getByLabel('What is the one thing you are working toward?')
    .fill('Open a bakery that trains young bakers');
  await page.getByRole('button', { name: 'Start my ledger' }).click();
  await page.getByRole('heading', { name: 'Mar 2026' }).waitFor();
  await page.getByText('Open a bakery that trains young bakers').waitFor();
  assert.equal(await page.getByTestId('month-networking').innerText(), '0m of 5h');
  const settings = await app.run(settingsShow, {});
  assert.equal(settings.purpose, 'Open a bakery that trains young bakers');

  // Add a person from the people page, which teaches what to do when it is empty.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
  await page.getByRole('heading', { name: 'No people yet' }).waitFor();
  await page.getByRole('button', { name: 'Add your first person' }).click();
  const add = page.getByRole('dialog', { name: 'Add a person' });
  await add.getByLabel('Name').fill('Ana Lima');
  await add.getByLabel('Email').fill('ana@example.org');
  await add.getByLabel('Organization').fill('Flour & Co');
  await add.getByRole('button', { name: 'Add person' }).click();
  await page.getByRole('heading', { name: 'Ana Lima' }).waitFor();
  const people = await app.run(personList, {});
  assert.deepEqual(
    people.people.map((p) => [p.name, p.circle, p.organization, p.contacts.map((c) => c.value)]),
    [['Ana Lima', 'network', 'Flour & Co', ['ana@example.org']]],
  );

  // Log from the keyboard: L opens the quick log from any page; the person is picked by typing.
  await page.keyboard.press('l');
  const log = page.getByRole('dialog', { name: 'Log time' });
  // The focus starts in the people picker, so typing goes straight there.
  await page.keyboard.type('ana');
  await log.getByRole('option', { name: /Ana Lima/ }).waitFor();
  await page.keyboard.press('Enter');
  await log.getByRole('button', { name: 'Remove Ana Lima' }).waitFor();
  await log.getByLabel('How long').fill('1h30');
  await log.getByRole('radio', { name: 'Networking' }).check();
  await log.getByRole('radio', { name: 'Forward' }).check();
  await log.getByLabel('What').fill('Sourdough plan with Ana');
  await log.getByRole('button', { name: 'Log it' }).click();
  await page.getByText('Logged 1h 30m with Ana Lima.').waitFor();

  const entries = await app.run(entriesList, {});
  assert.equal(entries.total, 1);
  const [entry] = entries.entries;
  assert.equal(entry?.minutes, 90);
  assert.equal(entry?.mode, 'networking');
  assert.equal(entry?.verdict, 'forward');
  assert.deepEqual(
    entry?.people.map((p) => p.name),
    ['Ana Lima'],
  );

  // The person page and the dashboard both reflect the new hour and a half.
  await page.getByText('1h 30m', { exact: true }).first().waitFor();
  await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
  await page.getByTestId('month-networking').getByText('1h 30m').waitFor();
  assert.equal(await page.getByTestId('month-networking').innerText(), '1h 30m of 5h');
  assert.deepEqual(app.problems, []);
});

test('a field error from the server shows next to its field, and nothing is logged', async () => {
  const page = await app.page();
  await page.goto(`${app.url}/entries`);
  await page.getByRole('heading', { name: 'Ledger', exact: true }).waitFor();
  await page
    .getByRole('button', { name: /Log time/ })
    .first()
    .click();
  const log = page.getByRole('dialog', { name: 'Log time' });
  await log.getByLabel('How long').fill('forever');
  await log.getByRole('button', { name: 'Log it' }).click();
  const duration = log.getByLabel('How long');
  await log
    .locator('.field.has-error')
    .getByText(/duration/i)
    .waitFor();
  assert.equal(await duration.getAttribute('aria-invalid'), 'true');
  const entries = await app.run(entriesList, {});
  assert.equal(entries.total, 1, 'the failed log wrote nothing');
  app.problems.length = 0; // the 400 answer is logged by the browser as a failed resource
});
