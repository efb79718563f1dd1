import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Locator } from 'playwright-core';
import { personList } from '../../src/operations/people-operations.ts';
import { solidPng } from '../support/images.ts';
import { startBrowserApp } from './browser-app.ts';
import type { BrowserApp } from './browser-app.ts';

let app: BrowserApp;
before(async () => {
  app = await startBrowserApp({ now: '2026-03-15T12:00:00Z' });
});
after(async () => app.close());

/** A phone's export of two people: one with a photo (folded, as phones write it), one without. */
function phoneExport(): string {
  const photo = `PHOTO;ENCODING=b;TYPE=PNG:${solidPng(48, 48, [40, 110, 160]).toString('base64')}`;
  const folded = (photo.match(/.{1,75}/g) ?? []).join('\r\n ');
  return [
    'BEGIN:VCARD',
    'VERSION:3.0',
    'N:Costa;Rita;;Dr.;',
    'FN:Rita Costa',
    'ORG:Verde Capital;Research',
    'TITLE:Partner',
    'EMAIL:rita@verde.example',
    'ADR;TYPE=work:;;Rua Augusta 10;Lisboa;;1100-053;Portugal',
    'RELATED;VALUE=text;TYPE=spouse:Ana Costa',
    folded,
    'END:VCARD',
    'BEGIN:VCARD',
    'VERSION:3.0',
    'FN:Tiago Faceless',
    'EMAIL:tiago@example.org',
    'END:VCARD',
    '',
  ].join('\r\n');
}

/** Waits until the image has loaded, then gives its decoded width (0 for an image that failed). */
async function loadedWidth(img: Locator): Promise<number> {
  await img.waitFor();
  // The page's own types are not the test's: the element is read as what it is, an image.
  type Image = {
    complete: boolean;
    naturalWidth: number;
    addEventListener(type: 'load', f: () => void, o: object): void;
  };
  return img.evaluate(async (el) => {
    const image = el as unknown as Image;
    if (!image.complete)
      await new Promise<void>((done) => image.addEventListener('load', () => done(), { once: true }));
    return image.naturalWidth;
  });
}

test('on a fresh ledger, a vCard photo imported through the web app shows as the avatar in the list and on the person page', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'fathom-photo-')), 'phone.vcf');
  writeFileSync(file, phoneExport());
  const page = await app.page();
  await page.goto(`${app.url}/imports`);
  await page.getByText('No imports yet.').waitFor();
  await page.getByTestId('import-file').setInputFiles(file);
  const result = page.getByTestId('import-result');
  await result.getByText('Preview: phone.vcf').waitFor();
  await result.getByRole('button', { name: 'Import 2 new people' }).click();
  await result.getByText('Imported as run #1: phone.vcf').waitFor();
  const people = await app.run(personList, {});
  const rita = people.people.find((p) => p.name === 'Rita Costa');
  assert.equal(rita?.photo?.contentType, 'image/png');

  // The list: Rita's row shows her photo, Tiago's his initials.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
  const ritaRow = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Rita Costa' }) });
  assert.equal(await loadedWidth(ritaRow.locator('img.avatar-photo')), 48);
  const tiagoRow = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Tiago Faceless' }) });
  assert.equal(await tiagoRow.locator('.avatar').innerText(), 'TF');
  assert.equal(await tiagoRow.locator('img').count(), 0);

  // The person page: the photo beside the name, and what the card said besides.
  await ritaRow.getByRole('link', { name: 'Rita Costa' }).click();
  await page.getByRole('heading', { name: 'Rita Costa' }).waitFor();
  assert.equal(await loadedWidth(page.locator('.person-head img.avatar-photo')), 48);
  await page.getByText('Partner at Verde Capital · Research').first().waitFor();
  const details = page.getByTestId('person-details');
  await details.getByText('Dr. Rita Costa').waitFor();
  await details.getByText('Rua Augusta 10').waitFor();
  await details.getByText('Ana Costa').waitFor();

  // The image came from this server with the type its bytes are, under the app's own CSP.
  const response = await page.request.get(`${app.url}${rita!.photo!.url}`);
  assert.equal(response.headers()['content-type'], 'image/png');
  assert.equal(response.headers()['x-content-type-options'], 'nosniff');
  assert.deepEqual(app.problems, []);
});

test('the editor sets name parts, department and anniversary, and only what was changed counts as set by hand', async () => {
  const page = await app.page();
  const { people } = await app.run(personList, { search: 'Tiago' });
  await page.goto(`${app.url}/people/${people[0]!.id}`);
  await page.getByRole('heading', { name: 'Tiago Faceless' }).waitFor();
  await page.getByRole('button', { name: 'Edit details' }).click();
  const editor = page.getByRole('form', { name: 'Edit Tiago Faceless' });
  await editor.getByLabel('Given name').fill('Tiago');
  await editor.getByLabel('Family name').fill('Faceless');
  await editor.getByLabel('Suffix').fill('Jr.');
  await editor.getByLabel('Department').fill('Kitchen');
  await editor.getByLabel('Anniversary').fill('not a date');
  await editor.getByRole('button', { name: 'Save' }).click();
  await editor.getByText('"not a date" is not a date').waitFor();
  assert.equal(await editor.getByLabel('Anniversary').getAttribute('aria-invalid'), 'true');
  const unchanged = (await app.run(personList, { search: 'Tiago' })).people[0];
  assert.equal(unchanged?.department, null, 'the refused save wrote nothing');
  assert.deepEqual(app.problems, [
    'console error: Failed to load resource: the server responded with a status of 400 (Bad Request)',
  ]);
  app.problems.length = 0; // the 400 answer is logged by the browser as a failed resource
  await editor.getByLabel('Anniversary').fill('--06-12');
  await editor.getByRole('button', { name: 'Save' }).click();
  await editor.waitFor({ state: 'detached' });
  const details = page.getByTestId('person-details');
  await details.getByText('Tiago Faceless Jr.').waitFor();
  await details.getByText('12 Jun').waitFor();

  const [tiago] = (await app.run(personList, { search: 'Tiago' })).people;
  assert.deepEqual(
    [tiago?.givenName, tiago?.familyName, tiago?.nameSuffix, tiago?.department],
    ['Tiago', 'Faceless', 'Jr.', 'Kitchen'],
  );
  assert.deepEqual(tiago?.anniversary, { month: 6, day: 12 });
  const row = await app.store.db
    .selectFrom('people')
    .select('field_sources')
    .where('id', '=', tiago!.id)
    .executeTakeFirstOrThrow();
  assert.deepEqual(Object.keys(JSON.parse(row.field_sources ?? '{}') as object).sort(), [
    'anniversary',
    'department',
    'familyName',
    'givenName',
    'nameSuffix',
  ]);
  assert.deepEqual(app.problems, []);
});
