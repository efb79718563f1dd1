import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { importList } from '../../src/operations/import-operations.ts';
import { log } from '../../src/operations/ledger-operations.ts';
import { personDuplicates, personMerges } from '../../src/operations/merge-operations.ts';
import { personAdd, personList, personShow } from '../../src/operations/people-operations.ts';
import { startBrowserApp } from './browser-app.ts';
import type { BrowserApp } from './browser-app.ts';

// Every test starts from an empty ledger of its own, never the demo.
let app: BrowserApp;
before(async () => {
  app = await startBrowserApp({ now: '2026-03-15T12:00:00Z' });
});
after(async () => app.close());

async function live(): Promise<string[]> {
  return (await app.run(personList, {})).people.map((p) => p.name).sort();
}

test('two people selected on the People page are merged after a look at both, and unmerged again', async () => {
  const ana = (
    await app.run(personAdd, { name: 'Ana Lima', email: ['ana@verde.example'], org: 'Verde Capital' })
  ).person;
  const alias = (
    await app.run(personAdd, { name: 'A. Lima', email: ['ANA@verde.example'], phone: ['+351 912 345 678'] })
  ).person;
  await app.run(personAdd, { name: 'Bruno Costa' });
  await app.run(log, {
    duration: '1h',
    title: 'Coffee',
    with: [`#${alias.id}`],
    mode: 'networking',
    verdict: 'forward',
    at: '2026-03-10 09:00',
  });

  const page = await app.page();
  await page.goto(`${app.url}/people`);
  await page.getByRole('link', { name: 'Ana Lima' }).waitFor();

  // Select from the keyboard: Space on a row's box, x on a focused row.
  await page.getByRole('checkbox', { name: 'Select A. Lima' }).focus();
  await page.keyboard.press('Space');
  await page.getByRole('link', { name: 'Ana Lima' }).focus();
  await page.keyboard.press('x');
  const bar = page.getByRole('region', { name: 'Change selected people' });
  await bar.getByText('2 people selected').waitFor();
  await page.keyboard.press('m');

  const dialog = page.getByRole('dialog', { name: 'Merge two people' });
  await dialog.getByText('same email ana@verde.example').waitFor();
  // A. Lima has the time logged, so is kept unless the owner says otherwise; the owner keeps Ana.
  assert.equal(await dialog.getByRole('radio', { name: /A\. Lima/ }).isChecked(), true);
  await dialog.getByRole('radio', { name: /Ana Lima/ }).check();
  await dialog.getByRole('button', { name: 'Merge into Ana Lima' }).click();
  const toast = page.locator('.toast', { hasText: 'Merged A. Lima into Ana Lima.' });
  await toast.waitFor();

  assert.deepEqual(await live(), ['Ana Lima', 'Bruno Costa']);
  const merged = await app.run(personShow, { person: `#${ana.id}` });
  assert.deepEqual(
    [merged.totals.entries, merged.contacts.map((c) => c.value)],
    [1, ['ana@verde.example', '+351 912 345 678']],
  );
  await page.getByRole('checkbox', { name: 'Select A. Lima' }).waitFor({ state: 'detached' });

  // The toast's Undo takes the merge back.
  await toast.getByRole('button', { name: 'Undo' }).click();
  await page.locator('.toast', { hasText: 'A. Lima is their own person again' }).waitFor();
  assert.deepEqual(await live(), ['A. Lima', 'Ana Lima', 'Bruno Costa']);
  assert.equal((await app.run(personShow, { person: `#${alias.id}` })).totals.entries, 1);

  // Merged again, the merged person's own page says where they went and offers Unmerge.
  await page.getByRole('checkbox', { name: 'Select A. Lima' }).check();
  await page.getByRole('checkbox', { name: 'Select Ana Lima' }).check();
  await bar.getByRole('button', { name: 'Merge…' }).click();
  await dialog.getByText('same email ana@verde.example').waitFor();
  await dialog.getByRole('button', { name: 'Merge into A. Lima' }).click();
  await page.locator('.toast', { hasText: 'Merged Ana Lima into A. Lima.' }).waitFor();
  await page.goto(`${app.url}/people/${ana.id}`);
  await page.getByText(/^Merged into A\. Lima on 15 Mar 2026\./).waitFor();
  await page.getByRole('button', { name: 'Unmerge' }).click();
  await page.locator('.toast', { hasText: 'Ana Lima is their own person again' }).waitFor();
  await page.getByRole('button', { name: 'Log time with Ana' }).waitFor();
  assert.deepEqual(await live(), ['A. Lima', 'Ana Lima', 'Bruno Costa']);
  assert.deepEqual(app.problems, []);
});

