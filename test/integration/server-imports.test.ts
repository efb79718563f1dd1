import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../../src/server/create-app.ts';
import type { AppOptions } from '../../src/server/create-app.ts';
import { localAccountId } from '../../src/store/settings-store.ts';
import { dialects, openTestLedger } from '../support/test-stores.ts';
import type { TestLedger } from '../support/test-stores.ts';

const origin = 'http://fathom.test';
const linkedin = readFileSync(
  new URL('../../src/importers/contacts/fixtures/linkedin-connections.csv', import.meta.url),
);

interface Report {
  status: 'preview' | 'committed';
  run: number | null;
  fileName: string;
  format: string;
  counts: { created: number; matched: number; unchanged: number; skipped: number; errors: number };
  created: { line: number; name: string }[];
}

interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

function appFor(l: TestLedger, extra: Partial<AppOptions> = {}) {
  return createApp({
    store: l.store,
    resolveAccount: () => localAccountId,
    now: l.ctx.now,
    allowedHosts: ['fathom.test'],
    webRoot: null,
    log: () => undefined,
    ...extra,
  });
}

type App = ReturnType<typeof appFor>;

/** A multipart upload as a browser form or `curl -F` sends it. */
function upload(
  app: App,
  fields: Record<string, string>,
  file?: { bytes: Uint8Array; name: string },
  headers: Record<string, string> = { origin },
) {
  const form = new FormData();
  if (file) form.append('file', new Blob([file.bytes]), file.name);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return app.request(`${origin}/api/imports`, { method: 'POST', body: form, headers });
}

async function json<T>(res: Response, status = 200): Promise<T> {
  const text = await res.text();
  assert.equal(res.status, status, text);
  assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
  return JSON.parse(text) as T;
}

async function peopleTotal(app: App): Promise<number> {
  return (await json<{ total: number }>(await app.request(`${origin}/api/people?limit=1&archived`))).total;
}

for (const dialect of dialects) {
  describe(`imports over HTTP on ${dialect}`, () => {
    let l: TestLedger;
    let app: App;
    before(async () => {
      l = await openTestLedger(dialect);
      app = appFor(l);
    });
    after(() => l.close());

    test('a multipart dry run previews the file and writes nothing', async () => {
      const r = await json<Report>(
        await upload(app, { dryRun: 'true' }, { bytes: linkedin, name: 'Connections.csv' }),
      );
      assert.equal(r.status, 'preview');
      assert.equal(r.run, null);
      assert.equal(r.fileName, 'Connections.csv');
      assert.equal(r.format, 'linkedin');
      assert.equal(r.counts.created, 4);
      assert.equal(r.counts.skipped, 1);
      assert.deepEqual(
        r.created.map((c) => c.name),
        ['José Muñoz García', 'Zoë Ångström', 'Ana Souza', 'Tomás O\u2019Brien'].map((n) =>
          n.replace('\u2019', "'"),
        ),
      );
      assert.equal(await peopleTotal(app), 0);
      const runs = await json<{ runs: unknown[] }>(await app.request(`${origin}/api/imports`));
      assert.deepEqual(runs.runs, []);
    });

    test('committing creates a run that can be listed, shown, re-imported without change, and undone', async () => {
      const r = await json<Report>(
        await upload(app, {}, { bytes: linkedin, name: 'Connections.csv' }, { 'x-fathom': '1' }),
      );
      assert.equal(r.status, 'committed');
      assert.equal(typeof r.run, 'number');
      assert.equal(await peopleTotal(app), 4);
      const shown = await json<{ id: number; fileName: string; status: string }>(
        await app.request(`${origin}/api/imports/${r.run}`),
      );
      assert.equal(shown.id, r.run);
      assert.equal(shown.fileName, 'Connections.csv');
      const listed = await json<{ runs: { id: number }[] }>(await app.request(`${origin}/api/imports`));
      assert.deepEqual(
        listed.runs.map((x) => x.id),
        [r.run],
      );

      const again = await json<Report>(await upload(app, {}, { bytes: linkedin, name: 'Connections.csv' }));
      assert.equal(again.counts.created, 0);
      assert.equal(again.counts.unchanged, 4);
      assert.equal(await peopleTotal(app), 4);

      const undone = await json<{ peopleRemoved: number }>(
        await app.request(`${origin}/api/imports/${r.run}/undo`, { method: 'POST', headers: { origin } }),
      );
      assert.equal(undone.peopleRemoved, 4);
      assert.equal(await peopleTotal(app), 0);
      const missing = await json<ErrorBody>(await app.request(`${origin}/api/imports/99999`), 404);
      assert.equal(missing.error.field, 'run');
    });

    test('the same import works as JSON with base64 content', async () => {
      const res = await app.request(`${origin}/api/imports`, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json' },
        body: JSON.stringify({ file: 'Connections.csv', content: linkedin.toString('base64'), dryRun: true }),
      });
      const r = await json<Report>(res);
      assert.equal(r.status, 'preview');
      assert.equal(r.counts.created, 4);
    });

    test('a file name alone never makes the server read one of its own files', async () => {
      const res = await app.request(`${origin}/api/imports`, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json' },
        body: JSON.stringify({ file: '/etc/passwd', dryRun: true }),
      });
      const e = await json<ErrorBody>(res, 400);
      assert.equal(e.error.field, 'content');
      const textOnly = await json<ErrorBody>(await upload(app, { file: '/etc/passwd', dryRun: 'true' }), 400);
      assert.equal(textOnly.error.field, 'file');
      assert.match(textOnly.error.message, /not uploaded/);
    });

    test('bad form fields are refused by name', async () => {
      const file = { bytes: linkedin, name: 'Connections.csv' };
      const format = await json<ErrorBody>(await upload(app, { format: 'myspace' }, file), 400);
      assert.equal(format.error.field, 'format');
      const unknown = await json<ErrorBody>(await upload(app, { dryrun: 'true' }, file), 400);
      assert.equal(unknown.error.field, 'dryrun');
      const flag = await json<ErrorBody>(await upload(app, { dryRun: 'perhaps' }, file), 400);
      assert.equal(flag.error.field, 'dryRun');
      const generic = await json<ErrorBody>(
        await upload(app, { format: 'generic-csv', mapping: 'email=Email Address' }, file),
        400,
      );
      assert.equal(generic.error.field, 'mapping');
      assert.equal(await peopleTotal(app), 0);
    });

    test('a plain multipart post without Origin or X-Fathom is refused', async () => {
      const e = await json<ErrorBody>(
        await upload(app, { dryRun: 'true' }, { bytes: linkedin, name: 'c.csv' }, {}),
        403,
      );
      assert.equal(e.error.field, 'X-Fathom');
    });

    test('uploads over the server limit are 413, and over the import size limit too', async () => {
      const small = appFor(l, { limits: { uploadBytes: 300 } });
      const e = await json<ErrorBody>(
        await upload(small, { dryRun: 'true' }, { bytes: linkedin, name: 'c.csv' }),
        413,
      );
      assert.equal(e.error.code, 'too_large');
      const capped = await json<ErrorBody>(
        await upload(app, { dryRun: 'true', maxSize: '100B' }, { bytes: linkedin, name: 'c.csv' }),
        413,
      );
      assert.equal(capped.error.field, 'file');
    });
  });
}
