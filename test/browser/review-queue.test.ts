import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { entriesShow, log } from '../../src/operations/ledger-operations.ts';
import { personAdd } from '../../src/operations/people-operations.ts';
import { ruleAdd } from '../../src/operations/rules-operations.ts';
import { startBrowserApp } from './browser-app.ts';
import type { BrowserApp } from './browser-app.ts';

let app: BrowserApp;
const ids: number[] = [];
before(async () => {
  app = await startBrowserApp({ now: '2026-03-15T12:00:00Z' });
  await app.run(personAdd, { name: 'Bea Okafor' });
  // Three unjudged entries, oldest first; the queue shows the newest first.
  for (const [title, at] of [
    ['Coffee with Bea', '2026-03-10 09:00'],
    ['Conference dinner', '2026-03-12 19:00'],
    ['Call about the lease', '2026-03-14 11:00'],
  ] as const) {
    const e = await app.run(log, { duration: '1h', title, at, with: ['Bea Okafor'] });
    ids.push(e.id);
  }
});
after(async () => app.close());

async function judged(id: number): Promise<[string | null, string | null]> {
  const e = await app.run(entriesShow, { id });
  return [e.mode, e.verdict];
}

test('the review queue is worked by keyboard: n/s, f/b, and u to undo', async () => {
  const page = await app.page();
  await page.goto(`${app.url}/review`);
  const card = page.locator('.review-card');
  await card.getByRole('heading', { name: 'Call about the lease' }).waitFor();
  await page.getByText('3 entries to judge').waitFor();

  await page.keyboard.press('n');
  await page.keyboard.press('f');
  await card.getByRole('heading', { name: 'Conference dinner' }).waitFor();
  assert.deepEqual(await judged(ids[2]!), ['networking', 'forward']);

  await page.keyboard.press('s');
  await page.keyboard.press('b');
  await card.getByRole('heading', { name: 'Coffee with Bea' }).waitFor();
  assert.deepEqual(await judged(ids[1]!), ['socializing', 'back']);

  // Undo puts the last decision back in the queue, unjudged again.
  await page.keyboard.press('u');
  await card.getByRole('heading', { name: 'Conference dinner' }).waitFor();
  assert.deepEqual(await judged(ids[1]!), [null, null]);
  await page.getByText('2 entries to judge').waitFor();

  await page.keyboard.press('s');
  await page.keyboard.press('f');
  await card.getByRole('heading', { name: 'Coffee with Bea' }).waitFor();
  await page.keyboard.press('b');
  await page.keyboard.press('n');
  await page.getByRole('heading', { name: 'Nothing waits for a verdict' }).waitFor();
  assert.deepEqual(await judged(ids[1]!), ['socializing', 'forward']);
  assert.deepEqual(await judged(ids[0]!), ['networking', 'back']);
  assert.deepEqual(app.problems, []);
});

test('keys typed into a text field do not judge anything', async () => {
  const walk = (await app.run(log, { duration: '30m', title: 'Walk with Bea', at: '2026-03-15 08:00' })).id;
  const page = await app.page();
  await page.goto(`${app.url}/review`);
  await page.locator('.review-card').getByRole('heading', { name: 'Walk with Bea' }).waitFor();
  await page.keyboard.press('l');
  const dialog = page.getByRole('dialog', { name: 'Log time' });
  await dialog.getByLabel('Notes').fill('nfsb');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assert.deepEqual(await judged(walk), [null, null]);
  assert.deepEqual(app.problems, []);
});

test('the suggestion and its reason are shown; a or Enter accepts it, and u takes it back', async () => {
  const rule = await app.run(ruleAdd, { title: 'standup', mode: 'networking', verdict: 'forward' });
  const team = (await app.run(log, { duration: '15m', title: 'Team standup', at: '2026-03-15 11:00' })).id;
  const retro = (await app.run(log, { duration: '30m', title: 'Standup retro', at: '2026-03-15 10:00' })).id;
  const page = await app.page();
  await page.goto(`${app.url}/review`);
  const card = page.locator('.review-card');
  await card.getByRole('heading', { name: 'Team standup' }).waitFor();
  const suggestion = card.getByRole('region', { name: 'Suggestion' });
  await suggestion.getByText('Networking · Forward').waitFor();
  await suggestion.getByText('97% sure').waitFor();
  await suggestion.getByText(`rule #${rule.id}: title contains “standup”`).waitFor();

  await page.keyboard.press('a');
  await card.getByRole('heading', { name: 'Standup retro' }).waitFor();
  assert.deepEqual(await judged(team), ['networking', 'forward']);

  await page.keyboard.press('u');
  await card.getByRole('heading', { name: 'Team standup' }).waitFor();
  assert.deepEqual(await judged(team), [null, null]);
  assert.equal((await app.run(entriesShow, { id: team })).editedAt, null);

  await page.keyboard.press('Enter');
  await card.getByRole('heading', { name: 'Standup retro' }).waitFor();
  await page.keyboard.press('Enter');
  await card.getByRole('heading', { name: 'Walk with Bea' }).waitFor();
  assert.deepEqual(await judged(team), ['networking', 'forward']);
  assert.deepEqual(await judged(retro), ['networking', 'forward']);
  assert.deepEqual(app.problems, []);
});