test('a person page finds the same person by search, shows the evidence, merges, and lists the merge with Unmerge', async () => {
  const carla = (await app.run(personAdd, { name: 'Carla Dias', phone: ['+351 913 000 111'] })).person;
  const cd = (await app.run(personAdd, { name: 'C. Dias', phone: ['+351913000111'] })).person;
  const page = await app.page();
  await page.goto(`${app.url}/people/${carla.id}`);
  await page.getByRole('heading', { name: 'Carla Dias' }).waitFor();
  await page.getByRole('button', { name: 'Same person as…' }).click();
  await page.getByRole('combobox', { name: 'Search for the same person' }).fill('dias');
  await page.getByRole('option', { name: /C\. Dias/ }).waitFor();
  // Carla herself is not offered.
  assert.equal(await page.getByRole('option', { name: /Carla Dias/ }).count(), 0);
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Merge two people' });
  await dialog.getByText('same phone').waitFor();
  assert.equal(await dialog.getByRole('radio', { name: /Carla Dias/ }).isChecked(), true);
  await dialog.getByRole('button', { name: 'Merge into Carla Dias' }).click();

  const merges = page.getByRole('region', { name: 'Same person?' });
  await merges.getByText('C. Dias').waitFor();
  const listed = await app.run(personMerges, { person: String(carla.id) });
  assert.deepEqual(
    listed.from.map((m) => m.merged.id),
    [cd.id],
  );
  await merges.getByRole('button', { name: 'Unmerge C. Dias' }).click();
  await merges.getByText('C. Dias').waitFor({ state: 'detached' });
  assert.deepEqual((await app.run(personMerges, { person: String(carla.id) })).from, []);
  assert.equal((await app.run(personShow, { person: `#${cd.id}` })).id, cd.id);
  assert.deepEqual(app.problems, []);
});

test('the duplicates list shows each pair with its evidence; Not the same takes a pair off it', async () => {
  const page = await app.page();
  await page.goto(`${app.url}/people`);
  await page.getByRole('button', { name: 'Likely duplicates' }).click();
  const pairs = page.locator('.duplicate-list > li');
  await pairs.first().waitFor();
  const expected = (await app.run(personDuplicates, {})).pairs;
  assert.equal(await pairs.count(), expected.length);
  const carlaPair = page.getByRole('listitem', { name: 'Carla Dias and C. Dias' });
  await carlaPair.getByText('same phone +351 913 000 111').waitFor();
  await carlaPair.getByRole('button', { name: 'Not the same' }).click();
  await carlaPair.waitFor({ state: 'detached' });
  assert.equal((await app.run(personDuplicates, {})).pairs.length, expected.length - 1);

  const anaPair = page.getByRole('listitem', { name: /Ana Lima and A\. Lima|A\. Lima and Ana Lima/ });
  await anaPair.getByRole('button', { name: 'Merge…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Merge two people' });
  await dialog.getByRole('button', { name: /^Merge into / }).click();
  await anaPair.waitFor({ state: 'detached' });
  assert.deepEqual(await live(), ['A. Lima', 'Bruno Costa', 'C. Dias', 'Carla Dias']);
  assert.deepEqual(app.problems, []);
});

