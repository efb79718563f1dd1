import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { demo } from '../../src/operations/demo-operations.ts';
import { startBrowserApp } from './browser-app.ts';
import type { BrowserApp } from './browser-app.ts';

let app: BrowserApp;
before(async () => {
  app = await startBrowserApp({ now: '2026-03-15T12:00:00Z' });
});
after(async () => app.close());

test('Settings offers every export, and "Download everything" saves an archive Fathom can restore', async () => {
  await app.run(demo, { people: 30, months: 2 });
  const page = await app.page();
  await page.goto(`${app.url}/settings`);
  await page.getByRole('heading', { name: 'Your data' }).waitFor();
  for (const name of ['People (CSV)', 'People (vCard)', 'Entries (CSV)', 'Entries (calendar)'])
    assert.ok(await page.getByRole('link', { name }).isVisible(), name);
  assert.ok(await page.getByText('fathom restore FILE').isVisible());

  const [archive] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download everything' }).click(),
  ]);
  assert.equal(archive.suggestedFilename(), 'fathom-archive-2026-03-15.json.gz');
  const saved = JSON.parse(gunzipSync(readFileSync(await archive.path())).toString('utf8')) as {
    format: string;
    version: number;
    tables: { name: string; rows: unknown[] }[];
  };
  assert.equal(saved.format, 'fathom-archive');
  assert.equal(saved.version, 1);
  assert.equal(saved.tables.find((t) => t.name === 'people')?.rows.length, 30);

  const [people] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'People (CSV)' }).click(),
  ]);
  assert.equal(people.suggestedFilename(), 'fathom-people-2026-03-15.csv');
  const csv = readFileSync(await people.path());
  assert.equal(csv.subarray(0, 3).toString('hex'), 'efbbbf');
  assert.equal(csv.toString('utf8').trim().split('\r\n').length, 31, 'a header and a line per person');
  assert.deepEqual(app.problems, []);
});
