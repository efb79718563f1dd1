import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { demo } from '../../src/operations/demo-operations.ts';
import { personList } from '../../src/operations/people-operations.ts';
import { scrollWidth, startBrowserApp } from './browser-app.ts';
import type { BrowserApp } from './browser-app.ts';

const folder = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const vcard = fileURLToPath(new URL('../../src/importers/vcard/fixtures/apple-30.vcf', import.meta.url));

let app: BrowserApp;
let innerId = 0;
before(async () => {
  mkdirSync(folder, { recursive: true });
  app = await startBrowserApp({ now: '2026-03-19T16:00:00Z' });
  await app.run(demo, { until: '2026-03-19' });
  innerId = (await app.run(personList, { circle: 'inner', limit: 1 })).people[0]!.id;
});
after(async () => app.close());

/** Waits until no request is in flight and the page has settled, then saves the picture. */
async function shoot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page
    .locator('[aria-busy="true"]')
    .first()
    .waitFor({ state: 'detached', timeout: 5000 })
    .catch(() => undefined);
  await page.screenshot({ path: `${folder}${name}.png`, fullPage, animations: 'disabled' });
}

const mainPages: [string, string, string][] = [
  ['dashboard', '/', 'Mar 2026'],
  ['people', '/people', 'People'],
  ['person', '', ''],
  ['ledger', '/entries', 'Ledger'],
  ['review-queue', '/review', 'Review queue'],
  ['triage', '/triage', 'Triage'],
  ['goals', '/goals', 'Purpose & goals'],
  ['circle-audit', '/audit', 'Circle audit'],
  ['reviews', '/reviews', 'Reviews'],
  ['settings', '/settings', 'Settings'],
];

test('a screenshot of each main page on the demo ledger, at desktop width', async () => {
  const page = await app.page(1280);
  for (const [name, path, heading] of mainPages) {
    await page.goto(`${app.url}${path || `/people/${innerId}`}`);
    if (heading) await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
    else await page.getByRole('heading', { name: 'Time together' }).waitFor();
    if (name === 'dashboard') await page.locator('.dashboard[data-ready="true"]').waitFor();
    await shoot(page, name, !['people', 'person', 'ledger'].includes(name));
  }

  await page.goto(`${app.url}/imports`);
  await page.getByTestId('import-file').setInputFiles(vcard);
  await page.getByTestId('import-result').waitFor();
  await shoot(page, 'imports');

  await page.goto(app.url);
  await page.locator('.dashboard[data-ready="true"]').waitFor();
  await page.keyboard.press('l');
  const log = page.getByRole('dialog', { name: 'Log time' });
  await log.getByRole('combobox', { name: 'With' }).fill('a');
  await log.getByRole('option').first().waitFor();
  await page.keyboard.press('Enter');
  await log.getByLabel('How long').fill('45m');
  await log.getByRole('radio', { name: 'Networking' }).check();
  await shoot(page, 'quick-log', false);
  assert.deepEqual(app.problems, []);
});

test('at phone width (390 px) nothing is wider than the screen, and the main pages are pictured', async () => {
  const page = await app.page(390);
  for (const [name, path, heading] of mainPages) {
    await page.goto(`${app.url}${path || `/people/${innerId}`}`);
    if (heading) await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
    else await page.getByRole('heading', { name: 'Time together' }).waitFor();
    await page.waitForLoadState('networkidle');
    assert.ok(
      (await scrollWidth(page)) <= 390,
      `${name} is wider than the phone: ${await scrollWidth(page)} px`,
    );
    if (name === 'dashboard' || name === 'review-queue' || name === 'person')
      await shoot(page, `phone-${name}`, name === 'dashboard');
  }
  await page.getByRole('button', { name: 'Menu' }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
  await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
  assert.deepEqual(app.problems, []);
});