test('adding someone who shares a name, an email or a phone warns first, opens that person on request, and still adds on Add anyway', async () => {
  const page = await app.page();
  await page.goto(`${app.url}/people`);
  await page.getByRole('button', { name: 'Add person' }).click();
  const add = page.getByRole('dialog', { name: 'Add a person' });
  await add.getByLabel('Name').fill('Bruno Costa');
  const warning = add.getByTestId('add-person-matches');
  await warning.getByText('same name').waitFor();
  await add.getByRole('button', { name: 'Open Bruno Costa' }).click();
  await page.getByRole('heading', { name: 'Bruno Costa' }).waitFor();
  assert.equal((await app.run(personList, { search: 'bruno' })).total, 1);

  // Pressed straight after typing, Add still looks first and warns instead of saving.
  await page.goto(`${app.url}/people`);
  await page.getByRole('button', { name: 'Add person' }).click();
  await add.getByLabel('Name').fill('Bea Nowak');
  await add.getByLabel('Email').fill('ana@verde.example');
  await add.getByLabel('Phone').fill('+351912345678');
  await add.getByRole('button', { name: /^Add / }).click();
  await warning.getByText(/same email ana@verde\.example, same phone \+351 912 345 678/i).waitFor();
  await warning.getByRole('button', { name: 'Open A. Lima' }).waitFor();
  assert.equal((await app.run(personList, { search: 'bea' })).total, 0, 'nothing saved before the warning');
  await add.getByRole('button', { name: 'Add anyway' }).click();
  await page.getByRole('heading', { name: 'Bea Nowak' }).waitFor();
  const bea = (await app.run(personList, { search: 'bea' })).people;
  assert.deepEqual(
    bea.map((p) => [p.name, p.contacts.map((c) => c.value)]),
    [['Bea Nowak', ['ana@verde.example', '+351912345678']]],
  );
  assert.deepEqual(app.problems, []);
});

test('a newcomer in an import preview is merged with the person they share a name with, and the undo takes it back', async () => {
  const dev = (await app.run(personAdd, { name: 'Dev Patel', org: 'Acme' })).person;
  const vcard = [
    'BEGIN:VCARD',
    'VERSION:3.0',
    'FN:Dev Patel',
    'EMAIL:dev@patel.example',
    'TITLE:Founder',
    'UID:dev-1',
    'END:VCARD',
    'BEGIN:VCARD',
    'VERSION:3.0',
    'FN:Eva Nowak',
    'UID:eva-1',
    'END:VCARD',
    '',
  ].join('\r\n');
  const page = await app.page();
  await page.goto(`${app.url}/imports`);
  await page
    .getByTestId('import-file')
    .setInputFiles({ name: 'phone.vcf', mimeType: 'text/vcard', buffer: Buffer.from(vcard) });
  const result = page.getByTestId('import-result');
  await result.getByText('Preview: phone.vcf').waitFor();
  assert.equal(await result.getByTestId('import-created').innerText(), '2');
  await result.getByRole('radio', { name: `Merge Dev Patel, line 1 with Dev Patel (#${dev.id})` }).check();
  assert.equal(await result.getByTestId('import-created').innerText(), '1');
  await result.getByRole('button', { name: 'Import 1 new person, merge 1' }).click();
  await result.getByText('Imported as run #1: phone.vcf').waitFor();
  await result.getByTestId('import-merged').getByText('Dev Patel').waitFor();

  assert.deepEqual(
    (await app.run(personList, { search: 'dev' })).people.map((p) => p.id),
    [dev.id],
  );
  const merged = await app.run(personShow, { person: `#${dev.id}` });
  assert.deepEqual(
    [merged.organization, merged.title, merged.contacts.map((c) => `${c.value} ${c.source}`)],
    ['Acme', 'Founder', ['dev@patel.example import:1']],
  );
  const [run] = (await app.run(importList, {})).runs;
  assert.deepEqual([run?.counts.created, run?.counts.merged], [1, 1]);

  // The person page says where the merge came from.
  await page.goto(`${app.url}/people/${dev.id}`);
  await page
    .getByRole('region', { name: 'Same person?' })
    .getByText(/chosen in import #1/)
    .waitFor();

  await page.goto(`${app.url}/imports`);
  const row = page.getByRole('row', { name: /#1 .*phone\.vcf/ });
  await row.getByRole('button', { name: 'Undo' }).click();
  await page
    .getByTestId('undo-result')
    .getByText(/took back 1 merge/)
    .waitFor();
  const after = await app.run(personShow, { person: `#${dev.id}` });
  assert.deepEqual([after.title, after.contacts], [null, []]);
  assert.equal((await app.run(personList, { search: 'eva' })).total, 0);
  assert.deepEqual(app.problems, []);
});
