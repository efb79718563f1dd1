import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { demo } from '../../src/operations/demo-operations.ts';
import { entriesList } from '../../src/operations/ledger-operations.ts';
import { personList } from '../../src/operations/people-operations.ts';
import { startBrowserApp } from './browser-app.ts';
import type { BrowserApp } from './browser-app.ts';

let app: BrowserApp;
before(async () => {
  app = await startBrowserApp({ now: '2026-03-15T12:00:00Z' });
});
after(async () => app.close());

test('the demo network is taken out from the settings page after a confirmation', async () => {
  await app.run(demo, { people: 30, months: 2 });
  assert.equal((await app.run(personList, {})).total, 30);
  const page = await app.page();
  await page.goto(`${app.url}/settings`);
  await page.getByRole('button', { name: 'Remove demo data…' }).click();
  assert.equal((await app.run(personList, {})).total, 30, 'nothing goes before the confirmation');
  await page.getByRole('button', { name: 'Yes, remove the demo' }).click();
  await page.getByText(/Removed the demo: \d+ entries, 30 people, 4 goals\./).waitFor();
  assert.equal((await app.run(personList, {})).total, 0);
  assert.equal((await app.run(entriesList, {})).entries.length, 0);
  assert.deepEqual(app.problems, []);
});
