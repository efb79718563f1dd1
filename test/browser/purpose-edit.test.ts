import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { init, settingsShow } from '../../src/operations/purpose-operations.ts';
import { startBrowserApp } from './browser-app.ts';
import type { BrowserApp } from './browser-app.ts';

let app: BrowserApp;
before(async () => {
  app = await startBrowserApp({ now: '2026-03-15T12:00:00Z' });
  await app.run(init, { purpose: 'Open a bakery' });
});
after(async () => app.close());

// Setting up again keeps an existing purpose; the goals page changes it as a setting.
test('the goals page changes a purpose the ledger already has', async () => {
  const page = await app.page();
  await page.goto(`${app.url}/goals`);
  const field = page.getByLabel('Your purpose — the one thing');
  await field.fill('Open a bakery that trains young bakers');
  await page.getByRole('button', { name: 'Save purpose' }).click();
  await page.getByText('Purpose saved.').waitFor();
  const settings = await app.run(settingsShow, {});
  assert.equal(settings.purpose, 'Open a bakery that trains young bakers');
  assert.deepEqual(app.problems, []);
});

test('an import preview lists what it cuts to fit the ledger', async () => {
  const page = await app.page();
  await page.goto(`${app.url}/imports`);
  await page.getByTestId('import-file').setInputFiles({
    name: 'long.vcf',
    mimeType: 'text/vcard',
    buffer: Buffer.from(`BEGIN:VCARD\r\nVERSION:3.0\r\nFN:${'N'.repeat(5000)}\r\nEND:VCARD\r\n`),
  });
  const result = page.getByTestId('import-result');
  await result.getByText('Preview: long.vcf').waitFor();
  const warnings = result.getByTestId('import-warnings');
  await warnings.getByText('Changed to fit (1)').click();
  await warnings
    .getByText(/name: 5,000 characters, more than the 200 a name may have; cut to fit\./)
    .waitFor();
  assert.deepEqual(app.problems, []);
});
