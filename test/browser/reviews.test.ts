import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { log } from '../../src/operations/ledger-operations.ts';
import { personAdd } from '../../src/operations/people-operations.ts';
import { init } from '../../src/operations/purpose-operations.ts';
import { reviewList } from '../../src/operations/review-operations.ts';
import { startBrowserApp } from './browser-app.ts';
import type { BrowserApp } from './browser-app.ts';

// A fresh ledger with one person and one hour: the reviews a newcomer writes in their first week.
let app: BrowserApp;
before(async () => {
  app = await startBrowserApp({ now: '2026-03-18T12:00:00Z' });
  await app.run(init, { purpose: 'Open a bakery that trains young bakers', timeZone: 'Europe/Lisbon' });
  await app.run(personAdd, { name: 'Ana Lima' });
  await app.run(log, {
    duration: '1h',
    title: 'Sourdough plan with Ana',
    at: '2026-03-17 09:00',
    with: ['Ana Lima'],
    mode: 'networking',
    verdict: 'forward',
  });
});
after(async () => app.close());

test('weekly and monthly reviews are saved and read back on a fresh ledger', async () => {
  const page = await app.page();
  await page.goto(`${app.url}/reviews`);
  await page.getByRole('heading', { name: 'Reviews', exact: true }).waitFor();
  await page.getByText('None yet.', { exact: false }).waitFor();

  // A weekly review: saved, it opens in the list with the week's figures beside the answers.
  await page.getByLabel(/actually moved you toward your aim/).fill('The sourdough plan with Ana');
  await page.getByRole('button', { name: 'Save this review' }).click();
  await page.getByText(/^Review of .* saved\.$/).waitFor();
  const past = page.getByRole('region', { name: 'Past reviews' });
  const week = past.locator('.past-review');
  await week.getByText('The sourdough plan with Ana').waitFor();
  await week.getByText('1h', { exact: true }).waitFor();
  assert.equal(await past.getByRole('button', { name: /^Week of/ }).getAttribute('aria-expanded'), 'true');

  // A monthly review the same way.
  await page.getByRole('group', { name: 'Kind of review' }).getByRole('button', { name: 'Monthly' }).click();
  await page.getByLabel(/actually moved you toward your aim/).fill('Two bakers said yes to the course');
  await page.getByRole('button', { name: 'Save this review' }).click();
  await past.locator('.past-review').getByText('Two bakers said yes to the course').waitFor();

  const stored = await app.run(reviewList, {});
  assert.deepEqual(
    stored.map((r) => r.kind),
    ['month', 'week'],
  );

  // After a reload nothing is open; each past review opens from the list with its figures.
  await page.reload();
  await past.getByRole('button', { name: /^Week of/ }).click();
  const reopened = past.locator('.past-review');
  await reopened.getByText('The sourdough plan with Ana').waitFor();
  await reopened.getByText('networking', { exact: true }).waitFor();
  await reopened.getByText('1h', { exact: true }).waitFor();
  await past.getByRole('button', { name: /^Month of/ }).click();
  await past.locator('.past-review').getByText('Two bakers said yes to the course').waitFor();
  assert.deepEqual(app.problems, []);
});

test('a page that fails shows what failed, keeps the navigation, and recovers on retry', async () => {
  const page = await app.page();
  // The questions arrive malformed, as from a server that answered with something unexpected.
  await page.route('**/api/reviews/questions**', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: '{}' }),
  );
  await page.goto(`${app.url}/reviews`);
  const failed = page.getByRole('alert').filter({ hasText: 'This page could not be shown' });
  await failed.waitFor();
  await failed.getByText('Reviews', { exact: true }).waitFor();
  assert.ok(app.problems.some((p) => p.includes('The Reviews page failed')));
  app.problems.length = 0;

  // The rest of the app still works: the navigation leads to another page.
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'People' }).click();
  await page.getByRole('heading', { name: 'People', exact: true }).waitFor();

  // Back on the failed page, with the server answering properly again, "Try again" brings it back.
  await nav.getByRole('link', { name: 'Reviews' }).click();
  await failed.waitFor();
  app.problems.length = 0;
  await page.unroute('**/api/reviews/questions**');
  await failed.getByRole('button', { name: 'Try again' }).click();
  await page.getByRole('button', { name: 'Save this review' }).waitFor();
  assert.equal(await failed.count(), 0);
  assert.deepEqual(app.problems, []);
});
