import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { log } from '../../src/operations/ledger-operations.ts';
import { personAdd } from '../../src/operations/people-operations.ts';
import { goalAdd, init } from '../../src/operations/purpose-operations.ts';
import { startBrowserApp } from './browser-app.ts';
import type { BrowserApp } from './browser-app.ts';

const imgTag = '<img src=x onerror=alert(1)>';
const template = '{{7*7}}';
const scriptTag = '<script>alert("x")</script>';

let app: BrowserApp;
let personId = 0;
before(async () => {
  app = await startBrowserApp({ now: '2026-03-15T12:00:00Z' });
  await app.run(init, { purpose: `${scriptTag} purpose` });
  await app.run(goalAdd, { title: `${template} goal` });
  personId = (await app.run(personAdd, { name: imgTag, org: template, purpose: scriptTag, tag: ['${7*7}'] }))
    .person.id;
  await app.run(personAdd, { name: template });
  await app.run(log, {
    duration: '45m',
    title: scriptTag,
    with: [`#${personId}`],
    notes: imgTag,
    mode: 'networking',
    verdict: 'forward',
  });
});
after(async () => app.close());

test('names and notes that look like markup or templates show as plain text everywhere', async () => {
  const page = await app.page();
  for (const path of ['/', '/people', `/people/${personId}`, '/entries', '/goals', '/triage']) {
    await page.goto(`${app.url}${path}`);
    await page.locator('main h1').first().waitFor();
    await page.waitForLoadState('networkidle');
    // No element was made from the text: no img with src "x", no injected script.
    assert.equal(await page.locator('img[src="x"]').count(), 0, `${path}: an img element was created`);
    assert.equal(await page.locator('main script').count(), 0, `${path}: a script element was created`);
  }

  await page.goto(`${app.url}/people/${personId}`);
  await page.getByRole('heading', { level: 1, name: imgTag }).waitFor();
  await page.getByText(template, { exact: true }).first().waitFor();
  await page.getByText(scriptTag, { exact: true }).first().waitFor();
  assert.equal(await page.getByText('49').count(), 0, 'a template expression was evaluated');

  await page.goto(`${app.url}/people`);
  await page.getByRole('link', { name: imgTag }).waitFor();
  await page.getByRole('link', { name: template, exact: true }).waitFor();

  await page.goto(`${app.url}/`);
  await page.getByText(`${scriptTag} purpose`).waitFor();
  await page.getByRole('link', { name: imgTag }).waitFor();
  assert.deepEqual(app.problems, [], 'no alert ran and no script error happened');
});
