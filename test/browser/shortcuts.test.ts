import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { personAdd, personShow } from '../../src/operations/people-operations.ts';
import { startBrowserApp } from './browser-app.ts';
import type { BrowserApp } from './browser-app.ts';

let app: BrowserApp;
let id = 0;
before(async () => {
  app = await startBrowserApp({ now: '2026-03-15T12:00:00Z' });
  const person = await app.run(personAdd, { name: 'Chidi Obi', circle: 'unsorted' });
  id = person.person.id;
});
after(async () => app.close());

test('the key after g only navigates, even where the page has a shortcut of its own for it', async () => {
  const page = await app.page();
  await page.goto(`${app.url}/triage`);
  await page.getByText('Chidi Obi').first().waitFor();

  // On Triage, `a` alone would sort the person into acquaintances; after `g` it opens the circle audit.
  await page.keyboard.press('g');
  await page.keyboard.press('a');
  await page.waitForURL(`${app.url}/audit`);
  const person = await app.run(personShow, { person: String(id) });
  assert.equal(person.circle, 'unsorted');

  // A plain `a` on Triage still sorts.
  await page.goto(`${app.url}/triage`);
  await page.getByText('Chidi Obi').first().waitFor();
  await page.keyboard.press('a');
  await page.getByText('Chidi Obi').first().waitFor({ state: 'detached' });
  assert.equal((await app.run(personShow, { person: String(id) })).circle, 'acquaintance');
  assert.deepEqual(app.problems, []);
});
