import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { scaleLedger } from '../../src/demo/scale-ledger.ts';
import { personAdd, personList, personShow } from '../../src/operations/people-operations.ts';
import { bulkLoad } from '../../src/store/bulk-load.ts';
import { localAccountId } from '../../src/store/settings-store.ts';
import { startBrowserApp } from './browser-app.ts';
import type { BrowserApp } from './browser-app.ts';

let app: BrowserApp;
before(async () => {
  app = await startBrowserApp({ now: '2026-03-15T12:00:00Z' });
  const data = scaleLedger({ people: 3000, entries: 0, seed: 3, until: '2026-03-15', timeZone: 'UTC' });
  await app.store.db.transaction().execute((trx) => bulkLoad(trx, localAccountId, data.people, data.entries));
});
after(async () => app.close());

test('the people list pages through thousands of people as it scrolls, and finds one by search', async () => {
  const all = await app.run(personList, { limit: 10_000 });
  assert.equal(all.total, 3000);
  const last = all.people[all.people.length - 1]!;

  const page = await app.page();
  await page.goto(`${app.url}/people`);
  await page.getByText('3,000 people').waitFor();
  // Only the rows in view (and a few around them) exist in the page.
  const rendered = await page.locator('.people-scroll .people-row').count();
  assert.ok(rendered < 60, `expected a virtual window of rows, found ${rendered}`);

  // Scrolling to the end loads the last page of the list and shows the last person by name.
  await page.evaluate(
    "(() => { const box = document.querySelector('[data-testid=people-scroll]'); box.scrollTop = box.scrollHeight; })()",
  );
  await page.locator('.people-scroll').getByRole('link', { name: last.name, exact: true }).first().waitFor();

  await page.keyboard.press('/');
  await page.keyboard.type(last.contacts[0]?.value ?? last.name);
  await page.getByText(/^1 person match$/).waitFor();
  await page.locator('.people-scroll').getByRole('link', { name: last.name, exact: true }).waitFor();
  assert.match(page.url(), /[?&]q=/);
  assert.deepEqual(app.problems, []);
});

test('selected people move to another circle together', async () => {
  const page = await app.page();
  await page.goto(`${app.url}/people?circle=social`);
  const rows = page.locator('.people-scroll .people-row');
  await rows.first().getByRole('checkbox').waitFor();
  const names = [];
  for (let i = 0; i < 3; i++) {
    names.push(await rows.nth(i).locator('.person-link').innerText());
    await rows.nth(i).getByRole('checkbox').check();
  }
  await page.getByText('3 people selected').waitFor();
  await page
    .getByRole('region', { name: 'Change selected people' })
    .getByRole('combobox')
    .selectOption('network');
  await page.getByText('Moved to network: 3 people changed.').waitFor();
  for (const name of names) {
    const found = await app.run(personList, { search: name, circle: 'network' });
    assert.ok(
      found.people.some((p) => p.name === name),
      `${name} is in the network circle now`,
    );
  }
  assert.deepEqual(app.problems, []);
});

test('triage sorts unsorted people with one key each, and u takes the last one back', async () => {
  const aaron = (await app.run(personAdd, { name: 'Aaron Aardvark' })).person;
  const circleOf = async (id: number) => (await app.run(personShow, { person: String(id) })).circle;
  const page = await app.page();
  await page.goto(`${app.url}/triage`);
  const card = page.locator('.triage-card');
  // Unsorted people come by name, so the one added last is first in line.
  await card.getByRole('heading', { name: 'Aaron Aardvark' }).waitFor();

  await page.keyboard.press('n');
  await card.getByRole('heading', { name: 'Aaron Aardvark' }).waitFor({ state: 'detached' });
  assert.equal(await circleOf(aaron.id), 'network');
  const next = await card.getByRole('heading').innerText();

  await page.keyboard.press('u');
  await card.getByRole('heading', { name: 'Aaron Aardvark' }).waitFor();
  assert.equal(await circleOf(aaron.id), 'unsorted');

  await page.keyboard.press('i');
  await card.getByRole('heading', { name: next }).waitFor();
  assert.equal(await circleOf(aaron.id), 'inner');
  const nextId = (await app.run(personList, { search: next, circle: 'unsorted' })).people[0]!.id;
  assert.equal(await circleOf(nextId), 'unsorted');
  assert.deepEqual(app.problems, []);
});
