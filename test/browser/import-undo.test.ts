import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { personList } from '../../src/operations/people-operations.ts';
import { startBrowserApp } from './browser-app.ts';
import type { BrowserApp } from './browser-app.ts';

const vcard = fileURLToPath(new URL('../../src/importers/vcard/fixtures/apple-30.vcf', import.meta.url));

let app: BrowserApp;
before(async () => {
  app = await startBrowserApp({ now: '2026-03-15T12:00:00Z' });
});
after(async () => app.close());

test('an import is previewed without writing, committed, and undone as a whole', async () => {
  const page = await app.page();
  await page.goto(`${app.url}/imports`);
  await page.getByText('No imports yet.').waitFor();
  await page.getByTestId('import-file').setInputFiles(vcard);

  const result = page.getByTestId('import-result');
  await result.getByText('Preview: apple-30.vcf').waitFor();
  assert.equal(await result.getByTestId('import-created').innerText(), '2');
  await result.getByText('Chidi Okonkwo-Renée').waitFor();
  assert.equal((await app.run(personList, {})).total, 0, 'the preview wrote nothing');

  await result.getByRole('button', { name: 'Import 2 new people' }).click();
  await result.getByText('Imported as run #1: apple-30.vcf').waitFor();
  const imported = await app.run(personList, { circle: 'unsorted' });
  assert.deepEqual(imported.people.map((p) => p.name).sort(), ['Chidi Okonkwo-Renée', 'Dr. Zoë Ångström']);

  // The run is listed, and undoing it (after the browser's confirm) removes both people.
  const row = page.getByRole('row', { name: /#1 .*apple-30\.vcf/ });
  await row.getByRole('button', { name: 'Undo' }).click();
  await row.getByText(/undone/).waitFor();
  assert.equal((await app.run(personList, {})).total, 0);
  assert.deepEqual(app.problems, []);
});
